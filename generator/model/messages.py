"""pydantic's validation errors in plain words, at the line and column of the offending key or value."""

from __future__ import annotations

import datetime
import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel

from generator.content.document import Document, Loc
from generator.content.load import kind_of
from generator.errors import Problem, format_path, suggest
from generator.model import ID_PATTERN


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
        while typing.get_origin(current) in (list, dict, typing.Union) or hasattr(current, "__origin__"):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if not args:
                break
            current = args[-1] if typing.get_origin(current) is dict else args[0]
        current = getattr(current, "FIELDS", current)  # a line written as fields
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def problems_of(doc: Document, model: type[BaseModel], errors: list[Any]) -> list[Problem]:
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
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {kind_of(value)}"
    if kind == "finite_number":
        return "expected a finite number, like 20"
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
        return f"must be at least {_number(ctx.get('ge'))}"
    if kind == "less_than_equal":
        return f"must be at most {_number(ctx.get('le'))}"
    if isinstance(value, datetime.date):
        return f"expected text, got a date ({value}): put it in quotes"
    return fallback


def _number(value: Any) -> Any:
    """A bound as an editor wrote it: 100, not 100.0."""
    return f"{value:g}" if isinstance(value, float) else value


def id_hint(value: str) -> str:
    """How to fix an id: ids are file names, so paths and capitals would point at the wrong file."""
    if "/" in value or "\\" in value or ".." in value:
        name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].removesuffix(".yml").removesuffix(".yaml")
        example = name.lower() if re.match(ID_PATTERN, name.lower()) else "discovery-call"
        return f"an id is a file name without folder or extension, like '{example}'"
    if value != value.lower() and re.match(ID_PATTERN, value.lower()):
        return f"ids are lowercase: write '{value.lower()}'"
    return "use lowercase letters, digits and hyphens"
