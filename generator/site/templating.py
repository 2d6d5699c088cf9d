"""The Jinja environment the page templates run in: every printed value through the content policy,
and the filters of ``filters.py``.

The templates come with the package (the top-level ``templates/`` folder of the checkout; see
``generator/bundled.py``); a project's own templates folder, when it has one, comes first, so it can
replace any page or partial and keep the rest.
"""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from generator.bundled import TEMPLATES as PACKAGE_TEMPLATES
from generator.site.filters import FILTERS, finalize


def make_environment(templates_dir: str) -> Environment:
    """A new environment over the project's templates (if any) and the package's, with our escaping
    and filters."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(templates_dir), FileSystemLoader(PACKAGE_TEMPLATES)]),
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown; ``finalize`` does the escaping
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def shown_template(templates_dir: Path, name: str) -> str:
    """A template as messages name it: the project's file, or the package's (its full path) when the
    project has none of that name."""
    if (templates_dir / name).is_file():
        return (Path(templates_dir.name) / name).as_posix()
    return (PACKAGE_TEMPLATES / name).as_posix()


@functools.lru_cache(maxsize=8)
def environment(templates_dir: str) -> Environment:
    """One environment per templates folder, kept between builds: a live-preview rebuild reuses the
    compiled templates (Jinja recompiles a template whose file changed)."""
    return make_environment(templates_dir)
