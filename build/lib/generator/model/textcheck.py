"""Checks on the text of content: links inside text point somewhere, and names tell entities apart.

A link in a text field is checked where it is written, at ``file:line:col``, before any page is
built: a relative link (``buying-group-map.md``) would depend on which generated page shows the
text, so entities are linked by id (``[the map](method:buying-group-map)``), checked here with
did-you-mean; web links (http, https, mailto, tel) and anchors on the same page are fine; other
schemes and images are refused (see ``site/markdown.py`` for what rendering does with them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.content.document import Loc
from generator.errors import Problem, format_path, suggest
from generator.model.collections import COLLECTIONS, LINK_KINDS
from generator.model.text import name_key
from generator.model.textlinks import ID_LINK, WEB_SCHEMES, destinations, images, scheme
from generator.model.validated import Validated

ID_LINK_EXAMPLE = "[the map](method:buying-group-map)"


def iter_texts(part: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text value in ``part`` and its sub-parts, with where it is."""
    for name, info in type(part).model_fields.items():
        if name == "id":
            continue
        key = info.alias or name
        yield from _texts(getattr(part, name), (*loc, key))


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from iter_texts(value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def check_links(validated: Validated) -> list[Problem]:
    """Every link inside every text of the validated entities, against what exists."""
    problems: list[Problem] = []
    for collection, by_id in validated.entities.items():
        for entity in by_id.values():
            doc = validated.documents[(collection, entity.id)]
            for loc, text in iter_texts(entity):
                if "](" not in text and "]:" not in text and "![" not in text:
                    continue
                for offset, message in _link_problems(text, validated.known_ids):
                    pos = doc.text_position(loc, offset, text)
                    problems.append(Problem(doc.file, pos.line, pos.column, format_path(loc), message))
    return problems


def _link_problems(text: str, known: dict[str, set[str]]) -> Iterator[tuple[int, str]]:
    for at in images(text):
        yield at, "images are not shown from content text: put the picture on a hand-written page and link to it"
    for found in destinations(text):
        target = found.target
        kind = scheme(target)
        if kind in WEB_SCHEMES or target.startswith("#") or (found.image and kind is None):
            continue
        if kind in LINK_KINDS and (match := ID_LINK.fullmatch(target)):
            collection = LINK_KINDS[kind]
            if match.group("id") not in known.get(collection, set()):
                hint = suggest(match.group("id"), known.get(collection, set()))
                yield found.start, f"link to an unknown {kind} '{match.group('id')}'" + (f": {hint}" if hint else "")
            continue
        if kind is not None:
            kinds = ", ".join(sorted(LINK_KINDS))
            yield (
                found.start,
                f"'{kind}:' links are not allowed: link to a web page (https://…) or to an entity by id "
                f"({kinds}), like {ID_LINK_EXAMPLE}",
            )
            continue
        yield found.start, _relative_hint(target, known)


def _relative_hint(target: str, known: dict[str, set[str]]) -> str:
    """A relative link: say how to link the entity it probably means, by id."""
    stem = target.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".md").removesuffix(".html")
    by_id = [(COLLECTIONS[c].kind, i) for c, ids in sorted(known.items()) for i in sorted(ids) if i == stem]
    example = f"[…]({by_id[0][0]}:{by_id[0][1]})" if by_id else ID_LINK_EXAMPLE
    return (
        f"relative link '{target}': pages are generated, so a path would break on some of them; "
        f"link the entity by id instead, like {example}"
    )


def check_names(validated: Validated) -> list[Problem]:
    """Two entities of one collection whose names differ only in case, spacing or composition."""
    problems: list[Problem] = []
    for collection, by_id in validated.entities.items():
        seen: dict[str, str] = {}
        for entity in by_id.values():
            name = getattr(entity, "name", None)
            if not isinstance(name, str):
                continue
            key = name_key(name)
            doc = validated.documents[(collection, entity.id)]
            if key in seen:
                noun = COLLECTIONS[collection].kind
                problems.append(
                    doc.problem(
                        ("name",), f"the name '{name}' is also used by {seen[key]}: give each {noun} its own name"
                    )
                )
            else:
                seen[key] = doc.file
    return problems
