"""Editions: the full playbook for the sales team, and a public edition with internal material removed.

An entity (a whole content file) or one item of a list inside it (an activity, a principle, a coaching
question…) can be marked ``visibility: internal``. The public edition is made *before* resolving:
internal entities are dropped, internal items are dropped, and references to dropped entities are
removed from the lists that name them. Everything after that (back-links, navigation, matrices, tags,
the search index, the sitemap) is derived from what is left, so internal material cannot leak
through a derived view that someone forgot to filter.

Markdown links written inside content or hand-written pages that point at a withheld page keep
their text and lose the link (:func:`unlink`), so a public page never links to a missing one.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from generator.model import Entity
from generator.model.lines import Line
from generator.model.references import ref_target
from generator.model.resolve import Playbook, resolve
from generator.model.textlinks import destinations, scheme
from generator.model.validate import Validated
from generator.site.markdown import drop_link, without_references

EDITIONS = ("internal", "public")
DEFAULT_EDITION = "internal"


def is_internal(item: Any) -> bool:
    """True for an entity, a list item or a line marked ``visibility: internal``."""
    return getattr(item, "visibility", "public") == "internal"


def edition_of(playbook: Playbook, validated: Validated, edition: str) -> tuple[Playbook, set[str]]:
    """The playbook this edition shows, and the paths of the pages the full playbook has but it leaves out."""
    if edition != "public":
        return playbook, set()
    return resolve(public_edition(validated)), withheld_pages(playbook)


def public_edition(validated: Validated, also_hidden: Iterable[tuple[str, str]] = ()) -> Validated:
    """A copy of the validated playbook with everything internal left out, ready to resolve.

    ``also_hidden`` names more entities, as (collection, id), to leave out as if they were internal:
    the history uses it to keep what is internal *now* out of older revisions too.
    """
    hidden = {
        collection: {i for i, entity in by_id.items() if is_internal(entity)}
        for collection, by_id in validated.entities.items()
    }
    for collection, entity_id in also_hidden:  # also ids whose files were not read
        hidden.setdefault(collection, set()).add(entity_id)
    hidden |= _hidden_parts(validated, hidden)
    entities: dict[str, dict[str, Entity]] = {}
    for collection, by_id in validated.entities.items():
        entities[collection] = {}
        for entity_id, entity in by_id.items():
            if entity_id in hidden[collection]:
                continue
            kept = _without_internal(entity, hidden)
            # An entity has no required single reference, so it is never dropped as a whole here.
            assert isinstance(kept, Entity)
            entities[collection][entity_id] = kept
    documents = {key: doc for key, doc in validated.documents.items() if key[1] in entities[key[0]]}
    known_ids = {collection: set(by_id) for collection, by_id in entities.items()}
    # replace() keeps any other field Validated may gain, so an edition is never missing one.
    return dataclasses.replace(validated, entities=entities, documents=documents, known_ids=known_ids)


def _hidden_parts(validated: Validated, hidden: dict[str, set[str]]) -> dict[str, set[str]]:
    """Parts of entities that references may name and that the public edition leaves out."""
    strategy = validated.entities["strategy"].get("strategy")
    segments = {s.id for s in getattr(strategy, "segments", []) if is_internal(s)}
    elements: set[str] = set()
    for framework in validated.entities["qualification"].values():
        for element in getattr(framework, "elements", []):
            if is_internal(element) or framework.id in hidden["qualification"]:
                elements |= {f"{framework.id}.{element.id}", element.id}
    outcomes = {o.id for p in validated.entities["processes"].values() for o in getattr(p, "outcomes", [])
                if is_internal(o)}
    return {"segments": segments, "elements": elements, "thresholds": set(), "steps": hidden["stages"] | outcomes}


def _without_internal(part: BaseModel, hidden: dict[str, set[str]]) -> BaseModel | None:
    """``part`` without internal items or references to hidden things; None if it is about one.

    A part whose required reference points at something hidden (a stage activity of an internal
    role) is about it, so it is dropped from its list; an optional one (``reports_to``) is cleared.
    """
    update: dict[str, Any] = {}
    # A part may say which of its references it is about (an activity: its role or roles): when every
    # one of them that is set points at something hidden, the part goes, like one with a required one.
    named: list[bool] = []  # for each reference the part is about: whether it is hidden
    for name in getattr(type(part), "ABOUT", ()):
        info, value = type(part).model_fields[name], getattr(part, name)
        target = ref_target(info.annotation, info.metadata)
        gone = hidden.get(target[0], set()) if target else set()
        named += [ref in gone for ref in (value if isinstance(value, list) else [value]) if ref is not None]
    if named and all(named):
        return None
    for name, info in type(part).model_fields.items():
        value = getattr(part, name)
        target = ref_target(info.annotation, info.metadata)
        if target is not None:
            collection, shape = target
            gone = hidden.get(collection, set())
            if shape == "list":
                update[name] = [ref for ref in value if ref not in gone]
            elif shape == "keys":
                update[name] = {k: v for k, v in value.items() if k not in gone}
            elif value is not None and value in gone:
                if info.is_required():
                    return None
                update[name] = None
        else:
            kept = _kept(value, hidden)
            if kept is _DROPPED:
                return None
            update[name] = kept
    return part.model_copy(update=update)


_DROPPED = object()


def _kept(value: Any, hidden: dict[str, set[str]]) -> Any:
    """What is left of a field's value in the public edition (``_DROPPED``: the part goes too)."""
    if isinstance(value, BaseModel):
        kept = _without_internal(value, hidden)
        return _DROPPED if kept is None else kept
    if isinstance(value, Line):
        when = _without_internal(value.when, hidden) if value.when is not None else None
        confirms = value.confirms if value.confirms not in hidden["elements"] else None
        document = value.document if value.document not in hidden.get("documents", set()) else None
        return value.copy(when=when, confirms=confirms, document=document)
    if isinstance(value, list):
        items = []
        for item in value:
            if is_internal(item):
                continue
            kept = _kept(item, hidden)
            if kept is not _DROPPED:
                items.append(kept)
        return items
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            kept = _kept(item, hidden)
            if kept is not _DROPPED and not is_internal(item):
                out[key] = kept
        return out
    return value


