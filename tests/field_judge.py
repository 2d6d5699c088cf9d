"""Judging the fields that hold no marker text (numbers, dates, ids, links, choices, yes/no) in a
handful of builds instead of one build per field.

Two ways, in this order:

1. **Findable.** One more build, the *findable* playbook, in which each such field that can hold
   a value no other field holds is given one: a number is moved far from every other (and keeps
   its order with its neighbours, so rules between fields still hold), a date likewise, a
   duration gets a length of its own, and a link points at a fresh target made for it alone (a
   copy of the entity or part it named, with marker texts of its own). The field is judged shown
   when one of its value's renderings (``1,015``, ``$1.015k``, ``2032-05-16``, the target's name)
   is on its entity's page in that build and on none in the field playbook's own build — the
   value can only have come from the field. A field whose value is refused, or whose rendering
   is not found, is judged the second way.
2. **Left out.** The field is left out (or, when required, changed) and its entity's page must
   change. Fields of different entities that show nothing of each other are left out in the
   same build, so the builds number about the most such fields any one entity has.
"""

from __future__ import annotations

import copy
import datetime
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError
from generator.model.collections import COLLECTIONS
from generator.pipeline import Project, build_pages

from .field_playbook import ALT, MAIN, PART_REFS, TWIN, FieldPlaybook, Files, Leaf, _bounds, leave_out

Key = tuple[str, str, tuple[str | int, ...]]  # collection, entity, where in the file
MARKER = re.compile(r"F[qx]\d{3,}Mk")
NUMBER_SHIFT = 500_000  # far from every number the field playbook holds (they are below 10,000)
COPY_SHIFT = 3_000_000  # the numbers of a fresh target, far from both
DATE_SHIFT = datetime.timedelta(days=700)
PART_HOLDERS = {"segments", "thresholds", "exceptions", "attributes"}  # parts of strategy.yml a link can name


def key_of(leaf: Leaf) -> Key:
    return (leaf.collection, leaf.entity, leaf.loc)


def render(files: Files) -> dict[str, str]:
    """The playbook rendered in-process (Markdown, internal edition): content file → its page."""
    root = Path(tempfile.mkdtemp(prefix="field-judge-"))
    FieldPlaybook(files, []).write(root)
    site = build_pages(Project.at(root))
    return {page.source: page.markdown for page in site.pages if page.source}


def _number_pattern(value: float) -> list[str]:
    """The ways a page may print one number: as written, with thousands separators, shortened
    as an amount (``1.015k``, ``1.5M``)."""
    texts = {str(value), f"{value:,}", f"{value:g}"}
    if value == int(value):
        texts |= {str(int(value)), f"{int(value):,}"}
    if value >= 1_000_000:
        texts.add(f"{value / 1_000_000:g}M")
    elif value >= 1_000:
        texts.add(f"{value / 1_000:g}k")
    return [rf"(?<![\w.,]){re.escape(t)}(?![\w]|[.,]\d)" for t in sorted(texts)]


def _word(text: str) -> str:
    return rf"(?<![\w-]){re.escape(text)}(?![\w-])"


@dataclass
class Swap:
    """One field given a findable value in the findable playbook."""

    leaf: Leaf
    value: Any
    patterns: list[str]  # any of them on the entity's page (and on none in the field playbook's)
    tokens: frozenset[str] = frozenset()  # or, for a fresh target, any of its marker texts and its id
    apply: Callable[[Files], None] = lambda files: None  # what else the value needs (a fresh target)
    target: str | None = None  # the collection or part a fresh target belongs to


@dataclass
class Judgement:
    """What the judge found: each field that failed, with why, and how each was judged."""

    failures: dict[Key, str] = field(default_factory=dict)
    found: set[Key] = field(default_factory=set)  # judged by a findable value
    changed: set[Key] = field(default_factory=set)  # judged by leaving it out
    builds: int = 0


