"""Turn loaded documents into typed entities, and check every reference between them.

pydantic does the type checking; this module translates its errors into sentences an enablement
editor can act on, placed at the exact line and column of the offending key or value.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from .document import Document, Loc
from .errors import Problem, format_path, suggest
from .load import kind_of
from .models import COLLECTIONS, ID_PATTERN, Entity, Metric, Ref, Stage

SINGULAR = {
    "personas": "persona",
    "roles": "role",
    "stages": "stage",
    "methods": "method",
    "metrics": "metric",
    "coaching": "coaching script",
}


@dataclass
class Validated:
    """Every entity that validated, by collection and id, in file order."""

    entities: dict[str, dict[str, Entity]]
    documents: dict[tuple[str, str], Document]
    # Every id that has a file, valid or not: a broken file is reported once, not again by every
    # reference to it.
    known_ids: dict[str, set[str]]

    def document(self, entity: Entity) -> Document:
        return self.documents[(collection_of(entity), entity.id)]


def collection_of(entity: Entity) -> str:
    for name, collection in COLLECTIONS.items():
        if type(entity) is collection.model:
            return name
    raise TypeError(type(entity).__name__)


def validate_documents(docs: list[Document]) -> tuple[Validated, list[Problem]]:
    """Validate every readable document, then check references across all of them."""
    problems: list[Problem] = []
    entities: dict[str, dict[str, Entity]] = {name: {} for name in COLLECTIONS}
    documents: dict[tuple[str, str], Document] = {}
    for doc in docs:
        if doc.data is None:
            continue
        model = COLLECTIONS[doc.collection].model
        if "id" in doc.data:
            problems.append(doc.problem(("id",), "remove 'id': the id is the file name", key=True))
            continue
        try:
            entity = model.model_validate(doc.data)
        except ValidationError as exc:
            problems += _problems(doc, model, exc.errors())
            continue
        entity.id = doc.id
        entities[doc.collection][doc.id] = entity
        documents[(doc.collection, doc.id)] = doc
    known_ids: dict[str, set[str]] = {name: set() for name in COLLECTIONS}
    for doc in docs:
        known_ids[doc.collection].add(doc.id)
    validated = Validated(entities, documents, known_ids)
    problems += check_references(validated)
    problems += check_stage_order(validated)
    problems += check_metric_cycles(validated)
    return validated, problems


# --- references -------------------------------------------------------------------------------


def _ref_target(annotation: Any, metadata: list[Any]) -> tuple[str, bool] | None:
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
        (name, info.alias or name, _ref_target(info.annotation, info.metadata))
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
                noun = SINGULAR[target]
                hint = suggest(ref_id, known, many=True)
                if not known:
                    hint = f"there are no {target} yet: add content/{target}/{ref_id}.yml"
                problems.append(doc.problem(loc, f"unknown {noun} '{ref_id}'" + (f"; {hint}" if hint else "")))
    return problems


def check_stage_order(validated: Validated) -> list[Problem]:
    problems = []
    first: dict[int, str] = {}
    stages = cast("dict[str, Stage]", validated.entities["stages"])
    for stage in stages.values():
        order = stage.order
        doc = validated.document(stage)
        if order in first:
            problems.append(
                doc.problem(("order",), f"order {order} is also used by {first[order]}: each stage needs its own")
            )
        else:
            first[order] = doc.file
    return problems


def check_metric_cycles(validated: Validated) -> list[Problem]:
    """A metric may not drive itself, directly or through others."""
    metrics = cast("dict[str, Metric]", validated.entities["metrics"])
    problems = []
    for metric_id, metric in metrics.items():
        # Depth-first search from each metric; report a cycle on the metric where it starts.
        stack = [(d, [metric_id, d]) for d in metric.drives]
        seen: set[str] = set()
        while stack:
            current, path = stack.pop()
            if current == metric_id:
                doc = validated.document(metric)
                problems.append(doc.problem(("drives",), "metric drives itself: " + " → ".join(path)))
                break
            if current in seen or current not in metrics:
                continue
            seen.add(current)
            stack += [(d, [*path, d]) for d in metrics[current].drives]
    return problems


# --- pydantic errors in plain words -----------------------------------------------------------


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Names of the fields allowed at ``loc`` (for 'did you mean'), following sub-models."""
    current = _model_at(model, loc)
    return [f.alias or n for n, f in current.model_fields.items() if n != "id"] if current is not None else []


