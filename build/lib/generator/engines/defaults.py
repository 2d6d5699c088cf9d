"""What the installed package brings to every playbook project that does not bring its own: the
theme override (the page's security policy), the playbook's stylesheet and script.

The page templates are the site layer's (``generator/site/templates``); a project's own
``templates/`` folder overrides them one file at a time, as its ``docs/`` overrides these assets and
a theme ``custom_dir`` overrides ``main.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET = "assets/playbook/playbook.css"
SCRIPT = "assets/playbook/playbook.js"
ASSETS = (STYLESHEET, SCRIPT)


def _path(entry: Any) -> str:
    return str(getattr(entry, "path", entry) if not isinstance(entry, dict) else entry.get("path", ""))


def add_theme_dir(dirs: list[str]) -> None:
    """Our override goes after the project's ``custom_dir`` (which may replace it) and before the theme."""
    theme_dir = str(THEME_DIR)
    if theme_dir in dirs:
        return
    # MkDocs lists the custom_dir first, then the theme and the themes it extends.
    position = 1 if dirs and not Path(dirs[0], "mkdocs_theme.yml").is_file() else 0
    dirs.insert(position, theme_dir)


def missing_assets(extra_css: list[Any], extra_javascript: list[Any]) -> tuple[bool, bool]:
    """Whether the stylesheet and the script still need to be listed in the configuration."""
    return (
        STYLESHEET not in {_path(e) for e in extra_css},
        SCRIPT not in {_path(e) for e in extra_javascript},
    )
