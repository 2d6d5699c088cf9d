"""How our own words around a team's text read: short forms that say they are short, counts with the
right noun, lists of parts in a sentence.

A short form (a matrix cell, an index line) never drops a clause silently: a text that fits is shown
whole; a longer one is cut at a word and ends in "…", and the full text is on the page it links to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sized
from typing import Any

from markupsafe import Markup

ELLIPSIS = "…"

# Pieces of Markdown a cut must not split: a link, a code span, a bold or an italic run.
_ATOMIC = re.compile(r"\[[^\]]*\]\([^)\s]*\)|`[^`]*`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|\S+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")


def _shown_length(piece: str) -> int:
    """About how many characters a piece of Markdown shows: a link its text, no markers."""
    return len(_LINK.sub(r"\1", piece).replace("**", "").replace("`", ""))


def short(text: Any, limit: int = 100) -> str:
    """``text`` on one line, whole when it shows ``limit`` characters or fewer; otherwise cut after
    the last whole word that fits, with "…" to say so. Links and code spans are never split."""
    text = " ".join(str(text).split())
    if _shown_length(text) <= limit:
        return text
    kept: list[str] = []
    length = 0
    for piece in _ATOMIC.findall(text):
        length += _shown_length(piece) + (1 if kept else 0)
        if length > limit - 1:
            break
        kept.append(piece)
    if not kept:  # one word longer than the limit: shown whole rather than cut inside it
        return text
    # A whole sentence that fills at least half the room reads better than a sentence cut short.
    ends = [i for i, piece in enumerate(kept) if piece.endswith((".", "!", "?"))]
    if ends and _shown_length(" ".join(kept[: ends[-1] + 1])) >= limit // 2:
        return " ".join(kept[: ends[-1] + 1]) + " " + ELLIPSIS
    return " ".join(kept).rstrip(",;:(—–-· ") + ELLIPSIS


def plural(count: float | Sized | Iterable[Any], noun: str, nouns: str | None = None) -> str:
    """``"1 criterion"``, ``"3 criteria"``, ``"0 errors"``: the noun in the plural unless the count is 1.
    ``count`` is a number or a collection (its length); ``nouns`` is the plural, by default noun + s."""
    if not isinstance(count, (int, float)):
        count = len(count) if isinstance(count, Sized) else len(list(count))
    number = str(count) if isinstance(count, int) else f"{count:g}"
    return f"{number} {noun if count == 1 else (nouns or noun + 's')}"


def in_words(parts: Iterable[Any], last: str = "and") -> Markup:
    """``"a, b and c"``: the parts that are there (empty ones left out) as a run in a sentence.

    For our own words and links (Markup, kept as they are); any other part is HTML-escaped, so it is
    not the way to print a team's text (``finalize`` is)."""
    shown = [p for p in parts if p]
    if len(shown) <= 1:
        return Markup("").join(shown)
    return Markup("{} {} {}").format(Markup(", ").join(shown[:-1]), last, shown[-1])