def _description_at(model: type[BaseModel], loc: Loc) -> str:
    """The hover help of the field at ``loc``, so a "missing" message says what to write."""
    parent = _model_at(model, loc[:-1])
    if parent is None:
        return ""
    info = next((f for n, f in parent.model_fields.items() if (f.alias or n) == loc[-1]), None)
    return (info.description or "") if info is not None else ""


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if info is None:
            return None
        current = info.annotation
        while typing.get_origin(current) in (list, typing.Union) or hasattr(current, "__origin__"):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if not args:
                break
            current = args[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _problems(doc: Document, model: type[BaseModel], errors: list[Any]) -> list[Problem]:
    """One problem per pydantic error, except a "missing" field that a misspelt key already explains."""
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            for name in difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1, cutoff=0.6):
                misspelt.add((*loc[:-1], name))
    return [
        _problem(doc, model, error)
        for error in errors
        if not (error["type"] == "missing" and tuple(error["loc"]) in misspelt)
    ]


def _problem(doc: Document, model: type[BaseModel], error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    where = format_path(loc)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = suggest(str(loc[-1]), allowed)
        message = f"unknown field '{loc[-1]}'" + (f": {hint}" if hint else f"; allowed here: {', '.join(allowed)}")
        return doc.problem(loc, message, key=True)
    if kind == "missing":
        meaning = _description_at(model, loc)
        fix = f": add '{loc[-1]}:' ({meaning[:1].lower()}{meaning[1:].rstrip('.')})" if meaning else ""
        return doc.problem(loc[:-1], f"required field '{loc[-1]}' is missing{fix}", where=where)
    return doc.problem(loc, _message(doc, loc, kind, value, ctx, error["msg"]))


def _message(doc: Document, loc: Loc, kind: str, value: Any, ctx: dict[str, Any], fallback: str) -> str:
    plain = doc.plain_scalars.get(loc)
    if kind == "string_type":
        if plain is not None:
            return f'expected text, but YAML reads {plain} as {kind_of(value)}: put it in quotes: "{plain}"'
        if value is None:
            return "expected text, got nothing: write the text after the ':'"
        return f"expected text, got {kind_of(value)}"
    if kind == "list_type":
        if isinstance(value, str):
            return "expected a list, got a single text: put each item on its own line, starting with '- '"
        return f"expected a list, got {kind_of(value)}: put each item on its own line, starting with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected fields (name: value), got {kind_of(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {kind_of(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date written as YYYY-MM-DD, got {kind_of(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''}"
    if kind == "too_long":
        limit = ctx.get("max_length")
        return f"has {ctx.get('actual_length')} items; at most {limit} allowed"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        written = plain if plain is not None else value  # `no` as typed, not YAML's False
        hint = suggest(str(written), [e.strip(" '") for e in expected.replace(" or ", ",").split(",")])
        reads = f" (YAML reads it as {kind_of(value)})" if plain is not None else ""
        return f"'{written}' is not allowed here{reads}; use one of {expected}" + (f" ({hint})" if hint else "")
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id: " + id_hint(str(value))
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if isinstance(value, datetime.date):
        return f"expected text, got a date ({value}): put it in quotes"
    return fallback


def id_hint(value: str) -> str:
    """How to fix an id: ids are file names, so paths and capitals would point at the wrong file."""
    if "/" in value or "\\" in value or ".." in value:
        name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].removesuffix(".yml").removesuffix(".yaml")
        example = name.lower() if re.match(ID_PATTERN, name.lower()) else "discovery-call"
        return f"an id is a file name without folder or extension, like '{example}'"
    if value != value.lower() and re.match(ID_PATTERN, value.lower()):
        return f"ids are lowercase: write '{value.lower()}'"
    return "use lowercase letters, digits and hyphens"
