"""pydantic's validation errors in plain words, at the line and column of the offending key or value."""

from __future__ import annotations

import datetime
import difflib
import math
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
    errors = _one_union_member(doc.data, errors)
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


def _one_union_member(data: Any, errors: list[Any]) -> list[Any]:
    """The errors placed where they are in the file, for the member of a union the value was meant as.

    Where a field takes one of several kinds (a list of values, or a comparison), pydantic reports
    every member it tried and names the member in the location (``…source.Compare.over``), which is
    no key of the file. The member's name is taken out of the location, and when some members fit
    the value's shape (their errors are inside it), the others' "expected a list" are left out."""
    placed = []
    for error in errors:
        loc, tag = _placed(data, tuple(error["loc"]), error["type"])
        placed.append(({**error, "loc": loc}, tag))
    fitting = {(at, member) for error, (at, member) in ((e, t) for e, t in placed if t) if _inside(error, at)}
    tried = {at for at, _ in fitting}
    kept, first = [], {}
    for error, tag in placed:
        if tag is not None:
            at, member = tag
            if at in tried and (at, member) not in fitting:
                continue  # a member the value does not fit, where another one does
            if at not in tried and first.setdefault(at, member) != member:
                continue  # no member fits: one member's message says what the value should be
        kept.append(error)
    return kept


def _placed(data: Any, loc: Loc, kind: str) -> tuple[Loc, tuple[Loc, str] | None]:
    """``loc`` without the union member pydantic named in it, and (where, member) when it named one."""
    out: list[str | int] = []
    tag = None
    current = data
    for n, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif n == len(loc) - 1 and kind == "missing" or tag is not None or not isinstance(part, str):
            out.append(part)  # a field left out (or under one): the location stays as it is
            current = None
            continue
        else:
            tag = (tuple(out), part)  # the member's name: no key of the file
            continue
        out.append(part)
    return tuple(out), tag


def _inside(error: Any, at: Loc) -> bool:
    """Whether an error is about what the value holds (not that it is of another kind than a member)."""
    return len(error["loc"]) > len(at) or not error["type"].endswith("_type")


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
        return f"expected a whole number, got {_number_of(value, plain)}"
    if kind in ("number_type", "float_type", "float_parsing"):
        return f"expected a number, got {_number_of(value, plain)}"
    if kind == "finite_number":  # YAML's .inf, .nan
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


def _number_of(value: Any, plain: str | None) -> str:
    """What was written where a number belongs; YAML's ``.inf`` and ``.nan`` as they were typed."""
    if isinstance(value, float) and not math.isfinite(value):
        meaning = "not-a-number" if math.isnan(value) else "infinity" if value > 0 else "minus infinity"
        return f"{plain or value} (YAML reads it as {meaning})"
    return kind_of(value)


def id_hint(value: str) -> str:
    """How to fix an id: ids are file names, so paths and capitals would point at the wrong file."""
    if "/" in value or "\\" in value or ".." in value:
        name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].removesuffix(".yml").removesuffix(".yaml")
        example = name.lower() if re.match(ID_PATTERN, name.lower()) else "discovery-call"
        return f"an id is a file name without folder or extension, like '{example}'"
    if value != value.lower() and re.match(ID_PATTERN, value.lower()):
        return f"ids are lowercase: write '{value.lower()}'"
    return "use lowercase letters, digits and hyphens"
