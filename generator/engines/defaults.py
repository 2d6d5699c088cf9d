"""What the installed package brings to every playbook project that does not bring its own: the
theme override (the page's security policy), the playbook's stylesheet and script, all in
``site_config/theme/`` (see ``generator/bundled.py``).

A project overrides them by the same names: its own ``site_config/theme/`` folder (one file may
replace one of ours: ``main.html``, ``assets/playbook/playbook.css`` …), as its ``templates/``
folder overrides page templates one file at a time and a theme ``custom_dir`` overrides ``main.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.bundled import THEME_DIR

STYLESHEET = "assets/playbook/playbook.css"
SCRIPT = "assets/playbook/playbook.js"
ASSETS = (STYLESHEET, SCRIPT)
PROJECT_THEME = "site_config/theme"  # a project's own overrides, beside its mkdocs.yml


def _path(entry: Any) -> str:
    return str(getattr(entry, "path", entry) if not isinstance(entry, dict) else entry.get("path", ""))


def add_theme_dir(dirs: list[str], project_theme: Path | None = None) -> None:
    """Our override goes after the project's ``custom_dir`` (which may replace it) and before the
    theme; the project's own ``site_config/theme/``, when it has one, goes just before ours."""
    # MkDocs lists the custom_dir first, then the theme and the themes it extends.
    position = 1 if dirs and not Path(dirs[0], "mkdocs_theme.yml").is_file() else 0
    for theme_dir in (str(THEME_DIR), str(project_theme) if project_theme else None):
        if theme_dir and theme_dir not in dirs and Path(theme_dir).is_dir():
            dirs.insert(position, theme_dir)


def missing_assets(extra_css: list[Any], extra_javascript: list[Any]) -> tuple[bool, bool]:
    """Whether the stylesheet and the script still need to be listed in the configuration."""
    return (
        STYLESHEET not in {_path(e) for e in extra_css},
        SCRIPT not in {_path(e) for e in extra_javascript},
    )
