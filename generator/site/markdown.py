"""What Markdown a content string may become: one policy for the site, the preview and the export.

Content is data. Every text value a template prints goes through :func:`content_markdown` (as the
Jinja environment's ``finalize``, ``templating.py``), which keeps what Markdown offers a writer —
emphasis, lists, tables, headings, links — and makes everything else inert *in the Markdown itself*,
so that the exported Markdown is as safe as the built site, where an HTML sanitizer also runs:

* raw HTML is escaped (``<`` and ``&``), so no tag or entity is written by content;
* a link keeps its text and target but loses its title (themes show titles as HTML);
* a link to an entity by id (``[the map](method:buying-group-map)``) becomes a link to its page from
  the page being rendered, or plain text where the edition leaves that page out;
* a link with any other scheme than http, https, mailto or tel, and every image, is shown as the
  text that was written, never followed or fetched;
* attribute lists (``{: .note }``) keep classes and ids only, and ids the theme uses are renamed;
* a code fence left open is closed at the end of the value.

Validation refuses most of this with a located message first (``model/validate.py``); what is done
here holds even for text that never went through validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.model.collections import LINK_KINDS
from generator.model.textlinks import (
    ID_LINK,
    WEB_SCHEMES,
    Destination,
    code_ranges,
    destinations,
    images,
    scheme,
    split_destination,
)

# Given an id link's kind and id: the URL from the current page, or None to show the text unlinked.
LinkResolver = Callable[[str, str], str | None]

# Material's own elements all have ids starting with two underscores (__config, __search, ...).
RESERVED_ID_PREFIX = "__"
_ATTR_LIST = re.compile(r"\{:?[ \t]*(?P<body>[^{}\n]*)\}")
_SAFE_NAME = re.compile(r"[A-Za-z][\w-]*")
_FENCE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})")


def escape_html(text: str) -> str:
    """Make raw HTML in content inert while leaving Markdown syntax alone."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def safe_id(value: str) -> str:
    """An element id that cannot take the place of one of the theme's: ``__config`` → ``id__config``."""
    return "id" + value if value.startswith(RESERVED_ID_PREFIX) else value


def content_markdown(text: str, resolve: LinkResolver | None = None) -> str:
    """``text`` from a content file as Markdown that can only be text, links and formatting."""
    text = escape_html(text)
    if "](" in text or "]:" in text:
        text = _links(text, resolve)
    if "![" in text:
        for at in reversed(images(text)):
            text = text[: at + 1] + "\\" + text[at + 1 :]  # `!\[`: shown as written, never fetched
    if "{" in text:
        text = _braces(text)
    return close_fences(text)


def _links(text: str, resolve: LinkResolver | None) -> str:
    unlinked: set[str] = set()  # labels of reference definitions whose page the edition leaves out
    for found in reversed(destinations(text)):
        target = found.target
        kind = scheme(target)
        id_link = ID_LINK.fullmatch(target) if kind in LINK_KINDS else None
        if id_link is not None:
            url = resolve(id_link.group("kind"), id_link.group("id")) if resolve else None
            if url is None:  # the edition leaves the page out: keep the link's text, drop the link
                text, label = drop_link(text, found)
                if label is not None:
                    unlinked.add(label)
                continue
            target = url
        elif kind is not None and kind not in WEB_SCHEMES:
            # Not a web link: shown as the text that was written.
            if found.definition:
                text = text[: found.opening] + "\\" + text[found.opening :]  # `\\[label]:` is text
            else:
                text = text[: found.start - 1] + "\\" + text[found.start - 1 :]
            continue
        else:
            target, _ = split_destination(text[found.start : found.end])  # as written, escapes kept
        # The title is dropped: themes put it into the page as HTML (Material's tooltips).
        if found.definition:
            text = text[: found.start] + target + text[found.end :]
        else:
            text = text[: found.start] + target.replace(" ", "%20") + text[found.end :]
    return without_references(text, unlinked) if unlinked else text


def drop_link(text: str, found: Destination) -> tuple[str, str | None]:
    """``text`` with the link at ``found`` reduced to its words; for a reference definition, the
    definition removed and its label returned (its uses are then made text by ``without_references``)."""
    if found.definition:
        label = text[found.opening + 1 : text.index("]:", found.opening)]
        line_end = text.find("\n", found.end)
        return text[: found.opening] + text[line_end + 1 if line_end != -1 else len(text) :], _label_key(label)
    if found.opening < 0 or found.image:
        return text, None
    return text[: found.opening] + text[found.opening + 1 : found.start - 2] + text[found.end + 1 :], None


_REFERENCE_USE = re.compile(r"(?<![\\!])\[((?:\\.|[^\]\\])*)\](?:[ ]?\[((?:\\.|[^\]\\])*)\])?(?!\()")


def _label_key(label: str) -> str:
    return " ".join(label.lower().split())


def without_references(text: str, labels: set[str]) -> str:
    """Uses of these reference labels (``[text][label]``, ``[label][]``, ``[label]``) as plain text."""

    def plain(match: re.Match[str]) -> str:
        label = match.group(2) or match.group(1)
        return match.group(1) if _label_key(label) in labels else match.group(0)

    return _REFERENCE_USE.sub(plain, text)


def _braces(text: str) -> str:
    """Attribute lists with classes and ids only; every other ``{`` escaped, so that nothing in
    content, complete or not, can open an attribute list (Markdown shows ``\\{`` as ``{``)."""
    code = code_ranges(text) if "`" in text or "~~~" in text else []
    out: list[str] = []
    position = 0
    while (at := text.find("{", position)) != -1:
        out.append(text[position:at])
        position = at + 1
        if any(a <= at < b for a, b in code):
            out.append("{")
            continue
        group = _ATTR_LIST.match(text, at)
        kept = _classes_and_ids(group.group("body")) if group else None
        if group is None or kept is None:
            out.append("\\{")
            continue
        out.append("{: " + " ".join(kept) + " }" if kept else group.group(0))
        position = group.end()
    out.append(text[position:])
    return "".join(out)


def _classes_and_ids(body: str) -> list[str] | None:
    """The ``.class`` and ``#id`` tokens of an attribute list (ids made safe); None if it has others."""
    kept = []
    for token in body.split():
        if token[:1] not in ".#" or not _SAFE_NAME.fullmatch(token[1:].lstrip("_")):
            return None
        kept.append(token[0] + safe_id(token[1:]) if token[0] == "#" else token)
    return kept


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


_INLINE_LINK = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
# What can start Markdown inside a line: emphasis, code, links, attribute lists, table cells.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]|])")


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def plain_text(text: str) -> str:
    """Text with Markdown links and images reduced to their words and bold markers dropped, for
    quoting a value or for the words of a link (a link holds no other link, and its text is escaped)."""
    if "](" in text:
        text = _INLINE_LINK.sub(lambda m: m.group(1), text)
    return _BOLD.sub(r"\1", text) if "**" in text else text


def literal(text: str) -> str:
    """``text`` shown as written inside a line: raw HTML inert, Markdown's inline characters escaped."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", escape_html(text))
