"""The filters templates use to print links, items with their conditions, table cells and badges.

What a filter returns as ``Markup`` is printed as it is, so each one escapes what comes from
content itself; everything else a template prints goes through the content policy (``finalize``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.model.lines import Line
from generator.model.views import Item, View
from generator.site.badges import badge, money, quantity
from generator.site.markdown import LinkResolver, content_markdown, escape_html, plain_text
from generator.site.rule_filters import day, line_marks, sources_list, table_cell
from generator.site.urls import relative_url
from generator.site.wording import in_words, plural, short


@pass_context
def finalize(context: Context, value: Any) -> Any:
    """Every value a template prints: content text goes through the content policy (``markdown.py``),
    with links by id resolved from the page being rendered; our own links (Markup) are left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        text = content_markdown(value, _resolver(context))
        shown = getattr(value, "shown_when", None)  # a line written with a condition: said beside it
        if shown is not None:
            text = Markup(f"{text} {badge(shown)}")
        return _with_marks(context, value, text) if isinstance(value, Line) else text
    return value


def _with_marks(context: Context, line: Line, text: str) -> Any:
    """A line's text with what it says beside it: exception, document, dates, earlier versions."""
    marks = line_marks(line, context.get("page_path", ""), lambda t: content_markdown(t, _resolver(context)))
    return Markup(f"{text} {marks}") if marks else text


def _resolver(context: Context) -> LinkResolver:
    pages: dict[tuple[str, str], str] = context.get("entity_pages") or {}
    here = context.get("page_path", "")

    def resolve(kind: str, entity_id: str) -> str | None:
        page = pages.get((kind, entity_id))
        return relative_url(here, page) if page is not None else None

    return resolve


@pass_context
def url(context: Context, target: View[Any] | str) -> str:
    page = target if isinstance(target, str) else target.page
    return relative_url(context["page_path"], page)


def label(text: str) -> str:
    """Link text: links and bold in it reduced to their words (content text, a matrix cell's action,
    shows as it reads on its page), raw HTML made inert; brackets that would end the link, braces
    that would open an attribute list and bars that would end a table cell escaped."""
    return re.sub(r"([\\[\]{}|*_`])", r"\\\1", escape_html(" ".join(plain_text(text).split())))


@pass_context
def link(context: Context, target: View[Any], text: str | None = None, anchor: str | None = None) -> Markup:
    """A Markdown link to an entity's page; ``anchor`` (built from ids only) points into the page."""
    fragment = f"#{anchor}" if anchor else ""
    return Markup(f"[{label(text if text is not None else target.title)}]({url(context, target)}{fragment})")


@pass_context
def links(context: Context, targets: Iterable[View[Any]], separator: str = ", ") -> Markup:
    return Markup(separator.join(link(context, t) for t in targets))


def cell(text: Any) -> str:
    """Text that fits in one Markdown table cell (a line keeps the condition it was written with)."""
    fitted = " ".join(str(text).split()).replace("|", "\\|")
    if isinstance(text, Line):  # keeps what it says beside it: condition, dates, exception…
        return text.copy(fitted)
    return fitted


def code(text: Any) -> Markup:
    """Text as a Markdown code span: shown exactly as written (and fit for a table cell)."""
    text = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return Markup(f"{fence}{padded}{fence}".replace("|", "\\|"))


@pass_context
def item(context: Context, entry: Item, *, one_line: bool = False) -> Markup:
    """A line of a list with its badge (the deals it applies to) and the element it confirms."""
    text = str(cell(entry.text)) if one_line else str(entry.text)  # plain: the badge comes below
    out = str(finalize(context, text))
    if entry.when is not None:
        out += " " + badge(entry.when)
    marks = line_marks(entry.text, context.get("page_path", ""), lambda t: content_markdown(t, _resolver(context)))
    if marks:
        out += " " + marks
    if entry.confirms is not None:
        element = entry.confirms
        target = url(context, element.framework) + f"#{element.framework.id}--{element.id}"
        out += f' <span class="playbook-confirms">[{label(element.label)}]({target})</span>'
    return Markup(out)


def todo(what: str) -> Markup:
    """Nothing: what is missing is the playbook team's business (the System health page and
    ``playbook check`` list it), never a note on a rep's page. Kept for a project's own templates."""
    return Markup("")


def ticks(criteria: Iterable[Item]) -> list[tuple[Item, Markup]]:
    """Each exit criterion with the key a rep's tick on it is kept under (in the browser): a hash of
    its text, not its place, so a criterion added above, moved or reworded is never shown as done.
    A second criterion of the same text gets a key of its own."""
    seen: dict[str, int] = {}
    out = []
    for entry in criteria:
        text = unicodedata.normalize("NFC", " ".join(str(entry.text).split()))
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
        seen[key] = seen.get(key, 0) + 1
        out.append((entry, Markup(key if seen[key] == 1 else f"{key}-{seen[key]}")))
    return out


@pass_context
def policy_cell(context: Context, value: Any, column: Any, currency: str) -> str:
    """A cell of a policy table, as its column's type says."""
    return table_cell(lambda view: url(context, view), value, column, currency)


def amount(value: float, currency: str) -> str:
    return money(value, currency)


FILTERS = {
    "url": url,
    "link": link,
    "links": links,
    "cell": cell,
    "code": code,
    "item": item,
    "quantity": quantity,
    "ticks": ticks,
    "badge": badge,
    "short": short,
    "first_clause": short,  # its former name, kept for a project's own templates
    "plural": plural,
    "in_words": in_words,
    "todo": todo,
    "money": amount,
    "sources": sources_list,
    "table_cell": policy_cell,
    "day": day,
}
