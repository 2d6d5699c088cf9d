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

from generator.site.markdown import LinkResolver, close_fences, content_markdown, escape_html

if TYPE_CHECKING:
    from generator.model.views import View


@pass_context
def finalize(context: Context, value: Any) -> Any:
    """Every value a template prints: content text goes through the content policy (``markdown.py``),
    with links by id resolved from the page being rendered; our own links (Markup) are left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return content_markdown(value, _resolver(context))
    return value


def _resolver(context: Context) -> LinkResolver:
    pages: dict[tuple[str, str], str] = context.get("entity_pages") or {}
    here = context.get("page_path", "")

    def resolve(kind: str, entity_id: str) -> str | None:
        page = pages.get((kind, entity_id))
        return relative_url(here, page) if page is not None else None

    return resolve


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
    """Link text: raw HTML made inert; brackets that would end the link, braces that would open an
    attribute list and bars that would end a table cell escaped."""
    return re.sub(r"([\\[\]{}|])", r"\\\1", escape_html(text))


@pass_context
def _link(context: Context, target: View[Any], text: str | None = None, anchor: str | None = None) -> Markup:
    """A Markdown link to an entity's page; ``anchor`` (built from ids only) points into the page."""
    label = _label(text if text is not None else target.title)
    fragment = f"#{anchor}" if anchor else ""
    return Markup(f"[{label}]({_url(context, target)}{fragment})")


def _cell(text: str) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: Any) -> Markup:
    """Text as a Markdown code span: shown exactly as written (and fit for a table cell)."""
    text = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return Markup(f"{fence}{padded}{fence}".replace("|", "\\|"))


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
    env.filters.update(url=_url, link=_link, cell=_cell, code=_code, links=pass_context(_links))
    return env


@functools.lru_cache(maxsize=8)
def environment(templates_dir: str) -> Environment:
    """One environment per templates folder, kept between builds: a live-preview rebuild reuses the
    compiled templates (Jinja recompiles a template whose file changed)."""
    return make_environment(templates_dir)
