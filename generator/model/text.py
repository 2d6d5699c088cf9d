"""Kinds of text in content: free text (may hold Markdown), and names and other one-line fields.

A name is shown in titles, navigation, links, table cells and the terminal (``playbook list``), so
it must be one line, and not blank once trimmed — a name of only spaces or of a zero-width space
would make an empty title or an invisible link. Names are stored in Unicode's composed form (NFC),
so ``Café`` typed on two systems is one name (and two entities of a collection whose names only
differ so are reported by ``validate``).

No text holds a control character: YAML's escapes (``"\\e]0;title\\a"``, ``"\\x1b[2J"``) can
write one, and a terminal that prints it obeys it — it retitles, clears or recolours the window,
or writes the clipboard. Text keeps its tabs and line breaks; a one-line field takes neither, nor a
bidirectional override or isolate, which would show the name in another order than it is stored.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from generator.errors import printable

# Characters that show nothing: controls, format characters (zero-width space, joiners, the
# byte-order mark), separators and combining marks on their own, and a few blank letters.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
# C0 controls but the tab and the line feed, DEL, and the C1 controls (U+0080–U+009F).
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# In a one-line field, also the tab, and the bidirectional embeddings, overrides and isolates.
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def is_blank(text: str) -> bool:
    """True when ``text`` would show nothing at all."""
    return all(c.isspace() or c in _BLANK_LETTERS or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in text)


def _not_blank(value: str) -> str:
    if is_blank(value):
        raise PydanticCustomError("blank", "must not be blank: it holds only spaces or invisible characters")
    return value


def _refuse(found: re.Match[str]) -> PydanticCustomError:
    char = found.group()
    shown = printable(char)
    if char == "\t":
        return PydanticCustomError("control_character", "must not hold a tab (\\x09): write a space instead")
    if "\u202a" <= char <= "\u2069":
        return PydanticCustomError(
            "control_character",
            "must not hold the bidirectional control {char}: remove it (it shows the text in another order)",
            {"char": shown},
        )
    return PydanticCustomError(
        "control_character",
        "must not hold the control character {char}: remove it (a terminal would obey it, as a command)",
        {"char": shown},
    )


def plain_text(value: str) -> str:
    """Free text: not blank, and no control character but tabs and line breaks."""
    if found := _TEXT_CONTROLS.search(value):
        raise _refuse(found)
    return _not_blank(value)


def _one_line(value: str) -> str:
    """A one-line field: composed (NFC), trimmed, no line break, no control character, not blank."""
    value = unicodedata.normalize("NFC", value).strip()
    if any(c in _LINE_BREAKS for c in value):
        raise PydanticCustomError("one_line", "must be one line: remove the line break")
    if found := _LINE_CONTROLS.search(value):
        raise _refuse(found)
    return _not_blank(value)


def name_key(name: str) -> str:
    """What two names must differ in to be told apart: composed form, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# Free text. May hold Markdown (and links by id). Must not be empty or blank.
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(plain_text)]
# A name or another one-line field (a label, an owner, a unit): one line, trimmed, not blank, NFC.
Name = Annotated[str, StringConstraints(min_length=1), AfterValidator(_one_line)]
