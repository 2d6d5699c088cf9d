"""The Jinja environment the page templates run in: escaping, filters, and how it is made.

Kept apart from ``render.py`` (which needs the models) so that the helper process compiling the
templates (``precompile.py``) starts with Jinja alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

if TYPE_CHECKING:
    from .resolve import View


def escape_html(text: str) -> str:
    """Make raw HTML in content inert while leaving Markdown syntax alone."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


_FENCE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})")


def close_fences(text: str) -> str:
    """Close a code fence that a content value opens and never closes.

    Left open, the fence would turn the rest of the page, template text included, into one code
    block; closed at the end of the value, the damage stays inside the value.
    """
    if "```" not in text and "~~~" not in text:  # most values: no fence at all
        return text
    opened: tuple[str, str] | None = None  # (indent, fence) of the open fence
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match is None:
            continue
        indent, fence = match.groups()
        if opened is None:
            opened = (indent, fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not line[match.end() :].strip():
            opened = None
    if opened is None:
        return text
    return f"{text.rstrip()}\n{opened[0]}{opened[1]}" + ("\n" if text.endswith("\n") else "")


def finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):  # our own links are Markup
        return close_fences(escape_html(value))
    return value


@functools.lru_cache(maxsize=1 << 16)
def relative_url(from_page: str, to_page: str) -> str:
    """A Markdown link target from one page to another, relative like MkDocs expects.

    Same result as ``posixpath.relpath(to_page, dirname(from_page))`` for our clean relative page
    paths, without relpath's two ``abspath`` calls: a large playbook makes tens of thousands of links.
    """
    from_dir = from_page.split("/")[:-1]
    to = to_page.split("/")
    common = 0
    while common < len(from_dir) and common < len(to) - 1 and from_dir[common] == to[common]:
        common += 1
    return "/".join([".."] * (len(from_dir) - common) + to[common:])


@pass_context
def _url(context: Context, target: View[Any] | str) -> str:
    page = target if isinstance(target, str) else target.page
    return relative_url(context["page_path"], page)


@functools.lru_cache(maxsize=1 << 14)
def _label(text: str) -> str:
    """Link text: raw HTML made inert, and brackets that would end the link escaped."""
    return escape_html(text).replace("[", "\\[").replace("]", "\\]")


@pass_context
def _link(context: Context, target: View[Any], text: str | None = None, anchor: str | None = None) -> Markup:
    """A Markdown link to an entity's page; ``anchor`` (built from ids only) points into the page."""
    label = _label(text if text is not None else target.title)
    fragment = f"#{anchor}" if anchor else ""
    return Markup(f"[{label}]({_url(context, target)}{fragment})")


def _cell(text: str) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _links(context: Context, targets: Iterable[View[Any]], separator: str = ", ") -> Markup:
    return Markup(separator.join(_link(context, t) for t in targets))


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
    env.filters.update(url=_url, link=_link, cell=_cell, links=pass_context(_links))
    return env


@functools.lru_cache(maxsize=8)
def environment(templates_dir: str) -> Environment:
    """One environment per templates folder, kept between builds: a live-preview rebuild reuses the
    compiled templates (Jinja recompiles a template whose file changed)."""
    return make_environment(templates_dir)
