"""A playbook in which every field of every collection holds a value, made from the model itself.

Each collection gets a *main* entity with every field filled (nested parts included, every list
with an item, every line written as fields with its condition), and two minimal entities, *twin*
and *alt*, with only what is required. The main entity's references point at the twins, so that
no link is written from both sides and each field's effect on a page is its own. Every text field
holds a unique marker (``Fq017Mk``: mixed case, so a changed case is noticed). A field of any other
kind is judged by a variant: the same playbook with that one field left out (or, when required,
given another value); the entity's page must change.

Where a part refuses two of its fields together ("write either 'role' or 'roles'"), the main
entity keeps the first and a second item of the list (or a second entity, *main2*) holds the other.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import annotated_types
import yaml
from pydantic import BaseModel, ValidationError

from generator.model.base import Ref
from generator.model.collections import COLLECTIONS
from generator.model.conditions import Window
from generator.model.reference import ModelField, all_fields, own_fields
from generator.model.strategy import Strategy

REPO = Path(__file__).resolve().parent.parent
MAIN, MAIN2, TWIN, ALT = "main", "main2", "twin", "alt"
Loc = tuple[str | int, ...]
Files = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class Leaf:
    """A field of a main entity that holds a value: where it is in the file, and what it holds."""

    collection: str
    entity: str  # main or main2
    path: str  # as the reference writes it: "levels[].description"
    loc: Loc  # keys and indexes from the top of the file
    spec: ModelField
    value: Any
    from_example: bool = False  # the model's example, where a made-up value was refused

    @property
    def key(self) -> str:
        return f"{self.collection}.{self.path}"

    @property
    def is_text(self) -> bool:
        return self.spec.kind in ("text", "one line of text") and self.spec.container == "one" and not self.from_example


def part_id(path: str) -> str:
    """The id a part's id field gets, from its path: ``elements[].id`` → ``elements-id``."""
    return "-".join(w for w in path.replace("[]", "").replace("*", "key").split(".") if w)


def id_for(spec: ModelField, t: Any = None) -> str:
    """The id an id field gets: the model's example when it fits the pattern, else one from its path."""
    pattern = _pattern(spec if t is None else t)
    example = spec.example
    if isinstance(example, str) and pattern and re.fullmatch(pattern, example):
        return example
    return part_id(spec.path)


def _part_refs() -> dict[str, str]:
    """What a reference to a named part names: a part of strategy.yml (segments, thresholds,
    attributes …) by the id it is given, an element of the main framework, a stage."""
    from generator.model.qualification import Framework

    element = next(f for f in own_fields(Framework) if f.key == "elements")
    assert element.part is not None
    element_id = next(f for f in own_fields(element.part, element.prefix) if f.key == "id")
    refs = {"elements": f"{MAIN}.{id_for(element_id)}", "steps": TWIN}
    for spec in own_fields(Strategy):
        if spec.container == "map":
            refs[spec.key] = part_id(f"{spec.key}.*")
        elif spec.container == "list" and spec.part is not None and "id" in spec.part.model_fields:
            refs[spec.key] = id_for(next(f for f in own_fields(spec.part, spec.prefix) if f.key == "id"))
    return refs


PART_REFS: dict[str, str] = {}  # filled by field_playbook()

# Fields of a part of which only one may be written, a rule the content checks hold rather than the
# model (generator/model/attributes.py): the main entity writes the first, *main2* the second.
EITHER: dict[type[BaseModel], tuple[str, str]] = {Window: ("after", "before")}


def attribute_declarations() -> dict[str, dict[str, Any]]:
    """strategy.yml's ``attributes:`` for the attributes the conditions of the playbook name: those
    in the model's examples of a condition's ``attributes``, with their values (or none, for a
    number compared). A time window counts from the main entity's own attribute, a date."""
    declared: dict[str, dict[str, Any]] = {}
    for collection in COLLECTIONS.values():
        for spec in all_fields(collection.model):
            if spec.container == "map" and _key_ref(spec) == "attributes":
                for attribute_id, test in (spec.example or {}).items():
                    entry = declared.setdefault(attribute_id, {})
                    if isinstance(test, list):
                        entry["values"] = sorted({*entry.get("values", []), *test})
    return declared


