"""The content-model reference: every field of every collection, nested ones as dotted paths.

Walked from the pydantic models themselves (``COLLECTIONS``), so a field added to a model is in
the reference, on the site's *Content model* page, in ``docs/content-model.md`` and in the
field-coverage test the day it is added. Paths read as an editor writes them: ``levels[].name``
(each item of a list), ``thresholds.*.amount`` (each entry of a mapping), ``exit_criteria[].when``
(a line written as fields).
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.base import Ref
from generator.model.collections import COLLECTIONS, PARTS
from generator.model.lines import Line
from generator.model.shown import shown_on

Container = Literal["one", "list", "map"]


@dataclass(frozen=True)
class ModelField:
    """One field of a model, with what a reader, a writer of examples and a test need to know."""

    path: str  # from the collection's top: "levels[].description"
    key: str  # as written in YAML: "continue", "from"
    info: FieldInfo
    value_type: Any  # the type of one value: None, lists and mappings taken off
    container: Container
    required: bool
    ref: str | None  # the collection (or part: segments, thresholds …) whose ids it holds
    part: type[BaseModel] | None  # the model of a value that has fields of its own
    is_line: bool  # a line of text that may also be written as fields
    recursive: bool = False  # a part of the same model as one it is inside (a condition's `all:`)

    @property
    def prefix(self) -> str:
        """How the paths of this field's own fields begin."""
        return self.path + {"one": ".", "list": "[].", "map": ".*."}[self.container]

    @property
    def expands(self) -> bool:
        """Whether the reference lists this field's own fields after it."""
        return self.part is not None and not self.recursive

    @property
    def description(self) -> str:
        return self.info.description or ""

    @property
    def example(self) -> Any:
        return self.info.examples[0] if self.info.examples else None

    @property
    def kind(self) -> str:
        """The field's type in an editor's words."""
        one = _kind_of(self.value_type, self.info.metadata, self.ref)
        if self.container == "list":
            return f"list; each item: {one}"
        if self.container == "map":
            return f"mapping of ids to {one}"
        return one


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _ref_in(annotation: Any, metadata: list[Any]) -> str | None:
    for item in [*metadata, *getattr(annotation, "__metadata__", ())]:
        if isinstance(item, Ref):
            return item.collection
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    base = typing.get_origin(annotation) or annotation
    if isinstance(base, type) and issubclass(base, Line):
        return base.FIELDS
    if isinstance(base, type) and issubclass(base, BaseModel):
        return base
    return None


def _bare(annotation: Any) -> Any:
    """The type without its constraints: ``Annotated[int | float, …]`` → ``int | float``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def own_fields(model: type[BaseModel], prefix: str = "", inside: tuple[type[BaseModel], ...] = ()) -> list[ModelField]:
    """The fields of ``model`` itself, in the order the model declares them (the id left out).
    ``inside``: the models this one is a part of, so that a model holding itself is seen."""
    out = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue  # not written in a file (an entity's id is its file name)
        annotation = _strip_optional(info.annotation)
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        container: Container = "one"
        ref = _ref_in(annotation, info.metadata)
        if origin is list:
            container, annotation = "list", args[0]
            ref = ref or _ref_in(annotation, [])
        elif origin is dict:
            container, annotation = "map", args[1]
            ref = ref or _ref_in(annotation, [])
        value_type = annotation
        base = typing.get_origin(value_type) or value_type
        part = _model_of(value_type)
        out.append(
            ModelField(
                path=prefix + (info.alias or name),
                key=info.alias or name,
                info=info,
                value_type=value_type,
                container=container,
                required=info.is_required(),
                ref=ref,
                part=part,
                is_line=isinstance(base, type) and issubclass(base, Line),
                recursive=part is not None and part in (*inside, model),
            )
        )
    return out


def all_fields(model: type[BaseModel], prefix: str = "", inside: tuple[type[BaseModel], ...] = ()) -> list[ModelField]:
    """Every field of ``model`` and of its parts, depth first, as dotted paths. A part that holds
    its own model again (a condition's ``all:``) is listed once, not expanded again."""
    out = []
    for f in own_fields(model, prefix, inside):
        out.append(f)
        if f.part is not None and not f.recursive:
            out += all_fields(f.part, f.prefix, (*inside, model))
    return out


def _kind_of(annotation: Any, metadata: list[Any], ref: str | None) -> str:
    if ref is not None:
        noun = PARTS.get(ref) or COLLECTIONS[ref].noun
        return f"id of a {noun}"
    constraints = [*metadata, *getattr(annotation, "__metadata__", ())]
    annotation = _bare(annotation)
    base = typing.get_origin(annotation) or annotation
    if base is Literal:
        return "one of " + ", ".join(f"`{v}`" for v in typing.get_args(annotation))
    if isinstance(base, type) and issubclass(base, Line):
        return "text, or the fields below"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "the fields below"
    if base in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        if set(args) <= {int, float}:
            return "number"
        return " or ".join(_kind_of(a, [], None) for a in args)
    if base is list:
        return "list; each item: " + _kind_of(typing.get_args(annotation)[0], [], None)
    if base is bool:
        return "yes or no (`true`, `false`)"
    if base is int:
        return "whole number"
    if base is float:
        return "number"
    if base is datetime.date:
        return "date (YYYY-MM-DD)"
    if any(getattr(c, "pattern", None) for c in constraints):
        return "id (lower case, digits and hyphens)"
    if any(getattr(getattr(c, "func", None), "__name__", "") == "_one_line" for c in constraints):
        return "one line of text"
    return "text"


def example_text(value: Any) -> str:
    """An example as it would be written in YAML (dates unquoted)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date) or (isinstance(value, str) and _looks_like_date(value)):
        return str(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False)
    return text.strip().removesuffix("...").strip()


def _looks_like_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class FieldEntry:
    """One row of the reference."""

    path: str
    kind: str
    required: bool
    description: str
    example: str
    shown: str  # which page shows it, or why no page does


@dataclass(frozen=True)
class CollectionEntry:
    name: str
    where: str
    summary: str
    fields: tuple[FieldEntry, ...]


@functools.cache
def reference() -> tuple[CollectionEntry, ...]:
    """Every collection and every field, nested ones included. Cached: the models do not change
    while a process runs."""
    out = []
    for name, collection in COLLECTIONS.items():
        rows = tuple(
            FieldEntry(
                f.path,
                f.kind,
                f.required,
                f.description,
                example_text(f.example),
                shown_on(name, f.path),
            )
            for f in all_fields(collection.model)
        )
        summary = " ".join((collection.model.__doc__ or "").split())
        out.append(CollectionEntry(name, f"content/{collection.path}", summary, rows))
    return tuple(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def reference_markdown() -> str:
    """The reference as Markdown, for ``docs/content-model.md``."""
    lines = []
    for c in reference():
        lines += [f"### {c.name}", "", f"{c.summary} Files: `{c.where}`.", ""]
        lines += [
            "| Field | Kind | Required | What it holds | Example | Shown on |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for f in c.fields:
            example = _code(_cell(f.example)) if f.example else ""
            lines.append(
                f"| `{f.path}` | {_cell(f.kind)} | {'yes' if f.required else 'no'} | {_cell(f.description)} "
                f"| {example} | {_cell(f.shown)} |"
            )
        lines.append("")
    return "\n".join(lines)
