"""Property-based fuzzing of load + validate: whatever bytes an editor commits, the answer is either
a valid playbook or a list of located problems — never an unhandled exception, hang or crash.

The fast in-memory path is used (``parse_document`` + ``validate_documents``), no site is built. The
budgets below add up to a few thousand cases and run in well under two minutes.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.discover import discover
from generator.content.document import Document
from generator.content.load import parse_document
from generator.errors import Problem
from generator.model import COLLECTIONS
from generator.model.collections import LAYOUT
from generator.model.validate import validate_documents

from .conftest import FIXTURES

REPO = Path(__file__).resolve().parent.parent
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: the fuzz budget goes to our code
FAST = settings(max_examples=350, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def sample() -> tuple[tuple[str, str, str, bytes], ...]:
    """(collection, id, file, bytes) of every file of the bundled playbook, or the small fixture
    while the sample content is missing."""
    for root in (REPO, FIXTURES / "small"):
        documents, problems = discover(root / "content", root, LAYOUT)
        files = tuple((d.collection, d.id, d.file, d.source.read_bytes()) for d in documents if d.source)
        if documents and not problems and not load(list(files))[1]:
            return files
    raise AssertionError("no sample playbook to fuzz")


def check(documents: list[Document], problems: list[Problem]) -> None:
    """The property: validation runs to the end, and every problem points into a real file."""
    _, more = validate_documents(documents)
    files = {d.file: d for d in documents}
    for problem in [*problems, *more]:
        assert problem.file in files, problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message.strip(), problem
        assert "Traceback" not in problem.message
        shown = str(problem)
        # One line, no terminal escapes or reordering marks, whatever the keys and values hold.
        assert len(shown.splitlines()) == 1, shown
        assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown), shown


def load(files: list[tuple[str, str, str, bytes]]) -> tuple[list[Document], list[Problem]]:
    documents, problems = [], []
    for collection, entity_id, file, raw in files:
        doc = Document(collection, entity_id, file)
        problems += parse_document(raw, doc)
        documents.append(doc)
    return documents, problems


@functools.cache
def sample_documents() -> tuple[Document, ...]:
    """The sample parsed once: validation only reads documents, so examples can share them."""
    documents, problems = load(list(sample()))
    assert problems == []
    return tuple(documents)


def with_changed_file(index: int, raw: bytes) -> tuple[list[Document], list[Problem]]:
    """The sample playbook with one file's bytes replaced; only that file is parsed again."""
    documents = list(sample_documents())
    old = documents[index]
    changed, problems = load([(old.collection, old.id, old.file, raw)])
    documents[index] = changed[0]
    return documents, problems


def check_one(collection: str, raw: bytes) -> None:
    lines = raw.count(b"\n") + 1
    documents, problems = load([(collection, "fuzzed", f"content/{collection}/fuzzed.yml", raw)])
    for problem in problems:
        assert problem.line <= lines + 1, problem
    check(documents, problems)


# --- random YAML documents ------------------------------------------------------------------------

# Text that YAML likes to reinterpret: booleans, numbers, times, dates, nulls, tags, anchors, indicators.
TRAPS = ["NO", "no", "on", "Off", "yes", "y", "~", "null", "10:30", "0755", "0o17", "1e3", "1.5e+3", ".inf",
         "-.nan", "2024-02-30", "2024-03-01", "!!python/name:os.system", "*alias", "&anchor", "<<", "---",
         "...", "- item", "key: value", "# not a comment", "{{ playbook }}", "{% raw %}", "<script>x</script>", "",
         "\t", "a\u0000b", "\ufeff", "line\nbreak", "é ü 日本", "rep", "discover", "visits", "Rep", "../rep"]
scalars = st.one_of(
    st.sampled_from(TRAPS), st.text(max_size=30), st.integers(), st.floats(allow_nan=True),
    st.booleans(), st.none(), st.dates(),
)
field_names = st.one_of(st.sampled_from(sorted({n for c in COLLECTIONS.values() for n in c.model.model_fields}
                                               | {"role", "actions", "id", "continue", "on", "<<"})),
                        st.text(max_size=12))
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(field_names, children, max_size=6)),
    max_leaves=25,
)