def _bounds(spec_or_type: Any) -> tuple[float, float | None]:
    """The lowest and highest value a number may take (ge / le in the model)."""
    items: list[Any] = []
    if isinstance(spec_or_type, ModelField):
        items += spec_or_type.info.metadata
        spec_or_type = spec_or_type.value_type
    items += list(getattr(spec_or_type, "__metadata__", ()))
    items += [m for i in items for m in getattr(i, "metadata", ())]  # Field(ge=…) inside Annotated
    low = next((m.ge for m in items if isinstance(m, annotated_types.Ge)), 0)
    high = next((m.le for m in items if isinstance(m, annotated_types.Le)), None)
    return low, high


def _pattern(spec_or_type: Any) -> str | None:
    items: list[Any] = []
    if isinstance(spec_or_type, ModelField):
        items += spec_or_type.info.metadata
        spec_or_type = spec_or_type.value_type
    items += list(getattr(spec_or_type, "__metadata__", ()))
    return next((m.pattern for m in items if getattr(m, "pattern", None)), None)


def _bare(t: Any) -> Any:
    while typing.get_origin(t) is typing.Annotated:
        t = typing.get_args(t)[0]
    return t


@dataclass
class Maker:
    """Makes the values; counts markers so each one is unique."""

    count: int = 0
    leaves: list[Leaf] = field(default_factory=list)
    entity_id: str | None = None  # set while a main entity is made: its leaves are recorded
    prefer: set[str] = field(default_factory=set)  # paths a conflict must not drop (main2)
    dropped: set[str] = field(default_factory=set)  # paths dropped for a conflict
    nodes: dict[tuple[str, str], dict[Loc, ModelField]] = field(default_factory=dict)  # every value made
    current: tuple[str, str] = ("", "")

    def marker(self) -> str:
        self.count += 1
        return f"Fq{self.count:03d}Mk"

    def entity(self, collection: str, file_id: str, recorded: bool, prefer: set[str] | None = None) -> dict[str, Any]:
        self.entity_id, self.prefer = (file_id if recorded else None), set(prefer or ())
        self.current = (collection, file_id)
        self.nodes[self.current] = {}
        try:
            return self.fields(collection, COLLECTIONS[collection].model, "", (), recorded, ())
        finally:
            self.entity_id = None

    def fields(
        self, collection: str, model: Any, prefix: str, loc: Loc, full: bool, inside: tuple[Any, ...]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keep = len(self.leaves)
        for spec in own_fields(model, prefix, inside):
            if full and not spec.required or spec.required:
                out[spec.key] = self.value(collection, spec, (*loc, spec.key), full, (*inside, model))
        if model in EITHER and all(key in out for key in EITHER[model]):
            first, second = EITHER[model]
            kept, gone = (second, first) if prefix + second in self.prefer else (first, second)
            del out[gone]
            if kept == first:
                self.dropped.add(prefix + gone)
            self.leaves = self.leaves[:keep] + [leaf for leaf in self.leaves[keep:] if leaf.path != prefix + gone]
        return self._resolve_conflict(model, out, prefix, keep)

    def _resolve_conflict(self, model: Any, out: dict[str, Any], prefix: str, keep: int) -> dict[str, Any]:
        """Drop the fewest fields (last first, never a preferred one) for the part to validate."""
        if _valid(model, out):
            return out
        optional = [k for k in reversed(out) if not model.model_fields[_attr(model, k)].is_required()]
        for key in optional:
            if prefix + key in self.prefer:
                continue
            trial = {k: v for k, v in out.items() if k != key}
            if _valid(model, trial):
                self.dropped.add(prefix + key)
                gone = prefix + key
                self.leaves = self.leaves[:keep] + [
                    leaf
                    for leaf in self.leaves[keep:]
                    if leaf.path != gone and not leaf.path.startswith((gone + ".", gone + "["))
                ]
                return trial
        return out  # let validation say what is wrong

    def value(self, collection: str, spec: ModelField, loc: Loc, full: bool, inside: tuple[Any, ...]) -> Any:
        self.nodes[self.current][loc] = spec
        if spec.container == "list":
            least = max([1, *(m.min_length for m in spec.info.metadata if isinstance(m, annotated_types.MinLen))])
            if spec.ref is not None and spec.required:
                least = max(least, 2)  # room to drop one in a variant
            return [self.one(collection, spec, (*loc, i), full, inside, i) for i in range(least)]
        if spec.container == "map":
            key_ref = _key_ref(spec)
            if key_ref == "attributes" and isinstance(spec.example, dict):
                value = copy.deepcopy(spec.example)  # what strategy.yml declares (attribute_declarations)
                if self.entity_id is not None and (self.entity_id == MAIN or spec.path in self.prefer):
                    self.leaves.append(Leaf(collection, self.entity_id, spec.path, loc, spec, value))
                return value
            if key_ref:
                key = PART_REFS.get(key_ref, TWIN)
            else:
                key = part_id(spec.path + ".*") if spec.part is not None or collection == "strategy" else "key"
            return {key: self.one(collection, spec, (*loc, key), full, inside, 0)}
        return self.one(collection, spec, loc, full, inside, 0)

    def one(self, collection: str, spec: ModelField, loc: Loc, full: bool, inside: tuple[Any, ...], i: int) -> Any:
        if spec.part is not None and not spec.recursive:
            return self.fields(collection, spec.part, spec.prefix, loc, full, inside)
        if spec.part is not None:  # a part inside its own kind: its plain fields, no deeper
            value = {
                f.key: self.scalar(f, f.value_type, 0)
                for f in own_fields(spec.part, spec.prefix)
                if f.part is None
                and f.container == "one"
                and f.ref is None
                and not f.required
                and _bare(f.value_type) is str
            }
        else:
            value = self.scalar(spec, spec.value_type, i)
        if self.entity_id is not None and (self.entity_id == MAIN or spec.path in self.prefer):
            self.leaves.append(Leaf(collection, self.entity_id, spec.path, loc, spec, value))
        return value

    def scalar(self, spec: ModelField, t: Any, index: int) -> Any:
        bare = _bare(t)
        base = typing.get_origin(bare) or bare
        ref = spec.ref or next((m.collection for m in getattr(t, "__metadata__", ()) if isinstance(m, Ref)), None)
        if ref is not None:  # the field's, or one way of writing it (a list of stage ids)
            return PART_REFS[ref] if ref in PART_REFS else (TWIN, ALT)[index % 2]
        if base is Literal:
            choices = typing.get_args(bare)
            return next((c for c in choices if c != spec.info.default), choices[0])
        if base is bool:
            return not spec.info.default
        if base is datetime.date:
            return datetime.date(2031, 1, 1) + datetime.timedelta(days=self.count)
        if base in (typing.Union, type(int | float)):
            args = typing.get_args(bare)
            if set(args) <= {int, float}:
                return self.number(spec, t)
            return self.scalar(spec, args[0], index)  # the first way of writing it
        if base is list:
            return [self.scalar(spec, typing.get_args(bare)[0], 0)]
        if isinstance(base, type) and issubclass(base, BaseModel):
            return {}
        if base in (int, float):
            return self.number(spec, t)
        if _pattern(spec) if t is spec.value_type else _pattern(t):
            return id_for(spec, None if t is spec.value_type else t)
        return self.marker()

    def number(self, spec: ModelField, t: Any) -> int:
        self.count += 1
        low, high = _bounds(spec) if t is spec.value_type else _bounds(t)
        return int(min(high, low + 2)) if high is not None else int(low) + 1000 + self.count


def _attr(model: Any, key: str) -> str:
    return next(name for name, info in model.model_fields.items() if (info.alias or name) == key)


def _valid(model: Any, data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        # Only the part's own rules count here; what nested parts refuse is theirs to resolve.
        return all(e["loc"] for e in exc.errors()) and not any(
            e["type"] != "missing" and not e["loc"] for e in exc.errors()
        )
    return True


def _key_ref(spec: ModelField) -> str | None:
    """What the keys of a mapping name, when they are references (a threshold's ``amounts``)."""
    annotation = spec.info.annotation
    if typing.get_origin(annotation) is not dict:
        annotation = next(a for a in typing.get_args(annotation) if typing.get_origin(a) is dict)
    key_type = typing.get_args(annotation)[0]
    return next((m.collection for m in getattr(key_type, "__metadata__", ()) if isinstance(m, Ref)), None)


@dataclass
class FieldPlaybook:
    """The files of the playbook (collection → entity id → data) and the main entities' leaves."""

    files: Files
    leaves: list[Leaf]
    unfilled: dict[str, str] = field(default_factory=dict)  # field → why the playbook could not hold it

    def write(self, root: Path, files: Files | None = None) -> Path:
        content = root / "content"
        if content.exists():
            shutil.rmtree(content)
        for collection, entities in (files or self.files).items():
            for entity_id, data in entities.items():
                single = COLLECTIONS[collection].single
                path = content / (f"{collection}.yml" if single else f"{collection}/{entity_id}.yml")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return root

    @staticmethod
    def source(collection: str, entity: str = MAIN) -> str:
        """An entity's file, as pages name their source."""
        c = COLLECTIONS[collection]
        return f"content/{collection}.yml" if c.single else f"content/{collection}/{entity}.yml"

    def variant(self, leaf: Leaf) -> Files:
        """The files with ``leaf`` left out or, when it is required, given another value."""
        files = copy.deepcopy(self.files)
        leave_out(files, leaf)
        return files


def leave_out(files: Files, leaf: Leaf) -> None:
    """Change ``files`` in place: ``leaf`` left out or, when it is required, given another value.
    Leaves of different entities can be left out of the same files."""
    parent: Any = files[leaf.collection][leaf.entity]
    for step in leaf.loc[:-1]:
        parent = parent[step]
    last = leaf.loc[-1]
    if isinstance(parent, list):
        if len(parent) > 1:
            del parent[last]  # type: ignore[arg-type]
        elif not leaf.spec.required:  # the only item: the list is left out
            holder: Any = files[leaf.collection][leaf.entity]
            for step in leaf.loc[:-2]:
                holder = holder[step]
            del holder[leaf.loc[-2]]
        else:
            parent[last] = _other(leaf)  # type: ignore[index]
    elif not leaf.spec.required:
        del parent[last]
    else:
        parent[last] = _other(leaf)


def _other(leaf: Leaf) -> Any:
    """Another valid value for a required field."""
    value = leaf.value
    if leaf.spec.ref is not None:
        return ALT if value == TWIN else TWIN
    t = _bare(leaf.spec.value_type)
    if (typing.get_origin(t) or t) is Literal:
        return next(c for c in typing.get_args(t) if c != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        high = _bounds(leaf.spec)[1]
        return value - 1 if high is not None and value >= high else value + 1
    return f"{value}-b"


@functools.cache
def field_playbook() -> FieldPlaybook:
    PART_REFS.update(_part_refs())
    maker = Maker()
    files: Files = {}
    single_dropped: dict[str, str] = {}
    for name, collection in COLLECTIONS.items():
        files[name] = {MAIN: maker.entity(name, MAIN, True)}
        dropped, maker.dropped = maker.dropped, set()
        if dropped and collection.single:  # one file: no second entity to hold the other side
            single_dropped.update({f"{name}.{path}": "one file holds one entity" for path in dropped})
        elif dropped:
            files[name][MAIN2] = maker.entity(name, MAIN2, True, dropped)  # the fields the main entity could not hold
            maker.dropped = set()
        if collection.single:
            continue
        for kind in (TWIN, ALT):
            files[name][kind] = maker.entity(name, kind, False)
            for key in ("name", "label"):  # a title of its own, so links to it are findable
                if key in collection.model.model_fields:
                    files[name][kind].setdefault(key, maker.marker())
                    break
    maker.leaves = _fit_twins(files, maker.leaves)
    attributes = files["strategy"][MAIN].setdefault("attributes", {})
    for attribute_id, declaration in attribute_declarations().items():
        attributes.setdefault(attribute_id, declaration)
    playbook = FieldPlaybook(files, maker.leaves)
    playbook.unfilled = single_dropped | repair(playbook, maker.nodes)
    return playbook


def _fit_twins(files: Files, leaves: list[Leaf]) -> list[Leaf]:
    """Where a field must name a part of the entity it links to, the main entity names the main
    one's: a target's tenure track is one of its role's tracks, by its words. Returns the leaves
    with the values so given."""
    if any("phases" in files["processes"].get(e, {}) for e in (MAIN, MAIN2)):
        files["processes"][TWIN].setdefault("stages", [TWIN])  # a track's phases span the stages of the other
    tracks = [t["tenure"] for t in files["roles"][MAIN].get("tenure_tracks", []) if "tenure" in t]
    given: dict[tuple[str, str, Loc], Any] = {}
    for entity in (MAIN, MAIN2):
        for i, target in enumerate(files["metrics"].get(entity, {}).get("targets", [])):
            if "track" in target and tracks:
                target["role"], target["track"] = MAIN, tracks[0]
                given[("metrics", entity, ("targets", i, "track"))] = tracks[0]
    return [
        dataclasses.replace(leaf, value=given[k]) if (k := (leaf.collection, leaf.entity, leaf.loc)) in given else leaf
        for leaf in leaves
    ]


def _loc(where: str) -> Loc:
    """``prepare[0].when.segments[0]`` → ``("prepare", 0, "when", "segments", 0)``."""
    out: list[str | int] = []
    for word in re.findall(r"\[(\d+)\]|([^.\[\]]+)", where):
        out.append(int(word[0]) if word[0] else word[1])
    return tuple(out)


def repair(playbook: FieldPlaybook, nodes: dict[tuple[str, str], dict[Loc, ModelField]]) -> dict[str, str]:
    """Make the playbook valid where a rule between fields refuses what was made: the value that
    is refused becomes the model's own example, or is left out. Returns what was left out (path →
    the message), for the test to report."""
    from generator.errors import ContentError
    from generator.pipeline import Project, load_playbook

    root = Path(tempfile.mkdtemp(prefix="field-repair-"))
    tried: set[tuple[Any, ...]] = set()
    unfilled: dict[str, str] = {}
    for _ in range(60):
        playbook.write(root)
        try:
            load_playbook(Project.at(root))
        except ContentError as exc:
            problems = exc.problems
        else:
            break
        done: list[tuple[str, str, Loc]] = []
        for problem in problems:
            match = re.fullmatch(r"content/([a-z_-]+)(?:/([a-z0-9-]+))?\.yml", problem.file)
            if not match:
                raise AssertionError(str(problem)) from None
            collection, entity = match.group(1), match.group(2) or MAIN
            loc = _loc(problem.where)
            known = nodes[(collection, entity)]
            while loc and loc not in known:
                loc = loc[:-1]
            if not loc:
                raise AssertionError(f"the coverage playbook cannot be made valid: {problem}")
            if any((c, e) == (collection, entity) and loc[: len(d)] == d for c, e, d in done):
                continue  # inside a value already repaired in this pass
            spec = known[loc]
            key = (collection, entity, loc)
            data = playbook.files[collection][entity]
            parent = functools.reduce(lambda node, step: node[step], loc[:-1], data)
            siblings = functools.reduce(lambda node, step: node[step], loc[:-1], data)
            refs = [k for k, v in siblings.items() if v == TWIN] if isinstance(siblings, dict) else []
            if ("main", *key) not in tried and refs:
                tried.add(("main", *key))  # a part that must name what the entity it links to has
                for k in refs:
                    siblings[k] = MAIN
                continue
            if key not in tried and spec.example is not None:
                tried.add(key)
                parent[loc[-1]] = copy.deepcopy(spec.example)
                replaced = True
            elif not spec.required:
                del parent[loc[-1]]
                replaced = False
            else:  # required, and nothing valid to give it: leave out the nearest part that may be
                while loc and (loc not in known or known[loc].required):
                    loc = loc[:-1]
                if not loc:
                    raise AssertionError(f"the coverage playbook cannot be made valid: {problem}")
                spec, key = known[loc], (collection, entity, loc)
                del functools.reduce(lambda node, step: node[step], loc[:-1], data)[loc[-1]]
                replaced = False
            done.append(key)
            _forget(playbook, collection, entity, loc, spec, replaced, problem.message, unfilled)
    else:
        raise AssertionError("the coverage playbook could not be made valid in 60 repairs")
    shutil.rmtree(root)
    return unfilled


def _forget(
    playbook: FieldPlaybook,
    collection: str,
    entity: str,
    loc: Loc,
    spec: ModelField,
    replaced: bool,
    message: str,
    unfilled: dict[str, str],
) -> None:
    """The leaves under a repaired value: gone; the value itself is judged by a variant if kept."""
    under = [
        leaf
        for leaf in playbook.leaves
        if (leaf.collection, leaf.entity) == (collection, entity) and leaf.loc[: len(loc)] == loc
    ]
    playbook.leaves = [leaf for leaf in playbook.leaves if leaf not in under]
    for leaf in under:
        if not replaced or leaf.loc != loc:
            unfilled.setdefault(leaf.key, message)
    if entity in (MAIN, MAIN2) and replaced:
        data = functools.reduce(lambda node, step: node[step], loc, playbook.files[collection][entity])
        playbook.leaves.append(Leaf(collection, entity, spec.path, loc, spec, data, from_example=True))
        unfilled.pop(f"{collection}.{spec.path}", None)


MKDOCS_YML = REPO / "examples" / "loomwise" / "mkdocs.yml"


def build_project(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``playbook build`` of the project at ``root`` into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@functools.cache
def built_site() -> tuple[Path, Path]:
    """The field playbook as a project, built once with a real ``playbook build``: (root, site)."""
    root = Path(tempfile.mkdtemp(prefix="field-playbook-"))
    field_playbook().write(root)
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config["site_name"] = "Field coverage playbook"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nThe field-coverage playbook.\n", encoding="utf-8")
    site = root / "site"
    result = build_project(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, site
