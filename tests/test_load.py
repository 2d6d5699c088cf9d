"""Loading: positions of every value, duplicate keys, tags, unreadable files, discovery."""

from __future__ import annotations

from pathlib import Path

from generator.content.discover import discover
from generator.content.document import Document, Position
from generator.content.load import load_content, parse_document
from generator.model.collections import LAYOUT

from .conftest import write


def parse(text: str | bytes, collection: str = "stages", file: str = "content/stages/x.yml") -> tuple[Document, list[str]]:
    doc = Document(collection, "x", file)
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return doc, [str(p) for p in parse_document(raw, doc)]


def test_every_value_and_key_keeps_its_line_and_column() -> None:
    doc, problems = parse("# comment\nname: Discovery\nexit_criteria:\n  - one\n  - two\n")
    assert problems == []
    assert doc.data == {"name": "Discovery", "exit_criteria": ["one", "two"]}
    assert doc.position(("name",)) == Position(2, 7)
    assert doc.position(("name",), key=True) == Position(2, 1)
    assert doc.position(("exit_criteria",), key=True) == Position(3, 1)
    assert doc.position(("exit_criteria",)) == Position(4, 3)
    assert doc.position(("exit_criteria", 1)) == Position(5, 5)
    assert doc.position(("exit_criteria", 1), key=True) == Position(5, 5)  # list items have no key
    # A location that is not in the file falls back to the closest enclosing value.
    assert doc.position(("exit_criteria", 7)) == Position(4, 3)


def test_positions_follow_the_value_the_walker_kept() -> None:
    # Positions are looked up in the node tree when a message needs one, in flow collections too.
    doc, problems = parse("base: &b {x: 1}\nicp:\n  summary: text\n  ids: [one, two]\n")
    assert problems == []
    assert doc.position(("icp", "ids", 1)) == Position(4, 14)
    assert doc.position(("icp", "summary"), key=True) == Position(3, 3)
    assert doc.position(("icp", "nothing", 3)) == Position(3, 3)  # the closest enclosing value
    assert doc.position(("base", "x")) == Position(1, 14)


def test_duplicate_key_at_any_depth_is_reported_where_it_repeats() -> None:
    _, problems = parse("name: A\nicp:\n  summary: x\n  summary: y\n")
    assert problems == ["content/stages/x.yml:4:3: icp.summary: duplicate key 'summary' (first used on line 3)"]


def test_top_level_duplicate_key() -> None:
    _, problems = parse("name: A\ngoal: B\nname: C\n")
    assert problems == ["content/stages/x.yml:3:1: name: duplicate key 'name' (first used on line 1)"]


def test_python_tags_are_refused_not_constructed() -> None:
    _, problems = parse("name: !!python/object/apply:os.system ['echo hi']\n")
    assert problems == [
        "content/stages/x.yml:1:7: name: the YAML tag '!!python/object/apply:os.system' "
        "is not allowed: content is plain data"
    ]


def test_yaml_syntax_error_has_line_and_column() -> None:
    _, problems = parse("name: Discovery\ngoal: [unclosed\n")
    assert len(problems) == 1
    assert problems[0].startswith("content/stages/x.yml:3:1: YAML syntax error:")


def test_empty_file() -> None:
    _, problems = parse("# only a comment\n")
    assert problems == ["content/stages/x.yml:1:1: the file is empty: it needs the fields of a stage"]


def test_list_at_top_level() -> None:
    _, problems = parse("- name: A\n")
    assert problems == ["content/stages/x.yml:1:1: expected fields (name: value) at the top of the file, got a list"]


def test_unquoted_yaml_traps_keep_their_source_text() -> None:
    doc, problems = parse("name: NO\ngoal: 10:30\nbuyer_view: 'yes'\n")
    assert problems == []
    assert doc.data["name"] is False
    assert doc.plain_scalars[("name",)] == "NO"
    assert doc.plain_scalars[("goal",)] == "10:30"
    assert ("buyer_view",) not in doc.plain_scalars


def test_keys_stay_names_even_when_yaml_would_read_them_as_booleans() -> None:
    doc, problems = parse("on: x\nno: y\n")
    assert problems == []
    assert doc.data == {"on": "x", "no": "y"}


def test_discover_names_collections_and_ids(tmp_path: Path) -> None:
    write(tmp_path, "content/stages/discovery.yml", "name: x\n")
    write(tmp_path, "content/stages/Bad_Id.yml", "name: x\n")
    write(tmp_path, "content/stage/qualify.yml", "name: x\n")
    write(tmp_path, "content/philosophy.yml", "purpose: x\n")
    write(tmp_path, "content/README.md", "not content\n")
    docs, problems = discover(tmp_path / "content", tmp_path, LAYOUT)
    assert [(d.collection, d.id, d.file) for d in docs] == [
        ("philosophy", "philosophy", "content/philosophy.yml"),
        ("stages", "discovery", "content/stages/discovery.yml"),
    ]
    assert [str(p) for p in problems] == [
        "content/stage:1:1: 'stage' is not a collection of the playbook: did you mean 'stages'?",
        "content/stages/Bad_Id.yml:1:1: 'Bad_Id' is not a valid id: name the file with lowercase letters, digits and hyphens",
    ]


def test_same_id_with_both_extensions(tmp_path: Path) -> None:
    write(tmp_path, "content/roles/rep.yml", "name: x\n")
    write(tmp_path, "content/roles/rep.yaml", "name: y\n")
    docs, problems = load_content(tmp_path / "content", tmp_path, LAYOUT)
    assert [d.file for d in docs] == ["content/roles/rep.yaml"]
    assert [str(p) for p in problems] == ["content/roles/rep.yml:1:1: the id 'rep' is also used by content/roles/rep.yaml"]
