"""Links inside content text, found as Python-Markdown finds them.

Free-text fields may hold Markdown, and Markdown has three ways to point somewhere: inline links
``[text](target "title")``, reference links ``[text][label]`` with a definition ``[label]: target``,
and images ``![alt](source)``. This module finds all of them, so that validation can check each
target (``validate``) and rendering can rewrite it (``site/markdown.py``) with one reading of the
text. Code spans and fenced code are left alone: Markdown shows what is in them as written.

The reading errs on the side of finding too much: every ``](`` starts a destination, whether or
not Markdown would also see a link there, so nothing Markdown turns into a link goes unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Targets a link in content may have: web pages, mail and phone, an anchor on the same page, and
# an entity of the playbook by id (``stage:discovery``; see ``ID_LINK``).
WEB_SCHEMES = ("http", "https", "mailto", "tel")
ID_LINK = re.compile(r"(?P<kind>[a-z]+):(?P<id>[a-z0-9][a-z0-9-]*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# What a browser ignores in a URL (tabs and line breaks anywhere, controls and spaces in front).
_IGNORED = re.compile(r"[\t\n\r]")
_ESCAPABLE = set("\\`*_{}[]()>#+-.!|")
_DEFINITION = re.compile(
    r"^(?P<lead>[ ]{0,3})\[(?P<label>[^\[\]]*)\]:[ ]*(?:\n[ ]*)?(?P<target>[^\s]+)"
    r"(?P<title>[ ]*(?:\n[ ]*)?(?:([\"'])(?:.*)\5[ ]*|\((?:.*)\)[ ]*))?$",
    re.M,
)
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Destination:
    """Where a link points, and the span of text that says so.

    ``start``/``end`` cover the destination and its title: for an inline link, what is between the
    parentheses; for a definition, from the target to the end of the line. ``opening`` is the
    position of the ``[`` that starts the link text (-1 for a definition); ``image`` is True for
    ``![…](…)``.
    """

    start: int
    end: int
    target: str  # as Markdown reads it: escapes undone, surrounding space removed
    opening: int
    image: bool = False
    definition: bool = False


def unescape(text: str) -> str:
    """Markdown's backslash escapes undone (``\\(`` is ``(``); other backslashes stay."""
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in _ESCAPABLE else m.group(0), text)


def scheme(target: str) -> str | None:
    """The URL scheme a browser would see in ``target`` (lowercase), or None for a relative link."""
    cleaned = _IGNORED.sub("", target).lstrip("".join(chr(c) for c in range(0x21)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks and inline code, where Markdown shows text as written."""
    ranges: list[tuple[int, int]] = []
    position = 0
    fence: str | None = None
    start = 0
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, start = match.group(1), position
        elif fence is not None and match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            ranges.append((start, position + len(line)))
            fence = None
        position += len(line)
    if fence is not None:
        ranges.append((start, len(text)))
    for match in _CODE_SPAN.finditer(text):
        if not any(a <= match.start() < b for a, b in ranges):
            ranges.append(match.span())
    return sorted(ranges)


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in ranges)


def _escaped(text: str, position: int) -> bool:
    """Whether the character at ``position`` is escaped by an odd run of backslashes."""
    count = 0
    while position - count - 1 >= 0 and text[position - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def opening_bracket(text: str, closing: int) -> int:
    """The ``[`` that the ``]`` at ``closing`` closes, counting nested pairs; -1 if none."""
    depth = 0
    for i in range(closing, -1, -1):
        char = text[i]
        if char not in "[]" or _escaped(text, i):
            continue
        depth += 1 if char == "]" else -1
        if depth == 0:
            return i
    return -1


def _inline_end(text: str, start: int) -> int:
    """The index of the ``)`` closing the destination that starts at ``start`` (just after ``(``)."""
    depth = 1
    quote: str | None = None
    i = start
    stripped = text[start:].lstrip()
    if stripped.startswith("<"):  # [text](<target> "title")
        close = text.find(">", start)
        if close != -1:
            end = text.find(")", close)
            return end if end != -1 else len(text)
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and text[start:i].strip():
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def split_destination(inner: str) -> tuple[str, str]:
    """What is between the parentheses of an inline link → (target, title part), the target as
    written (escapes kept). Only a quoted title counts, as in Python-Markdown."""
    stripped = inner.strip()
    if stripped.startswith("<") and ">" in stripped:
        close = stripped.index(">")
        return stripped[1:close], stripped[close + 1 :]
    match = re.match(r"(.*?)\s+([\"'])(.*)\2\s*$", stripped, re.S)
    if match is None:
        return stripped, ""  # no title: spaces, if any, are part of the target
    return match.group(1), stripped[match.end(1) :]


def destinations(text: str) -> list[Destination]:
    """Every link destination in ``text``, in order: inline links, images, reference definitions."""
    code = code_ranges(text) if "`" in text or "~~~" in text else []
    found: list[Destination] = []
    position = 0
    while (at := text.find("](", position)) != -1:
        position = at + 2
        if _inside(at, code) or _escaped(text, at):
            continue
        end = _inline_end(text, at + 2)
        opening = opening_bracket(text, at)
        image = opening > 0 and text[opening - 1] == "!" and not _escaped(text, opening - 1)
        target, _ = split_destination(text[at + 2 : end])
        found.append(Destination(at + 2, end, unescape(target).strip(), opening, image))
    for match in _DEFINITION.finditer(text):
        if _inside(match.start(), code):
            continue
        found.append(
            Destination(
                match.start("target"),
                match.end(),
                unescape(match.group("target")),
                match.start("label") - 1,  # the `[` of `[label]:`
                definition=True,
            )
        )
    return sorted(found, key=lambda d: d.start)


def images(text: str) -> list[int]:
    """Positions of every ``![`` outside code: the start of an image, inline or by reference."""
    code = code_ranges(text) if "`" in text or "~~~" in text else []
    return [
        m.start() for m in re.finditer(r"!\[", text) if not _inside(m.start(), code) and not _escaped(text, m.start())
    ]
