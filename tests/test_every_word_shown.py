"""Every word a team writes reaches a reader: each text value of 12 characters or more in the
content of the sample and of every example is on some page of its internal edition (issue 19,
"Done when"). Links and bold in a value are read as their words, whitespace as single spaces.

Ids and web addresses are not words: an id is shown as the name of what it names, an address as
the link it is (the field-coverage test checks those fields change their page).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.site.markdown import plain_text

from .built_sites import FIELD_PLAYBOOK, pages_of, project_root, projects

LEAST = 12
ID = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
ADDRESS = re.compile(r"(?:https?|mailto|tel):\S+")


def texts(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) of every string in a YAML value, keys of mappings left out."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts(item, f"{where}[{i}]")


_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+", re.MULTILINE)


def words(text: str) -> str:
    """A value as a reader reads it: links, bold and italics as their words, list items without
    their markers, whitespace as single spaces."""
    return " ".join(_LIST_ITEM.sub("", _ITALIC.sub(r"\1", plain_text(text))).split())


def written(root: Path) -> list[tuple[str, str]]:
    """(file:where, words) of each text value worth looking for in a project's content."""
    content = root / "content"
    out = []
    for path in sorted(content.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in texts(data):
            said = words(text)
            if len(said) < LEAST or ID.fullmatch(said) or ADDRESS.fullmatch(said):
                continue
            out.append((f"{path.relative_to(root).as_posix()}: {where}", said))
    return out


@functools.cache
def shown(project: str) -> str:
    return "\n".join(page.text for page in pages_of(project))


@pytest.mark.parametrize("project", [p for p in projects() if p != FIELD_PLAYBOOK])
def test_every_text_value_is_on_some_page(project: str) -> None:
    site = shown(project)
    missing = [f"{where}: {said!r}" for where, said in written(project_root(project)) if said not in site]
    assert not missing, f"{len(missing)} text values are on no page:\n" + "\n".join(missing[:60])


def test_words_reads_a_value_as_a_reader_does() -> None:
    assert words("Ask the [waste questions](method:waste-questions)\n  **before** the *first* visit.") == (
        "Ask the waste questions before the first visit."
    )
    assert words("Record it:\n- which criterion;\n- why.\n2 * 3 is 6") == "Record it: which criterion; why. 2 * 3 is 6"
    assert [w for w, _ in texts({"a": ["x", {"b": "y"}]})] == ["a[0]", "a[1].b"]
