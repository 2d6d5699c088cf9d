"""Where the files the package brings live: the page templates and the site configuration.

In a checkout, and so in an editable install, they are the top-level ``templates/`` and
``site_config/`` folders, the one copy there is: edit a template and the next build (or the live
preview) uses it. A wheel carries the same folders inside the package, as ``generator/templates``
and ``generator/site_config`` (``pyproject.toml`` maps them there), so one lookup finds either.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def bundled(name: str) -> Path:
    """The package's folder ``name``: inside the installed package, else beside it in the checkout."""
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


TEMPLATES = bundled("templates")
SITE_CONFIG = bundled("site_config")
THEME_DIR = SITE_CONFIG / "theme"
