"""``playbook new KIND ID``: start a content file that validates but cannot be published by accident.

The file is built from the model. The parts a useful entity needs (those ``playbook check`` asks
for) are written out with placeholder values marked ``REPLACE:``, and references with ids of
entities that exist, flagged by a trailing ``# REPLACE:`` comment; every other field is shown
commented out with an example. Each field carries its description as a comment. The file validates
at once, and ``playbook check`` reports every placeholder left (``checks/placeholders.py``).

``--from EXISTING`` starts from a copy of an existing entity of the same collection instead, comments
and all (``copying.py`` says what may be copied).
"""

from __future__ import annotations

import re
import textwrap
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.authoring.copying import CopyRefused, copy_text
from generator.content.discover import ID_PATTERN
from generator.content.document import Document
from generator.content.load import parse_document
from generator.errors import suggest
from generator.model.collections import COLLECTIONS, LINK_KINDS, Collection
from generator.model.references import ref_target
from generator.model.schema import schema_line

MARK = "REPLACE:"
# What an editor may type for KIND: the collection name, its singular, or a short form.
KINDS: dict[str, str] = (
    {name: name for name in COLLECTIONS}
    | LINK_KINDS
    | {"coaching-script": "coaching", "script": "coaching", "framework": "qualification", "value-driver": "value"}
)
# Parts of nested models written out with the entity (the rest of a part is left out).
ESSENTIAL_PARTS = {
    "icp": ("criteria", "disqualifiers"),
    "principles": ("name", "description"),
    "activities": ("role", "actions"),
    "tenure_tracks": ("tenure", "focus_metrics"),
    "expectations": ("stop", "start", "continue"),
    "elements": ("id", "name", "questions", "due"),
    "agenda": ("part", "minutes"),
    "criteria": ("name",),
    "tables": ("name", "columns", "rows"),
    "columns": ("id", "name", "type"),
    "sections": ("name", "contents", "questions"),
    "factors": ("name", "options"),  # a scorecard: a factor with answers to score
    "options": ("label", "points"),
}
# Which kind of metric a reference to metrics should name, so the health check stays quiet.
METRIC_KIND = {
    "focus_metrics": "lead",
    "moves": "lead",
    "lag_metrics": "lag",
    "compensated_on": "lag",
    "drives": "lag",
    "measured_by": "lead",
}
SKIPPED = {"id", "visibility", "owner", "review_by"}


class ScaffoldError(Exception):
    """The file cannot be created; the message says why and what to do instead."""