class Judge:
    def __init__(self, playbook: FieldPlaybook, leaves: list[Leaf], base: dict[str, str]) -> None:
        self.playbook = playbook
        self.leaves = leaves
        self.base = base
        self.count = 0
        self.result = Judgement()
        self.scopes: dict[tuple[Any, ...], frozenset[str]] = {}
        self.decoys: dict[str, Swap] = {}  # kind of target → a fresh target that nothing names

    def fresh(self) -> int:
        self.count += 1
        return self.count

    def remark(self, data: Any, k: int) -> Any:
        """A copy of ``data`` with marker texts and numbers of its own."""
        if isinstance(data, dict):
            return {key: self.remark(value, k) for key, value in data.items()}
        if isinstance(data, list):
            return [self.remark(value, k) for value in data]
        if isinstance(data, str) and MARKER.fullmatch(data):
            return f"Fx{self.fresh():04d}Mk"
        if isinstance(data, int | float) and not isinstance(data, bool):
            return data + COPY_SHIFT + 1000 * k
        return data

    # -- the findable values ------------------------------------------------------------------

    def swap(self, leaf: Leaf) -> Swap | None:
        """The findable value ``leaf`` gets, or None when it has none (a choice, yes or no …)."""
        value, spec = leaf.value, leaf.spec
        if leaf.from_example or _at(self.playbook.files, leaf) != value:
            return None  # the model's example, or a value the playbook changed after it was made
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            markers = [v for v in value.values() if MARKER.fullmatch(v)]  # a part inside its own kind
            return Swap(leaf, value, [], tokens=frozenset(markers)) if markers else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if _bounds(spec)[1] is not None:
                return None  # a bounded number has no room to be moved far
            return Swap(leaf, value + NUMBER_SHIFT, _number_pattern(value + NUMBER_SHIFT))
        if isinstance(value, datetime.date):
            moved = value + DATE_SHIFT
            return Swap(leaf, moved, [_word(moved.isoformat()), _word(f"{moved.day} {moved:%B %Y}")])
        if isinstance(value, str) and re.fullmatch(r"\d+ (day|week|month|quarter|year)s?", value):
            length = f"{600 + self.fresh()} days"
            return Swap(leaf, length, [_word(length)])
        if isinstance(value, str) and spec.ref in COLLECTIONS and not COLLECTIONS[spec.ref].single:
            if value not in (TWIN, ALT):
                return None
            return self._fresh_entity(leaf, spec.ref, value)
        if isinstance(value, str) and spec.ref in PART_HOLDERS and value == PART_REFS.get(spec.ref):
            return self._fresh_part(leaf, spec.ref, value)
        return None

    def _fresh_entity(self, leaf: Leaf, collection: str, value: str) -> Swap:
        k = self.fresh()
        new_id = f"fx-{k:04d}"
        data = self.remark(copy.deepcopy(self.playbook.files[collection][value]), k)

        def apply(files: Files) -> None:
            files[collection][new_id] = data

        return Swap(leaf, new_id, [], tokens=_tokens(data) | {new_id}, apply=apply, target=collection)

    def _fresh_part(self, leaf: Leaf, holder: str, value: str) -> Swap:
        k = self.fresh()
        new_id = f"{value}-fx{k:04d}"
        strategy = self.playbook.files["strategy"][MAIN]
        if isinstance(strategy[holder], dict):
            data = self.remark(copy.deepcopy(strategy[holder][value]), k)

            def apply(files: Files) -> None:
                files["strategy"][MAIN][holder][new_id] = data

        else:
            item = next(i for i in strategy[holder] if i.get("id") == value)
            data = {**self.remark(copy.deepcopy(item), k), "id": new_id}

            def apply(files: Files) -> None:
                files["strategy"][MAIN][holder].append(data)

        return Swap(leaf, new_id, [], tokens=_tokens(data) | {new_id}, apply=apply, target=holder)

    def findable_files(self, swaps: Iterable[Swap]) -> Files:
        files = copy.deepcopy(self.playbook.files)
        for decoy in self.decoys.values():
            decoy.apply(files)
        for s in swaps:
            if s.value is s.leaf.value:
                continue  # looked for as it is
            parent: Any = files[s.leaf.collection][s.leaf.entity]
            for step in s.leaf.loc[:-1]:
                parent = parent[step]
            parent[s.leaf.loc[-1]] = s.value
            s.apply(files)
        return files

    def build_findable(self, swaps: list[Swap]) -> tuple[list[Swap], dict[str, str]]:
        """The findable playbook's pages; a value the content checks refuse is taken back (its
        field is then judged by leaving it out)."""
        for s in swaps:
            if s.target is not None and s.target not in self.decoys:
                made = self.swap(s.leaf)
                assert made is not None
                self.decoys[s.target] = made  # the target is added, the field keeps its own
        for _ in range(30):
            try:
                self.result.builds += 1
                return swaps, render(self.findable_files(swaps))
            except ContentError as exc:
                refused = self._refused(swaps, exc)
                if not refused:
                    raise
                swaps = [s for s in swaps if id(s) not in refused]
        raise AssertionError("the findable playbook could not be made valid in 30 tries")

    def _refused(self, swaps: list[Swap], exc: ContentError) -> set[int]:
        refused: set[int] = set()
        for problem in exc.problems:
            match = re.fullmatch(r"content/([a-z_-]+)(?:/([a-z0-9-]+))?\.yml", problem.file)
            if not match:
                return {id(s) for s in swaps}
            collection, entity = match.group(1), match.group(2) or MAIN
            mine = [s for s in swaps if s.value is not s.leaf.value]
            by_target = [s for s in mine if s.value == entity and s.target == collection]
            by_target += [s for s in mine if s.target in PART_HOLDERS and str(s.value) in problem.where]
            if by_target:
                refused |= {id(s) for s in by_target}
                continue
            where = _loc(problem.where)
            named = [s for s in mine if isinstance(s.value, str) and re.search(_word(s.value), str(problem))]
            near = [
                s
                for s in mine
                if (s.leaf.collection, s.leaf.entity) == (collection, entity)
                and (s.leaf.loc[: len(where)] == where or where[: len(s.leaf.loc)] == s.leaf.loc)
            ]
            if named or near:
                refused |= {id(s) for s in named + near}
            else:  # nothing points at a cause: every value given in the file is taken back
                refused |= {id(s) for s in mine if (s.leaf.collection, s.leaf.entity) == (collection, entity)}
        return refused

    # -- judging --------------------------------------------------------------------------------

    def run(self) -> Judgement:
        swaps = [s for s in (self.swap(leaf) for leaf in self.leaves) if s is not None]
        swaps, pages = self.build_findable(swaps)
        tokens = {page: page_tokens(text) for page, text in pages.items()}
        crowded = self._crowded(swaps, tokens, pages)
        left: list[Leaf] = []
        by_key = {key_of(s.leaf): s for s in swaps}
        for leaf in self.leaves:
            s = by_key.get(key_of(leaf))
            source = self.playbook.source(leaf.collection, leaf.entity)
            if s is not None and (source, s.target) not in crowded and self._found(s, pages[source], tokens[source]):
                self.result.found.add(key_of(leaf))
            else:
                left.append(leaf)
        self.leave_out(left)
        return self.result

    def _found(self, s: Swap, page: str, tokens: frozenset[str]) -> bool:
        if s.tokens:
            return bool(s.tokens & tokens)
        before = self.base[self.playbook.source(s.leaf.collection, s.leaf.entity)]
        return any(re.search(p, page) for p in s.patterns) and not any(re.search(p, before) for p in s.patterns)

    def _crowded(
        self, swaps: list[Swap], tokens: dict[str, frozenset[str]], pages: dict[str, str]
    ) -> set[tuple[str, str | None]]:
        """(page, kind of target) where finding a fresh target says nothing of the field: the page
        shows the decoy of the kind (a fresh target nothing names: the page lists every target
        of the kind, as the strategy page lists every segment), or a fresh target made for an
        entity whose page shows nothing of this one's."""
        out: set[tuple[str, str | None]] = set()
        for kind, decoy in self.decoys.items():
            out |= {(page, kind) for page, found in tokens.items() if decoy.tokens & found}
        shown = {page: frozenset(m.lower() for m in MARKER_ANY_CASE.findall(text)) for page, text in pages.items()}
        for s in swaps:
            if s.target is None:
                continue
            own = self.playbook.source(s.leaf.collection, s.leaf.entity)
            mine = self.scope(s.leaf)
            for page, found in tokens.items():
                if page != own and s.tokens & found and page in self.base and not mine & shown[page]:
                    out.add((page, s.target))
        return out

    def leave_out(self, leaves: list[Leaf]) -> None:
        """Each field left out, in as few builds as may be: a build leaves out at most one field
        of each entity, and only fields whose entities' pages show nothing of the other's part."""
        queues: dict[tuple[str, str], list[Leaf]] = {}
        for leaf in leaves:
            queues.setdefault((leaf.collection, leaf.entity), []).append(leaf)
        shown = {
            e: frozenset(m.lower() for m in MARKER_ANY_CASE.findall(self.base[self.playbook.source(*e)]))
            for e in queues
        }
        while any(queues.values()):
            batch: list[Leaf] = []
            for entity in sorted(queues, key=lambda e: -len(queues[e])):
                if not queues[entity]:
                    continue
                leaf, mine = queues[entity][0], self.scope(queues[entity][0])
                if not any(
                    self.scope(other) & shown[entity] or mine & shown[(other.collection, other.entity)]
                    for other in batch
                ):
                    batch.append(queues[entity].pop(0))
            self._judge_batch(batch)

    def scope(self, leaf: Leaf) -> frozenset[str]:
        """The marker texts (lower-cased) of what leaving ``leaf`` out changes: its entity, or, in a
        file that holds many parts (strategy.yml), its part. A page that shows none of them
        cannot change with it."""
        key = (leaf.collection, leaf.entity, leaf.loc[:2] if COLLECTIONS[leaf.collection].single else ())
        if key not in self.scopes:
            node: Any = self.playbook.files[leaf.collection][leaf.entity]
            if COLLECTIONS[leaf.collection].single and len(leaf.loc) > 2:
                node = node[leaf.loc[0]][leaf.loc[1]]
            self.scopes[key] = frozenset(m.lower() for m in MARKER.findall(yaml.safe_dump(node)))
        return self.scopes[key]

    def _judge_batch(self, batch: list[Leaf]) -> None:
        files = copy.deepcopy(self.playbook.files)
        for leaf in batch:
            leave_out(files, leaf)
        try:
            self.result.builds += 1
            pages = render(files)
        except ContentError as exc:
            if len(batch) == 1:
                self.result.failures[key_of(batch[0])] = (
                    f"{batch[0].key}: the playbook without it does not validate, so it cannot be judged:\n{exc.report()}"
                )
                return
            files_named = {problem.file for problem in exc.problems}
            culprits = [leaf for leaf in batch if self.playbook.source(leaf.collection, leaf.entity) in files_named]
            rest = [leaf for leaf in batch if leaf not in culprits]
            if not culprits or not rest:  # no file named: halves
                culprits, rest = batch[: len(batch) // 2], batch[len(batch) // 2 :]
            for leaf in culprits:
                self._judge_batch([leaf])
            self._judge_batch(rest)
            return
        for leaf in batch:
            source = self.playbook.source(leaf.collection, leaf.entity)
            if pages[source] != self.base[source]:
                self.result.changed.add(key_of(leaf))
            else:
                self.result.failures[key_of(leaf)] = (
                    f"{leaf.key} ({leaf.value!r}) makes no difference to {source}'s page: show it, or list it "
                    "in NOT_SHOWN (generator/model/shown.py) with the reason"
                )


def _tokens(data: Any) -> frozenset[str]:
    """A fresh target's marker texts (also lower-cased: a condition names a date attribute so)."""
    markers = MARKER.findall(yaml.safe_dump(data))
    return frozenset(markers) | frozenset(m.lower() for m in markers)


def _at(files: Files, leaf: Leaf) -> Any:
    node: Any = files[leaf.collection][leaf.entity]
    for step in leaf.loc:
        node = node[step]
    return node


MARKER_ANY_CASE = re.compile(MARKER.pattern, re.IGNORECASE)
FRESH_ID = re.compile(r"(?<![\w-])(?:[a-z0-9-]+-fx\d{4}|fx-\d{4})(?![\w-])")


def page_tokens(text: str) -> frozenset[str]:
    """The marker texts and fresh ids on a page."""
    return frozenset(MARKER_ANY_CASE.findall(text)) | frozenset(FRESH_ID.findall(text))


def _loc(where: str) -> tuple[str | int, ...]:
    return tuple(int(a) if a else b for a, b in re.findall(r"\[(\d+)\]|([^.\[\]]+)", where))
