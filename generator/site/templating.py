"""The Jinja environment the page templates run in: every printed value through the content policy,
and the filters of ``filters.py``."""

from __future__ import annotations

import functools

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.site.filters import FILTERS, finalize


def make_environment(templates_dir: str) -> Environment:
    """A new environment over the templates folder, with our escaping and filters."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown; ``finalize`` does the escaping
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


@functools.lru_cache(maxsize=8)
def environment(templates_dir: str) -> Environment:
    """One environment per templates folder, kept between builds: a live-preview rebuild reuses the
    compiled templates (Jinja recompiles a template whose file changed)."""
    return make_environment(templates_dir)