def _inner(info: FieldInfo) -> tuple[Any, bool]:
    """(the type of a field's items or value, whether it is a list), optional types unwrapped."""
    annotation = info.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, type(int | None)) and args:
        annotation = args[0]
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0], True
    return annotation, False


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


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
        folder = self.content_dir / "metrics"
        chosen = [i for i in ids if re.search(rf"^kind:\s*{kind}\s*$", _read(folder / f"{i}.yml"), re.M)]
        return chosen or ids

    def refs(self, name: str, collection: str) -> list[str]:
        if collection == "metrics":
            return self.metric_ids(METRIC_KIND.get(name))[:1]
        return self.existing(collection)[: 2 if collection == "stages" else 1]

    def value(self, name: str, info: FieldInfo, essential: tuple[str, ...] | None) -> tuple[Any, bool]:
        """(a value for the field, whether it holds references the editor must check)."""
        target = ref_target(info.annotation, info.metadata)
        inner, is_list = _inner(info)
        if target is not None:
            ids = self.refs(name, target[0])
            if not ids:
                return None, False
            return (ids if target[1] == "list" else ids[0]), True
        model = _model_of(inner)
        if model is not None:
            part, flagged = self.part(model, ESSENTIAL_PARTS.get(name))
            if part is None:
                return None, False
            return ([part] if is_list else part), flagged
        example = (info.examples or [None])[0]
        if typing.get_origin(inner) is typing.Literal or isinstance(example, (int, float, bool)):
            return example, True
        if name == "id":
            return "replace-me", True
        text = f"{MARK} {_short(info.description)}"
        return ([text] if is_list else text), False

    def part(self, model: type[BaseModel], essential: tuple[str, ...] | None) -> tuple[dict[str, Any] | None, bool]:
        """A part with its essential fields; None when a required one cannot be filled in yet."""
        out: dict[str, Any] = {}
        flagged = False
        for name, info in model.model_fields.items():
            key = info.alias or name
            if (essential is not None and key not in essential) or (essential is None and not info.is_required()):
                continue
            if name == "visibility":
                continue
            value, refs = self.value(name, info, None)
            if value is None and info.is_required():
                return None, False
            if value is not None:
                out[key] = value
                flagged = flagged or refs
        return out, flagged

    def text(self) -> str:
        model = self.collection.model
        doc = " ".join((model.__doc__ or "").split())
        out = [
            schema_line(self.collection.name),
            *_comment(doc),
            f"# Replace every value marked {MARK.rstrip(':')} (playbook check reports the ones left). Optional fields",
            "# are commented out: remove the '# ' to use one. The Editor's guide explains every field.",
            "",
        ]
        essential = self.collection.essential  # written out; the rest commented out
        for name, info in model.model_fields.items():
            key = info.alias or name
            if name in SKIPPED and name != "owner":
                continue
            out += _comment(info.description or "")
            if key in essential:
                value, refs = self.value(name, info, None)
                if key == "name":  # from the id, so that two new files never share a name
                    value = f"{MARK} {self.entity_id.replace('-', ' ').capitalize()}"
                if value is None and info.is_required():
                    target = ref_target(info.annotation, info.metadata)
                    kind = COLLECTIONS[target[0]].kind if target else key
                    raise ScaffoldError(
                        f"a {self.collection.noun} lists its {key}, and there is no {kind} yet: "
                        f"start with `playbook new {kind} ID`"
                    )
                if value is None:
                    out.append(f"# {key}: (left out: what it refers to does not exist yet)")
                else:
                    block = _dump({key: value})
                    note = f"  # {MARK} check this" if refs else ""
                    out += [block[0] + note, *block[1:]]
            else:
                example = (info.examples or [None])[0]
                if example is not None:
                    out += [f"# {line}" for line in _dump({key: example})]
            out.append("")
        return "\n".join(out).rstrip() + "\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _short(text: str | None) -> str:
    """The field's description as the placeholder's words: whole, never cut inside a word."""
    return " ".join((text or "the value").split()).rstrip(".")


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, 98)]


def _dump(data: dict[str, Any]) -> list[str]:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return text.rstrip("\n").split("\n")


def resolve_kind(kind: str) -> Collection:
    name = KINDS.get(kind.lower())
    if name is None:
        hint = suggest(kind.lower(), KINDS)
        kinds = ", ".join(c.kind for c in COLLECTIONS.values())
        raise ScaffoldError(f"'{kind}' is not a kind of content{': ' + hint if hint else ''} (kinds: {kinds})")
    return COLLECTIONS[name]


def target_path(content_dir: Path, collection: Collection, entity_id: str | None) -> tuple[Path, str]:
    """Where the new file goes and its id; refuses invalid and existing ids."""
    if collection.single:  # one file, named after its kind: it takes no id (not even its own name)
        if entity_id is not None:
            raise ScaffoldError(
                f"{collection.name} is one file ({collection.name}.yml in the content folder) and takes no id: "
                f"run `playbook new {collection.name}`"
            )
        path, entity_id = content_dir / f"{collection.name}.yml", collection.name
    else:
        if not entity_id:
            raise ScaffoldError(f"give the new file an id, for example: playbook new {collection.kind} my-new-id")
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


def scaffold(content_dir: Path, kind: str, entity_id: str | None, *, copy_of: str | None = None) -> Path:
    """Write the new file and return its path; raise ScaffoldError when it cannot be created."""
    collection = resolve_kind(kind)
    path, entity_id = target_path(content_dir, collection, entity_id)
    if copy_of is not None:
        try:
            text = copy_text(content_dir, collection, copy_of)
        except CopyRefused as exc:
            raise ScaffoldError(str(exc)) from None
    else:
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
