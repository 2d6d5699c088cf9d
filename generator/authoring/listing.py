"""``playbook list`` and ``playbook show``: the ids an editor needs, and an entity's links both ways.

Names and ids differ ("Site assessments with findings delivered" is ``site-assessments-completed``),
so the list gives every entity's id, name, file, owner and review date; ``show`` gives one entity
with what it refers to and what refers to it, whichever side wrote the link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.errors import format_path, printable, suggest
from generator.model.collections import COLLECTIONS, LINK_KINDS
from generator.model.references import iter_refs
from generator.model.textcheck import iter_texts
from generator.model.textlinks import ID_LINK, destinations
from generator.model.validated import Validated


class NotFound(Exception):
    """No entity has that id (or more than one does); the message says which to write."""


@dataclass(frozen=True)
class Listed:
    kind: str
    id: str
    name: str
    file: str
    owner: str | None
    review_by: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def listing(validated: Validated, kind: str | None = None) -> list[Listed]:
    """Every entity (of one kind), in collection then id order."""
    collections = [LINK_KINDS.get(kind, kind)] if kind else list(COLLECTIONS)
    unknown = [c for c in collections if c not in COLLECTIONS]
    if unknown:
        hint = suggest(kind or "", [*LINK_KINDS, *COLLECTIONS])
        raise NotFound(f"'{kind}' is not a kind of content" + (f": {hint}" if hint else ""))
    out = []
    for name in collections:
        for entity_id, entity in sorted(validated.entities[name].items()):
            review = entity.review_by.isoformat() if entity.review_by else None
            out.append(
                Listed(
                    COLLECTIONS[name].kind,
                    entity_id,
                    entity.title,
                    validated.documents[(name, entity_id)].file,
                    entity.owner,
                    review,
                )
            )
    return out


def format_listing(items: list[Listed]) -> str:
    """One line per entity, in columns; every cell escaped (``printable``) before it is measured."""
    if not items:
        return "No entities."
    rows = [[printable(i.kind), printable(i.id), printable(i.name), printable(i.file)] for i in items]
    widths = [max(len(row[n]) for row in rows) for n in range(4)]
    lines = []
    for i, row in zip(items, rows, strict=True):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        extra = " · ".join(x for x in (i.owner, f"review by {i.review_by}" if i.review_by else None) if x)
        lines.append("  ".join(cells) + (f"  {printable(extra)}" if extra else "").rstrip())
    return "\n".join(line.rstrip() for line in lines)


@dataclass
class Shown:
    kind: str
    id: str
    name: str
    file: str
    refers_to: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, where in this file)
    referred_by: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, where in that file)

    def as_dict(self) -> dict[str, Any]:
        def rows(links: list[tuple[str, str, str]]) -> list[dict[str, str]]:
            return [{"kind": k, "id": i, "where": w} for k, i, w in links]

        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "file": self.file,
            "refers_to": rows(self.refers_to),
            "referred_by": rows(self.referred_by),
        }


def _frameworks_of_elements(validated: Validated) -> dict[str, str]:
    """The framework each element reference names: ``meddicc.metrics`` and, when only one framework
    has it, the bare ``metrics``."""
    found: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    for framework_id, framework in validated.entities["qualification"].items():
        for element in getattr(framework, "elements", []):
            found[f"{framework_id}.{element.id}"] = framework_id
            bare.setdefault(element.id, []).append(framework_id)
    return found | {element_id: ids[0] for element_id, ids in bare.items() if len(ids) == 1}


def _links_of(entity: Any, elements: dict[str, str]) -> list[tuple[str, str, str]]:
    """(collection, id, where) of everything an entity names: fields that hold ids, an element it
    confirms (as its framework), links in text."""
    found = []
    for loc, target, ref in iter_refs(entity):
        if target in COLLECTIONS:
            found.append((target, ref, format_path(loc)))
        elif target == "elements" and ref in elements:
            element = ref.rpartition(".")[2]
            found.append(("qualification", elements[ref], f"{format_path(loc)}: {element}"))
    for loc, text in iter_texts(entity):
        for d in destinations(text) if "](" in text or "]:" in text else []:
            match = ID_LINK.fullmatch(d.target)
            if match and match.group("kind") in LINK_KINDS:
                found.append((LINK_KINDS[match.group("kind")], match.group("id"), f"{format_path(loc)} (a link)"))
    return found


def show(validated: Validated, wanted: str) -> Shown:
    """One entity, named by its id or ``kind:id``, with its links both ways."""
    kind, _, entity_id = wanted.rpartition(":") if ":" in wanted else ("", "", wanted)
    collections = [LINK_KINDS[kind]] if kind in LINK_KINDS else list(COLLECTIONS)
    matches = [(c, entity_id) for c in collections if entity_id in validated.entities[c]]
    if not matches:
        every = [i for c in collections for i in validated.entities[c]]
        hint = suggest(entity_id, every)
        raise NotFound(f"no entity has the id '{entity_id}'" + (f": {hint}" if hint else ""))
    if len(matches) > 1:
        choices = ", ".join(f"{COLLECTIONS[c].kind}:{i}" for c, i in matches)
        raise NotFound(f"more than one entity has the id '{entity_id}': write one of {choices}")
    collection, entity_id = matches[0]
    entity = validated.entities[collection][entity_id]
    shown = Shown(
        COLLECTIONS[collection].kind, entity_id, entity.title, validated.documents[(collection, entity_id)].file
    )
    elements = _frameworks_of_elements(validated)
    shown.refers_to = [(COLLECTIONS[c].kind, i, where) for c, i, where in _links_of(entity, elements)]
    for other, by_id in validated.entities.items():
        for other_id, other_entity in by_id.items():
            for c, i, where in _links_of(other_entity, elements):
                if (c, i) == (collection, entity_id):
                    shown.referred_by.append((COLLECTIONS[other].kind, other_id, where))
    return shown


def format_shown(shown: Shown) -> str:
    """The entity and its links, a line each; every line escaped (``printable``), so none can split."""
    lines = [f"{shown.kind} {shown.id}: {shown.name}", f"  file: {shown.file}", "  refers to:"]
    lines += [f"    {k} {i}  ({w})" for k, i, w in shown.refers_to] or ["    nothing"]
    lines.append("  referred to by:")
    lines += [f"    {k} {i}  ({w})" for k, i, w in shown.referred_by] or ["    nothing"]
    return "\n".join(printable(line) for line in lines)
