"""Kinds of text in content: free text (may hold Markdown), and names and other one-line fields.

A name is shown in titles, navigation, links and table cells, so it must be one line, and not blank
once trimmed — a name of only spaces or of a zero-width space would make an empty title or an
invisible link. Names are stored in Unicode's composed form (NFC), so ``Café`` typed on two systems
is one name (and two entities of a collection whose names only differ so are reported by
``validate``).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

# Characters that show nothing: controls, format characters (zero-width space, joiners, the
# byte-order mark), separators and combining marks on their own, and a few blank letters.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")


def is_blank(text: str) -> bool:
    """True when ``text`` would show nothing at all."""
    return all(c.isspace() or c in _BLANK_LETTERS or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in text)


def _not_blank(value: str) -> str:
    if is_blank(value):
        raise PydanticCustomError("blank", "must not be blank: it holds only spaces or invisible characters")
    return value


def _one_line(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    _not_blank(value)
    if any(c in _LINE_BREAKS for c in value):
        raise PydanticCustomError("one_line", "must be one line: remove the line break")
    return value


def name_key(name: str) -> str:
    """What two names must differ in to be told apart: composed form, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# Free text. May hold Markdown (and links by id). Must not be empty or blank.
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]
# A name or another one-line field: one line, trimmed, not blank, NFC.
Name = Annotated[str, StringConstraints(min_length=1), AfterValidator(_one_line)]
