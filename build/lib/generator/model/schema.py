"""JSON Schemas for editors, and the editor's guide, both derived from the pydantic models.

An editor with a YAML language server reads ``schemas/<collection>.schema.json`` (named on the first
line of every content file) to offer autocomplete, hover help and red squiggles while typing. The
schemas are committed so that editors work without running anything; ``playbook schema`` rewrites
them and a test fails when they are stale. The editor's guide page is built from the very same
schemas, so the guide cannot say something the schemas do not.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.model import COLLECTIONS, Collection

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"


def schema_file(collection: str) -> str:
    return f"{collection}.schema.json"


def schema_line(collection: str) -> str:
    """The first line of a content file: tells the YAML language server which schema applies."""
    prefix = "../" if COLLECTIONS[collection].single else "../../"
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{schema_file(collection)}"


def collection_schema(collection: Collection) -> dict[str, Any]:
    """The JSON Schema of one collection's files, as a YAML language server expects it."""
    schema = collection.model.model_json_schema(by_alias=True, mode="validation")
    where = f"content/{collection.path}"
    doc = (collection.model.__doc__ or "").strip()
    schema["title"] = f"{collection.name} ({where})"
    schema["description"] = f"{doc} One {'file' if collection.single else 'file per entity'}: {where}"
    return {"$schema": SCHEMA_DIALECT, **schema}


def render_schemas() -> dict[str, str]:
    """File name → schema text, in a stable form (sorted keys, trailing newline) for clean diffs."""
    return {
        schema_file(name): json.dumps(collection_schema(c), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, c in COLLECTIONS.items()
    }


def vscode_settings(schemas: str = "./schemas") -> dict[str, Any]:
    """Editor settings mapping every content folder to its schema (``.vscode/settings.json``)."""
    mapping = {
        f"{schemas}/{schema_file(name)}": [f"content/{name}.yml"]
        if c.single
        else [f"content/{name}/*.yml", f"content/{name}/*.yaml"]
        for name, c in COLLECTIONS.items()
    }
    return {
        "yaml.schemas": mapping,
        "yaml.validate": True,
        "yaml.hover": True,
        "yaml.completion": True,
        "editor.insertSpaces": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
    }


def stale_schemas(schema_dir: Path) -> list[str]:
    """Names of the schema files that are missing or differ from what the models generate."""
    return sorted(
        name
        for name, text in render_schemas().items()
        if not (schema_dir / name).is_file() or (schema_dir / name).read_text(encoding="utf-8") != text
    )


def write_schemas(schema_dir: Path) -> list[str]:
    """Write every schema; return the names of the files that changed."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    changed = stale_schemas(schema_dir)
    for name, text in render_schemas().items():
        if name in changed:
            (schema_dir / name).write_text(text, encoding="utf-8")
    return changed


# --- the editor's guide -----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldHelp:
    """One field as the guide explains it."""

    path: str  # e.g. "tenure_tracks[].focus_metrics"
    kind: str  # in the editor's words: "text", "list of metric ids", ...
    required: bool
    description: str
    example: str  # as it would be written in YAML


@dataclass(frozen=True)
class CollectionHelp:
    name: str
    where: str
    summary: str
    fields: list[FieldHelp]


def _kind(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        target = defs.get(prop["$ref"].rsplit("/", 1)[-1], {})
        if set(target.get("properties", {})) == {"text", "visibility"}:
            return "`text:` and `visibility:` fields"  # a line that may be marked internal
        return "fields (below)"
    if "anyOf" in prop:
        kinds = [_kind(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds)
    if prop.get("type") == "object" and "text" in prop.get("properties", {}):
        return "`text:` and `visibility:` fields"  # a line that may be marked internal
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        inner = prop.get("items", {})
        if "$ref" in inner:
            return "list of items (fields below)"
        return f"list; each item: {_kind(inner, defs)}"
    if kind == "string" and prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and "pattern" in prop:
        return "id"
    return {"string": "text", "integer": "whole number"}.get(str(kind), str(kind))


def _example(prop: dict[str, Any]) -> str:
    examples = prop.get("examples") or []
    if not examples:
        return ""
    if prop.get("format") == "date" or any(p.get("format") == "date" for p in prop.get("anyOf", [])):
        return str(examples[0])  # written unquoted in YAML
    text = yaml.safe_dump(examples[0], default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False)
    return text.strip().removesuffix("...").strip()


def _fields(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> list[FieldHelp]:
    out: list[FieldHelp] = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        out.append(FieldHelp(path, _kind(prop, defs), name in required, prop.get("description", ""), _example(prop)))
        target = prop.get("$ref") or prop.get("items", {}).get("$ref")
        if target:
            sub = defs[target.rsplit("/", 1)[-1]]
            out += _fields(sub, defs, f"{path}{'[].' if 'items' in prop else '.'}")
    return out


@functools.cache
def guide() -> tuple[CollectionHelp, ...]:
    """Every collection and field, explained from the generated schemas.

    Cached: the models do not change while a process runs, and the live preview renders the guide
    on every save.
    """
    sections = []
    for name, collection in COLLECTIONS.items():
        schema = collection_schema(collection)
        summary = (collection.model.__doc__ or "").strip()
        sections.append(
            CollectionHelp(name, f"content/{collection.path}", summary, _fields(schema, schema.get("$defs", {}), ""))
        )
    return tuple(sections)
