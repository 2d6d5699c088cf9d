"""``playbook new KIND ID``: start a content file that already validates, with hover help as comments.

The file is built from the model: every required field gets a value (the field's example, or for a
reference the id of an entity that exists in the playbook, so that the new file passes ``playbook
validate`` straight away), every optional field is shown commented out, and each field carries its
description as a comment. The editor then replaces the values with real ones.
"""

from __future__ import annotations

import datetime
import re
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.document import Document
from generator.content.load import parse_document
from generator.errors import suggest
from generator.model import COLLECTIONS, ID_PATTERN, Collection, Ref
from generator.model.schema import schema_line

# What an editor may type for KIND: the collection name or its singular.
KINDS: dict[str, str] = {name: name for name in COLLECTIONS} | {
    "persona": "personas",
    "role": "roles",
    "stage": "stages",
    "method": "methods",
    "metric": "metrics",
    "coaching-script": "coaching",
    "script": "coaching",
}
# Fields whose references should name a lead or a lag metric, to keep the health check quiet.
METRIC_KIND = {
    "focus_metrics": "lead",
    "moves": "lead",
    "lag_metrics": "lag",
    "compensated_on": "lag",
    "drives": "lag",
    "measured_by": "lead",
}
SKIPPED = {"id", "visibility"}
_SINGULAR = ["philosophy", "strategy", "persona", "role", "stage", "method", "metric", "coaching"]


class ScaffoldError(Exception):
    """The file cannot be created; the message says why and what to do instead."""


def _ref_of(info: FieldInfo) -> tuple[str, bool] | None:
    """(collection, is_list) when the field holds references."""
    for item in info.metadata:
        if isinstance(item, Ref):
            return item.collection, False
    if typing.get_origin(info.annotation) is list:
        for item in getattr(typing.get_args(info.annotation)[0], "__metadata__", ()):
            if isinstance(item, Ref):
                return item.collection, True
    return None


def _sub_model(info: FieldInfo) -> tuple[type[BaseModel], bool] | None:
    """(model, is_list) when the field holds fields of its own."""
    annotation = info.annotation
    is_list = typing.get_origin(annotation) is list
    inner = typing.get_args(annotation)[0] if is_list else annotation
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner, is_list
    return None


class Scaffolder:
    """Builds the text of a new file, drawing reference ids from the existing content."""

    def __init__(self, content_dir: Path, collection: Collection, entity_id: str) -> None:
        self.content_dir = content_dir
        self.collection = collection
        self.entity_id = entity_id

    def existing(self, collection: str) -> list[str]:
        folder = self.content_dir / collection
        return sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []

    def metric_ids(self, kind: str | None) -> list[str]:
        ids = self.existing("metrics")
        if kind is None:
            return ids
        chosen = []
        for metric_id in ids:
            text = self.content_dir / "metrics" / f"{metric_id}.yml"
            if text.is_file() and re.search(rf"^kind:\s*{kind}\s*$", text.read_text(encoding="utf-8"), re.M):
                chosen.append(metric_id)
        return chosen or ids

    def ref_value(self, name: str, info: FieldInfo, collection: str, is_list: bool) -> Any:
        ids = self.metric_ids(METRIC_KIND.get(name)) if collection == "metrics" else self.existing(collection)
        example = (info.examples or [[]])[0]
        pick = ids[0] if ids else (example[0] if isinstance(example, list) and example else example)
        return [pick] if is_list else pick

    def value(self, name: str, info: FieldInfo) -> Any:
        ref = _ref_of(info)
        if ref is not None:
            return self.ref_value(name, info, *ref)
        sub = _sub_model(info)
        if sub is not None and _has_refs(sub[0]):
            item = {n: self.value(n, f) for n, f in sub[0].model_fields.items() if n not in SKIPPED}
            return [item] if sub[1] else item
        if name == "name":
            return self.entity_id.replace("-", " ").capitalize()
        if name == "order":
            return self.next_order()
        return (info.examples or [None])[0]

    def next_order(self) -> int:
        orders = [0]
        for path in (self.content_dir / "stages").glob("*.y*ml") if (self.content_dir / "stages").is_dir() else []:
            match = re.search(r"^order:\s*(\d+)\s*$", path.read_text(encoding="utf-8"), re.M)
            if match:
                orders.append(int(match.group(1)))
        return max(orders) + 1

    def text(self) -> str:
        model = self.collection.model
        doc = (model.__doc__ or "").strip()
        out = [
            schema_line(self.collection.name),
            f"# {doc}",
            "# Replace each value with your own. Lines starting with '# ' are help; optional fields are",
            "# commented out: remove the '# ' to use one. Every field is explained on the Editor's guide page.",
            "",
        ]
        for name, info in model.model_fields.items():
            if name == "id":
                continue
            key = info.alias or name
            out += _comment(info.description or "")
            sub = _sub_model(info)
            if sub is not None:
                out.append("# " + ("Each item has:" if sub[1] else "It has:"))
                out += [
                    f"#   {f.alias or n}: {f.description}" for n, f in sub[0].model_fields.items() if n not in SKIPPED
                ]
            required = info.is_required()
            value = self.value(name, info) if required or _ref_of(info) else (info.examples or [None])[0]
            if value is None:
                continue
            if name == "review_by":
                value = datetime.date.fromisoformat(str(value))  # written as a YAML date, unquoted
            block = _dump({key: value})
            out += block if required or (_ref_of(info) and name in METRIC_KIND) else [f"# {line}" for line in block]
            out.append("")
        return "\n".join(out).rstrip() + "\n"


