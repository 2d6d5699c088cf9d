"""References: which fields hold ids of something else, and whether each names something that exists.

A reference names an entity (``stages``, ``methods``…) or a named part of one: a segment or a
threshold of strategy.yml, an element of a qualification framework (``meddicc.economic-buyer``).
Every reference is checked wherever it is written, with the closest valid ids as a hint.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.content.document import Loc
from generator.errors import Problem, suggest
from generator.model.base import Ref
from generator.model.collections import COLLECTIONS, PARTS
from generator.model.lines import Line
from generator.model.validated import Validated

Shape = str  # "one", "list" or "keys" (the keys of a mapping)


def ref_target(annotation: Any, metadata: list[Any]) -> tuple[str, Shape] | None:
    """(collection, shape) if a field holds references: one, a list of them, or mapping keys."""
    for item in metadata:
        if isinstance(item, Ref):
            return item.collection, "one"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        for arg in args:
            found = _ref_of(arg)
            if found:
                return found, "one"
            if typing.get_origin(arg) is list and (found := _ref_of(typing.get_args(arg)[0])):
                return found, "list"  # a list of ids, or fields (a range): see iter_refs
    if origin is list and args and (found := _ref_of(args[0])):
        return found, "list"
    if origin is dict and args and (found := _ref_of(args[0])):
        return found, "keys"
    return None


def _ref_of(annotation: Any) -> str | None:
    for item in getattr(annotation, "__metadata__", ()):
        if isinstance(item, Ref):
            return item.collection
    return None


@functools.cache
def field_plan(model: type[BaseModel]) -> tuple[tuple[str, str, tuple[str, Shape] | None], ...]:
    """(attribute, key as written, reference target) for each field; worked out once per model class."""
    return tuple(
        (name, info.alias or name, ref_target(info.annotation, info.metadata))
        for name, info in model.model_fields.items()
    )


def iter_refs(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """Every reference in ``model`` and its parts: (location, target collection, id)."""
    for name, key, target in field_plan(type(model)):
        value = getattr(model, name)
        if target is not None and not isinstance(value, BaseModel):
            collection, shape = target
            if shape == "list":
                for i, item in enumerate(value):
                    yield (*loc, key, i), collection, item
            elif shape == "keys":
                for item in value:
                    yield (*loc, key, item), collection, item
            elif value is not None:
                yield (*loc, key), collection, value
        else:
            yield from _refs_in(value, (*loc, key))


def _refs_in(value: Any, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    if isinstance(value, BaseModel):
        yield from iter_refs(value, loc)
    elif isinstance(value, Line):  # a line written as fields: its condition and the element it confirms
        if value.when is not None:
            yield from iter_refs(value.when, (*loc, "when"))
        if value.confirms is not None:
            yield (*loc, "confirms"), "elements", value.confirms
        if value.document is not None:
            yield (*loc, "document"), "documents", value.document
        if value.unless is not None:
            yield (*loc, "unless"), "exceptions", value.unless
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _refs_in(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _refs_in(item, (*loc, key))


def known_parts(validated: Validated) -> dict[str, set[str]]:
    """The ids that references to parts may name: segments, thresholds, qualification elements."""
    strategy = validated.entities["strategy"].get("strategy")
    elements: set[str] = set()
    bare: dict[str, int] = {}
    for framework in validated.entities["qualification"].values():
        for element in getattr(framework, "elements", []):
            elements.add(f"{framework.id}.{element.id}")
            bare[element.id] = bare.get(element.id, 0) + 1
    elements |= {element_id for element_id, count in bare.items() if count == 1}
    return {
        "segments": {s.id for s in getattr(strategy, "segments", [])},
        "thresholds": set(getattr(strategy, "thresholds", {})),
        "attributes": set(getattr(strategy, "attributes", {})),
        "exceptions": set(getattr(strategy, "exceptions", {})),
        "elements": elements,
    }


def check_references(validated: Validated) -> list[Problem]:
    """Every reference names something that exists (a transition's targets: see ``processes``)."""
    parts = known_parts(validated)
    problems = []
    for collection, by_id in validated.entities.items():
        for entity in by_id.values():
            doc = validated.documents[(collection, entity.id)]
            for loc, target, ref_id in iter_refs(entity):
                if target == "steps":
                    continue  # local to its process
                known = parts[target] if target in parts else validated.known_ids[target]
                if ref_id in known:
                    continue
                problems.append(doc.problem(loc, _unknown(target, ref_id, known), key=loc[-1] == ref_id))
    return problems


def _unknown(target: str, ref_id: str, known: set[str]) -> str:
    noun = PARTS[target] if target in PARTS else COLLECTIONS[target].noun
    hint = suggest(ref_id, known, many=True)
    if not known:
        if target in ("segments", "thresholds", "attributes", "exceptions"):
            hint = f"there are no {target} yet: add them under '{target}' in content/strategy.yml"
        elif target == "elements":
            hint = "there is no qualification framework yet: add one in content/qualification/"
        else:
            hint = f"there are no {COLLECTIONS[target].noun}s yet: add content/{target}/{ref_id}.yml"
    elif target == "elements" and "." not in ref_id:
        hint = (
            "write it as framework.element, like "
            + sorted(k for k in known if "." in k)[0]
            + (f" ({hint})" if hint else "")
        )
    return f"unknown {noun} '{ref_id}'" + (f"; {hint}" if hint else "")