def withheld_pages(playbook: Playbook) -> set[str]:
    """Paths of the pages that the full playbook has for internal entities, of every collection.

    Derived from the playbook's views (one per entity of each collection in ``COLLECTIONS``) and the
    pages each view names, so a collection added to the model is withheld without a line here.
    """
    withheld: set[str] = set()
    for _, view in playbook.views():
        if is_internal(view.entity):
            # An entity's page, and any other page it owns (a process's "who does what" matrix).
            withheld |= {getattr(view, name) for name in ("page", "matrix_page") if getattr(view, name, "")}
    return withheld


def _withheld_target(target: str, page_path: str, withheld: set[str]) -> bool:
    """Whether a link target written on ``page_path`` points at a withheld page."""
    target = target.split("#", 1)[0]
    if not target or scheme(target) is not None or target.startswith("/"):
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))
    # "../close/" names close.md (or close/index.md) as MkDocs' directory URLs do.
    candidates = {resolved, resolved.rstrip("/") + ".md", posixpath.join(resolved, "index.md")}
    return bool(candidates & withheld)


def unlink(markdown: str, page_path: str, withheld: set[str]) -> str:
    """Links from ``page_path`` to withheld pages turned into their plain text: inline links, and
    reference links with the definition they use (which is removed)."""
    if not withheld or "](" not in markdown and "]:" not in markdown:
        return markdown
    hidden: set[str] = set()
    for found in reversed(destinations(markdown)):
        if _withheld_target(found.target, page_path, withheld):
            markdown, label = drop_link(markdown, found)
            if label is not None:
                hidden.add(label)
    return without_references(markdown, hidden) if hidden else markdown


def prune_nav(nav: list[Any], withheld: set[str]) -> list[Any]:
    """A mkdocs.yml-style navigation without entries for withheld pages (and sections left empty)."""
    kept: list[Any] = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in withheld:
                kept.append(entry)
        elif isinstance(entry, dict):
            pruned = {}
            for title, value in entry.items():
                if isinstance(value, list):
                    children = prune_nav(value, withheld)
                    if children:
                        pruned[title] = children
                elif value not in withheld:
                    pruned[title] = value
            if pruned:
                kept.append(pruned)
        else:
            kept.append(entry)
    return kept
