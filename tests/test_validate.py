"""Validation and references: every message a user can see, with its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import Project, load_playbook

from .conftest import write


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(Project.at(root))
    return [str(p) for p in caught.value.problems]


def replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_small_fixture_is_valid(small_playbook: Path) -> None:
    playbook, validated = load_playbook(Project.at(small_playbook))
    assert [s.id for s in playbook.stages] == ["discover", "close"]
    assert set(validated.entities["metrics"]) == {"visits", "wins"}


def test_unknown_field_gets_did_you_mean(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "goal: Agree a trial.", "goal: Agree a trial.\nexit_critera: [x]")
    assert problems_of(small_playbook) == [
        "content/stages/close.yml:4:1: exit_critera: unknown field 'exit_critera': did you mean 'exit_criteria'?"
    ]


def test_unknown_field_in_a_nested_part(small_playbook: Path) -> None:
    replace(small_playbook, "content/roles/rep.yml", "    description: First quarter.", "    descripton: First quarter.")
    assert problems_of(small_playbook) == [
        "content/roles/rep.yml:9:5: tenure_tracks[0].descripton: unknown field 'descripton': did you mean 'description'?",
    ]


def test_missing_required_field_points_at_the_mapping(small_playbook: Path) -> None:
    # Only what identifies an entity is required: a metric without a definition is valid (the check asks
    # for it); a stage with a label needs no name (tests/test_model_v3_conditions.py).
    replace(small_playbook, "content/metrics/visits.yml", "name: First visits\n", "")
    assert problems_of(small_playbook) == [
        "content/metrics/visits.yml:1:1: name: required field 'name' is missing: add 'name:' (name of the metric)"
    ]


def test_wrong_type_number_for_text(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "  - Trial agreement signed.", "  - Trial agreement signed.\n  - 42")
    assert problems_of(small_playbook) == [
        'content/stages/close.yml:10:5: exit_criteria[1]: expected text, but YAML reads 42 as a number (42): put it in quotes: "42"'
    ]


def test_wrong_type_mapping_for_text(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "name: Close", "name:\n  text: Close")
    assert problems_of(small_playbook) == ["content/stages/close.yml:3:3: name: expected text, got fields (name: value)"]


@pytest.mark.parametrize(
    ("value", "reads_as"),
    [("NO", "a yes/no value (false)"), ("yes", "a yes/no value (true)"), ("10:30", "a number (630)"), ("0755", "a number (493)")],
)
def test_yaml_traps_in_text_fields_ask_for_quotes(small_playbook: Path, value: str, reads_as: str) -> None:
    replace(small_playbook, "content/stages/close.yml", "name: Close", f"name: {value}")
    assert problems_of(small_playbook) == [
        f'content/stages/close.yml:2:7: name: expected text, but YAML reads {value} as {reads_as}: put it in quotes: "{value}"'
    ]


def test_single_text_where_a_list_belongs(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "exit_criteria:\n  - Trial agreement signed.", "exit_criteria: Trial agreement signed.")
    assert problems_of(small_playbook) == [
        "content/stages/close.yml:8:16: exit_criteria: expected a list, got a single text: "
        "put each item on its own line, starting with '- '"
    ]


def test_unknown_reference_suggests_the_closest_id(small_playbook: Path) -> None:
    replace(small_playbook, "content/methods/waste-questions.yml", "stages: [discover]", "stages: [discovr]")
    assert problems_of(small_playbook) == [
        "content/methods/waste-questions.yml:5:10: stages[0]: unknown stage 'discovr'; closest: 'discover'"
    ]


def test_unknown_reference_with_nothing_close_lists_valid_ids(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "  - role: rep", "  - role: zzz")
    assert problems_of(small_playbook) == [
        "content/stages/close.yml:6:11: activities[0].role: unknown role 'zzz'; valid: 'manager', 'rep'"
    ]


def test_all_problems_in_one_run(small_playbook: Path) -> None:
    replace(small_playbook, "content/processes/sales-process.yml", "- close", "- discover")
    replace(small_playbook, "content/metrics/wins.yml", "kind: lag", "kind: lagging")
    write(small_playbook, "content/personas/buyer.yml", "name: [unclosed\n")
    problems = problems_of(small_playbook)
    assert problems == [
        "content/metrics/wins.yml:2:7: kind: 'lagging' is not allowed here; use one of 'lead' or 'lag' (did you mean 'lag'?)",
        "content/personas/buyer.yml:2:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 1, column 7)",
        "content/processes/sales-process.yml:7:3: stages[1]: 'discover' is already stage 1 of this process: "
        "list each stage once",
    ]


def test_metric_that_drives_itself(small_playbook: Path) -> None:
    replace(small_playbook, "content/metrics/wins.yml", "how_measured: Contracts.", "how_measured: Contracts.\ndrives: [visits]")
    assert problems_of(small_playbook) == [
        "content/metrics/visits.yml:6:9: drives: metric drives itself: visits → wins → visits",
        "content/metrics/wins.yml:6:9: drives: metric drives itself: wins → visits → wins",
    ]


def test_too_many_focus_metrics(small_playbook: Path) -> None:
    replace(small_playbook, "content/roles/rep.yml", "focus_metrics: [visits]", "focus_metrics: [visits, visits, visits, visits]")
    assert problems_of(small_playbook) == [
        "content/roles/rep.yml:10:20: tenure_tracks[0].focus_metrics: has 4 items; at most 3 allowed"
    ]


def test_id_key_is_refused(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "label: Stage 2", "id: close\nlabel: Stage 2")
    assert problems_of(small_playbook) == ["content/stages/close.yml:1:1: id: remove 'id': the id is the file name"]


def test_empty_list_and_empty_text(small_playbook: Path) -> None:
    replace(small_playbook, "content/stages/close.yml", "goal: Agree a trial.", "goal: ''")
    replace(small_playbook, "content/stages/close.yml", "actions: [Send the trial agreement.]", "actions: []")
    assert problems_of(small_playbook) == [
        "content/stages/close.yml:3:7: goal: must not be empty",
        "content/stages/close.yml:7:14: activities[0].actions: needs at least 1 item",
    ]


def test_bad_date_and_bad_id_in_a_reference(small_playbook: Path) -> None:
    replace(small_playbook, "content/metrics/wins.yml", "kind: lag", "kind: lag\nreview_by: next year")
    replace(small_playbook, "content/personas/owner.yml", "stages: [discover]", "stages: [Discover]")
    assert problems_of(small_playbook) == [
        "content/metrics/wins.yml:3:12: review_by: expected a date written as YYYY-MM-DD, got text",
        "content/personas/owner.yml:6:10: stages[0]: 'Discover' is not a valid id: ids are lowercase: write 'discover'",
    ]
