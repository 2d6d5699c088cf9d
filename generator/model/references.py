"""References between entities: which fields hold ids of other entities, and whether each exists."""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.content.document import Loc
from generator.errors import Problem, suggest
from generator.model import Ref
from generator.model.collections import COLLECTIONS
from generator.model.validated import Validated


def ref_target(annotation: Any, metadata: list[Any]) -> tuple[str, bool] | None:
    """(collection, is_list) if a field holds a reference or a list of references."""
    for item in metadata:
        if isinstance(item, Ref):
            return item.collection, False
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        for item in getattr(inner, "__metadata__", ()):
            if isinstance(item, Ref):
                return item.collection, True
    return None


@functools.cache
def _field_plan(model: type[BaseModel]) -> tuple[tuple[str, str, tuple[str, bool] | None], ...]:
    """(attribute, key as written, reference target) for each field; worked out once per model class."""
    return tuple(
        (name, info.alias or name, ref_target(info.annotation, info.metadata))
        for name, info in model.model_fields.items()
    )


def iter_refs(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """Every reference in ``model``: (location, target collection, id)."""
    for name, key, target in _field_plan(type(model)):
        value = getattr(model, name)
        if target is not None:
            collection, is_list = target
            if is_list:
                for i, item in enumerate(value):
                    yield (*loc, key, i), collection, item
            elif value is not None:
                yield (*loc, key), collection, value
        elif isinstance(value, BaseModel):
            yield from iter_refs(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_refs(item, (*loc, key, i))


def check_references(validated: Validated) -> list[Problem]:
    problems = []
    for collection, by_id in validated.entities.items():
        for entity in by_id.values():
            doc = validated.documents[(collection, entity.id)]
            for loc, target, ref_id in iter_refs(entity):
                known = validated.known_ids[target]
                if ref_id in known:
                    continue
                noun = COLLECTIONS[target].kind
                hint = suggest(ref_id, known, many=True)
                if not known:
                    hint = f"there are no {target} yet: add content/{target}/{ref_id}.yml"
                problems.append(doc.problem(loc, f"unknown {noun} '{ref_id}'" + (f"; {hint}" if hint else "")))
    return problems