def _has_refs(model: type[BaseModel]) -> bool:
    return any(_ref_of(f) or ((s := _sub_model(f)) and _has_refs(s[0])) for f in model.model_fields.values())


def _comment(text: str) -> list[str]:
    import textwrap

    return ["# " + line for line in textwrap.wrap(text, 98)]


def _dump(data: dict[str, Any]) -> list[str]:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return text.rstrip("\n").split("\n")


def resolve_kind(kind: str) -> Collection:
    name = KINDS.get(kind.lower())
    if name is None:
        hint = suggest(kind.lower(), KINDS)
        raise ScaffoldError(
            f"'{kind}' is not a kind of content{': ' + hint if hint else ''} (kinds: {', '.join(_SINGULAR)})"
        )
    return COLLECTIONS[name]


def target_path(content_dir: Path, collection: Collection, entity_id: str | None) -> tuple[Path, str]:
    """Where the new file goes and its id; refuses invalid and existing ids."""
    if collection.single:
        if entity_id not in (None, collection.name):
            raise ScaffoldError(
                f"{collection.name} is a single page: run `playbook new {collection.name}` without an id"
            )
        path, entity_id = content_dir / f"{collection.name}.yml", collection.name
    else:
        if not entity_id:
            raise ScaffoldError(f"give the new file an id, for example: playbook new {collection.name} my-new-id")
        if not re.match(ID_PATTERN, entity_id):
            slug = re.sub(r"[^a-z0-9]+", "-", entity_id.lower()).strip("-")
            raise ScaffoldError(
                f"'{entity_id}' is not a valid id: use lowercase letters, digits and hyphens"
                + (f" (for example '{slug}')" if slug else "")
            )
        path = content_dir / collection.name / f"{entity_id}.yml"
    for existing in (path, path.with_suffix(".yaml")):
        if existing.exists():
            raise ScaffoldError(
                f"{existing.name} already exists in {existing.parent}: "
                f"the id '{entity_id}' is taken; choose another id or edit that file"
            )
    return path, entity_id


def scaffold(content_dir: Path, kind: str, entity_id: str | None) -> Path:
    """Write the new file and return its path; raise ScaffoldError when it cannot be created."""
    collection = resolve_kind(kind)
    path, entity_id = target_path(content_dir, collection, entity_id)
    text = Scaffolder(content_dir, collection, entity_id).text()
    # The promise is a file that validates: check it before writing anything.
    doc = Document(collection.name, entity_id, path.name)
    problems = parse_document(text.encode("utf-8"), doc)
    assert not problems, problems
    collection.model.model_validate(doc.data)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return path
