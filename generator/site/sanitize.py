"""Make the HTML of generated pages safe to publish, whatever the content files say.

``render.py`` already escapes ``<`` in content, so raw HTML cannot reach a page. Markdown itself
still can produce dangerous HTML: ``[terms](javascript:…)`` is a link, ``![x](data:…)`` an image,
and the ``attr_list`` extension turns ``{: onclick="…" }`` into an event handler. So the rendered
HTML of every generated page goes through an allow-list sanitizer (nh3, the Rust ``ammonia``
library): it keeps what our templates and Markdown extensions produce — headings with permalinks,
tables, lists, task-list checkboxes, details, admonitions, code, links and images — and drops
everything else: script and style elements, event handlers, ``javascript:`` and ``data:`` URLs.

An allow-list, not a block-list: a tag or attribute nobody thought of is removed, not let through.
"""

from __future__ import annotations

import re

import nh3

from generator.site.markdown import safe_id

# Elements that Python-Markdown, our extensions (tables, admonition, def_list, toc, tasklist,
# details, superfences, md_in_html) and our templates emit.
TAGS = {
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}

# Attributes allowed on every element: styling hooks and accessibility, never behaviour. No
# `title`: Material's tooltips put a title into the page as HTML, so content never sets one.
COMMON = {"class", "id", "lang", "dir", "aria-label", "aria-hidden", "aria-describedby"}
# Hooks for our own scripts and for search, written by templates only: content cannot write any
# attribute but a class or an id (site/markdown.py), and data attributes do nothing by themselves.
COMMON |= {
    "data-search-exclude",
    "data-role",
    "data-roles",
    "data-checklist",
    "data-tick",
    "data-good-fit",
    "data-factor",
    "data-points",
    "data-grade-at-least",
    "data-condition",
}

ATTRIBUTES = {
    "*": COMMON,
    "a": COMMON | {"href", "rel"},  # rel: a source links out as "nofollow noopener"
    "img": COMMON | {"src", "alt", "width", "height", "loading"},
    "input": COMMON | {"disabled", "checked"},  # `type` is restricted to checkboxes below
    "details": COMMON | {"open"},
    "ol": COMMON | {"start", "reversed"},
    "li": COMMON | {"value"},
    "td": COMMON | {"colspan", "rowspan", "style"},
    "th": COMMON | {"colspan", "rowspan", "style", "scope"},
    "col": COMMON | {"span"},
}

# Task lists render `<input type="checkbox" disabled>`; no other kind of input belongs in a page.
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}

# Only web and mail links; relative links (to other pages of the site) are kept as they are.
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Python-Markdown aligns table columns with `style="text-align: …"`: the only style allowed.
STYLE_PROPERTIES = {"text-align"}


def _attribute(element: str, attribute: str, value: str) -> str | None:
    # An id such as `__config` would take the place of the theme's configuration element.
    return safe_id(value) if attribute == "id" else value


_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "template", "noscript"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    tag_attribute_values=ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    filter_style_properties=STYLE_PROPERTIES,
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """The page body with everything outside the allow-list removed."""
    return _cleaner.clean(html)


_TAG = re.compile(r"""<[a-zA-Z](?:[^<>"']|"[^"]*"|'[^']*')*>""")
_RESERVED_ID = re.compile(r"""(\sid\s*=\s*["']?)__""", re.I)


_TITLE = re.compile(r"""\stitle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def _fix_tag(tag: re.Match[str]) -> str:
    return _TITLE.sub("", _RESERVED_ID.sub(r"\1id__", tag.group(0)))


def safe_page_body(html: str) -> str:
    """Any page body, hand-written ones too: ids the theme uses (``__config``…) renamed, and no
    ``title`` attribute (Material's tooltips would put it into the page as HTML)."""
    if "__" not in html and "title" not in html.lower():
        return html
    return _TAG.sub(_fix_tag, html)
