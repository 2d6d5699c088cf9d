"""What a line says beside its text (the exception that waives it, the document it is done in, the
dates it holds, the lines it replaced), policy table cells, and an entity's sources.

Every piece of content printed here goes through ``render_text`` (the content policy) or is escaped;
a source's web address was checked when it was read (http or https, nothing that could end a link).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from generator.model.lines import Line
from generator.model.view import View
from generator.site.badges import SYMBOLS
from generator.site.markdown import escape_html
from generator.site.urls import relative_url

Render = Callable[[str], str]


def day(value: datetime.date) -> str:
    """``2026-04-01`` → ``1 April 2026``."""
    return f"{value.day} {value:%B %Y}"


def _label(text: str) -> str:
    """Link text: raw HTML inert, and nothing that would end the link or open an attribute list."""
    return re.sub(r"([\\[\]{}|*_`])", r"\\\1", escape_html(" ".join(text.split())))


def _link(here: str, text: str, page: str, anchor: str = "") -> str:
    target = relative_url(here, page) + (f"#{anchor}" if anchor else "")
    return f"[{_label(text)}]({target})"


def dates_of(line: Any) -> str:
    """When a line holds, in words: "from 1 July 2027", "since 1 April 2026", "until 31 March 2027"."""
    parts = []
    if line.valid_from is not None:
        parts.append(("from " if line.coming else "since ") + day(line.valid_from))
    if line.valid_until is not None:
        parts.append("until " + day(line.valid_until))
    return ", ".join(parts)


def line_marks(line: Line, here: str, render_text: Render) -> str:
    """Markup to print after a line's text: its exception, document, dates and earlier versions."""
    out = []
    exception = line.shown_unless
    if exception is not None:
        link = _link(here, exception.name, exception.strategy.page, exception.anchor)
        out.append(f'<span class="playbook-unless">unless {link}</span>')
    document = line.shown_document
    if document is not None:
        out.append(f'<span class="playbook-document">in the {_link(here, document.title, document.page)}</span>')
    dates = dates_of(line)
    if dates:
        out.append(f'<span class="playbook-dates">({dates})</span>')
    if line.earlier:
        shown = "; ".join(
            f"{dates_of(old) + ': ' if dates_of(old) else ''}{render_text(' '.join(str(old).split()))}"
            for old in line.earlier
        )
        out.append(f'<details class="playbook-earlier"><summary>Earlier</summary>{shown}</details>')
    return " ".join(out)


def table_cell(context_url: Callable[[View[Any]], str], value: Any, column: Any, currency: str) -> str:
    """One cell of a policy table, as its column's type says: a number, money, a
    percentage, a link to a role or stage (ours: Markup), or text (the content policy's to print)."""
    if value is None:
        return ""
    if isinstance(value, View):
        return Markup(f"[{_label(value.title)}]({context_url(value)})")
    if column.type in ("number", "amount", "percent") and isinstance(value, (int, float)):
        number = f"{value:,g}" if abs(value) < 1e15 else f"{value:g}"
        if column.type == "percent":
            return Markup(f"{number} %")
        if column.type == "amount":
            code = (column.currency or currency).upper()
            symbol = SYMBOLS.get(code)
            return Markup(f"{symbol}{number}" if symbol else f"{_label(code)} {number}")
        return Markup(number)  # the unit is in the column's heading
    return " ".join(str(value).split()).replace("|", "\\|")


def sources_list(sources: list[Any]) -> Markup:
    """An entity's sources as discreet text: a title, linked when it has an address, and a note."""
    shown = []
    for source in sources:
        title = _label(source.title)
        if source.url:
            title = f'<a href="{html.escape(source.url, quote=True)}" rel="nofollow noopener">{title}</a>'
        note = f" ({_label(source.note)})" if source.note else ""
        shown.append(f"{title}{note}")
    return Markup("; ".join(shown))