@FAST
@given(collection=st.sampled_from(sorted(COLLECTIONS)), data=st.dictionaries(field_names, values, max_size=10),
       flow=st.booleans())
def test_random_documents_validate_or_give_located_problems(collection: str, data: dict[str, Any], flow: bool) -> None:
    try:
        text = yaml.dump(data, Dumper=Dumper, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    check_one(collection, text.encode("utf-8"))


# --- random text and bytes ------------------------------------------------------------------------

yaml_soup = st.text(alphabet=st.sampled_from(list("ab:-?[]{},&*!|>'\"#%@`\t\n  \\.0123456789\ufeff") + ["é"]),
                    max_size=200)


@settings(max_examples=1500, deadline=None)  # about a millisecond each
@given(collection=st.sampled_from(sorted(COLLECTIONS)), text=yaml_soup)
def test_random_yaml_punctuation(collection: str, text: str) -> None:
    check_one(collection, text.encode("utf-8"))


@settings(max_examples=500, deadline=None)
@given(collection=st.sampled_from(sorted(COLLECTIONS)), raw=st.binary(max_size=300))
def test_random_bytes(collection: str, raw: bytes) -> None:
    check_one(collection, raw)


# --- mutations of the sample playbook --------------------------------------------------------------


def mutate(raw: bytes, kind: str, at: float, junk: bytes, width: int) -> bytes:
    """One edit of the kind people make by accident: a deletion, an insertion, a pasted fragment,
    a repeated or swapped line, a changed indentation."""
    lines = raw.split(b"\n")
    i = min(int(at * len(lines)), len(lines) - 1)
    j = min(int(at * len(raw)), len(raw))
    if kind == "delete":
        return raw[:j] + raw[j + width :]
    if kind == "insert":
        return raw[:j] + junk + raw[j:]
    if kind == "repeat-line":
        return b"\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    if kind == "swap-lines" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
        return b"\n".join(lines)
    if kind == "indent":
        lines[i] = b" " * (width % 7) + lines[i].lstrip(b" ")
        return b"\n".join(lines)
    if kind == "tab":
        lines[i] = b"\t" + lines[i]
        return b"\n".join(lines)
    return raw[:j]  # truncated, as by an interrupted save


junk_bytes = st.one_of(st.sampled_from([b": ", b"- ", b"[", b"}", b"&a ", b"*a", b"!!python/object:os.system ", b'"',
                                        b"'", b"\t", b"\xff\xfe", b"\x00", b"---\n", b"<<: *a\n", b"|\n", b"#"]),
                       st.binary(max_size=8))


@settings(max_examples=900, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(min_value=0), edits=st.lists(
    st.tuples(st.sampled_from(["delete", "insert", "repeat-line", "swap-lines", "indent", "tab", "truncate"]),
              st.floats(min_value=0, max_value=1), junk_bytes, st.integers(min_value=1, max_value=40)),
    min_size=1, max_size=3))
def test_mutations_of_the_sample_playbook(which: int, edits: list[tuple[str, float, bytes, int]]) -> None:
    files = sample()
    index = which % len(files)
    raw = files[index][3]
    for kind, at, junk, width in edits:
        raw = mutate(raw, kind, at, junk, width)
    check(*with_changed_file(index, raw))


def paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*here, index))
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(min_value=0), where=st.integers(min_value=0), action=st.sampled_from(["replace", "delete"]),
       value=values)
def test_changed_values_in_the_sample_playbook(which: int, where: int, action: str, value: Any) -> None:
    """A value of the right shape replaced by a random one (or removed): typed errors, located."""
    documents = sample_documents()
    index = which % len(documents)
    data = copy.deepcopy(documents[index].data)
    spots = paths(data)[1:]
    if spots:
        spot = spots[where % len(spots)]
        parent = functools.reduce(lambda node, key: node[key], spot[:-1], data)
        if action == "delete":
            del parent[spot[-1]]
        else:
            parent[spot[-1]] = value
    try:
        raw = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False).encode("utf-8")
    except yaml.YAMLError:
        return
    check(*with_changed_file(index, raw))
