"""Content model v3, issue 22 §3 and the motions of §6: gates before stages with named exceptions,
tracks that run alongside a process, motions without stages. Errors at their file, line and column;
each on the pages it concerns; the check rule for a gate without criteria."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks.run import run_checks
from generator.pipeline import Project, build_pages, load_playbook
from tests.test_messages import problems_after

EXCEPTIONS = (
    "strategy.yml",
    "off_profile_rule:",
    "exceptions:\n  repeat-bakery:\n    name: Repeat bakery\n    description: A bakery that ran a trial last year.\n"
    "    approver: The area manager\noff_profile_rule:",
)
GATE = (
    "processes/sales-process.yml",
    "- close\n",
    "- close\ngates:\n  - id: trial-gate\n    name: Trial gate\n    before: close\n    approver: manager\n"
    "    description: No trial without the owner.\n    criteria:\n      - The owner has tasted the bread.\n"
    "    exceptions: [repeat-bakery]\n",
)
TRACK = (
    "processes/baking-track.yml",
    None,
    "name: Baking track\nalongside: sales-process\nphases:\n  - id: test-bake\n    name: Phase 1 · Test bake\n"
    "    spans: {from: discover, to: close}\n    roles: [rep]\n    goal: The oven suits our flour.\n"
    "    actions: [Bake one batch with the owner.]\n    exit_criteria: [The owner likes the crust.]\n",
)
MOTION = (
    "processes/referral.yml",
    None,
    "name: Referral\ndescription: Bakeries sent to us by our millers.\nrules:\n  - text: The miller is thanked within a week.\n"
    "    unless: repeat-bakery\nroles: [manager]\n",
)


def pages(tmp_path: Path, edits: list[tuple[str, str | None, str]]) -> dict[str, str]:
    assert problems_after(tmp_path, edits) == []
    templates = Path(__file__).resolve().parents[1] / "templates"
    site = build_pages(Project(tmp_path, tmp_path / "content", templates))
    return {page.path: page.markdown for page in site.pages}


ERRORS = [
    pytest.param(
        [EXCEPTIONS, (GATE[0], GATE[1], GATE[2].replace("before: close", "before: discovr"))],
        ["content/processes/sales-process.yml:11:13: gates[0].before: unknown stage 'discovr'; closest: 'discover'"],
        id="gate-unknown-stage",
    ),
    pytest.param(
        [EXCEPTIONS, GATE, ("stages/other.yml", None, "name: Other\n"),
         (GATE[0], "before: close", "before: other")],
        ["content/processes/sales-process.yml:11:13: gates[0].before: 'other' is not a stage of process "
         "'sales-process': it has discover, close"],
        id="gate-stage-not-in-process",
    ),
    pytest.param(
        [(GATE[0], GATE[1], GATE[2].replace("[repeat-bakery]", "[repeat-bakry]"))],
        ["content/processes/sales-process.yml:16:18: gates[0].exceptions[0]: unknown exception 'repeat-bakry'; "
         "there are no exceptions yet: add them under 'exceptions' in content/strategy.yml"],
        id="gate-unknown-exception",
    ),
    pytest.param(
        [EXCEPTIONS, (MOTION[0], None, MOTION[2].replace("unless: repeat-bakery", "unless: repeat-bakey"))],
        ["content/processes/referral.yml:5:13: rules[0].unless: unknown exception 'repeat-bakey'; "
         "closest: 'repeat-bakery'"],
        id="line-unknown-exception",
    ),
    pytest.param(
        [(TRACK[0], None, TRACK[2].replace("alongside: sales-process\n", ""))],
        ["content/processes/baking-track.yml:2:1: phases: phases span the stages of another process: add "
         "'alongside: <process id>' to say which"],
        id="phases-without-alongside",
    ),
    pytest.param(
        [(TRACK[0], None, TRACK[2].replace("{from: discover, to: close}", "{from: close, to: discover}"))],
        ["content/processes/baking-track.yml:6:30: phases[0].spans.to: 'discover' comes before 'close' in "
         "'sales-process': a phase spans from an earlier stage to a later one"],
        id="span-backwards",
    ),
    pytest.param(
        [("stages/other.yml", None, "name: Other\n"), (TRACK[0], None, TRACK[2].replace("to: close", "to: other"))],
        ["content/processes/baking-track.yml:6:33: phases[0].spans.to: 'other' is not a stage of process "
         "'sales-process': it has discover, close"],
        id="span-outside-main-process",
    ),
    pytest.param(
        [(TRACK[0], None, TRACK[2].replace("alongside: sales-process", "alongside: baking-track"))],
        ["content/processes/baking-track.yml:2:12: alongside: a process cannot run alongside itself: name "
         "another process"],
        id="alongside-itself",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), ERRORS)
def test_errors_are_located(tmp_path: Path, edits: list[tuple[str, str | None, str]], expected: list[str]) -> None:
    assert problems_after(tmp_path, edits) == expected


def test_gate_on_the_stage_it_guards_and_on_the_process_map(tmp_path: Path) -> None:
    site = pages(tmp_path, [EXCEPTIONS, GATE])
    stage = site["stages/close.md"]
    assert "**[Trial gate](../process/sales-process.md#gate--trial-gate)** — a deal enters Stage 2 · Close only " in stage
    assert "[Area Manager](../roles/manager.md) signs it off. No trial without the owner." in stage
    assert "- The owner has tasted the bread." in stage
    assert "*Except:* [Repeat bakery](../strategy/index.md#exception--repeat-bakery) (A bakery that ran a trial" in stage
    process = site["process/sales-process.md"]
    assert '<span class="playbook-flow__gate">[Trial gate](sales-process.md#gate--trial-gate)</span> **[Stage 2 · Close]' in process
    assert "### Trial gate { #gate--trial-gate }" in process
    assert "- [Repeat bakery](../strategy/index.md#exception--repeat-bakery): A bakery that ran a trial last year." in process
    strategy = site["strategy/index.md"]
    assert "- **Repeat bakery**: A bakery that ran a trial last year. · granted by The area manager\n  {: #exception--repeat-bakery }" in strategy


def test_gate_without_criteria_is_a_finding(tmp_path: Path) -> None:
    edits = [EXCEPTIONS, (GATE[0], GATE[1], GATE[2].replace("    criteria:\n      - The owner has tasted the bread.\n", ""))]
    assert problems_after(tmp_path, edits) == []
    playbook, validated = load_playbook(Project.at(tmp_path))
    found = [f for f in run_checks(validated, playbook).findings if f.rule == "gate-has-criteria"]
    assert [(f.file, f.line, f.message) for f in found] == [
        ("content/processes/sales-process.yml", 10, "gate 'trial-gate' has no criteria: list under 'criteria' what "
         "a deal must show to pass it")
    ]


def test_track_is_a_second_lane_and_on_the_stages_it_spans(tmp_path: Path) -> None:
    site = pages(tmp_path, [TRACK])
    process = site["process/sales-process.md"]
    assert "| Track | Stage 1 · Discover | Stage 2 · Close | " in process
    assert ("| [Baking track](baking-track.md) | **[Phase 1 · Test bake](baking-track.md#phase--test-bake)** | → | "
            in process)
    for path in ("stages/discover.md", "stages/close.md"):
        assert ('<section class="playbook-phase" data-role="rep" markdown>\n\n**[Baking track](../process/baking-track.md): '
                "[Phase 1 · Test bake](../process/baking-track.md#phase--test-bake)** · Stage 1 · Discover to Stage 2 · Close"
                in site[path])
        assert "- Bake one batch with the owner." in site[path]
    assert "*Done when:* The owner likes the crust." in site["stages/close.md"]
    assert "The owner likes the crust." not in site["stages/discover.md"]
    track = site["process/baking-track.md"]
    assert "**Runs alongside:** [Sales process](sales-process.md)" in track
    assert "### Phase 1 · Test bake { #phase--test-bake }" in track
    assert "The oven suits our flour." in track
    assert "[Baking track: Phase 1 · Test bake](../process/baking-track.md#phase--test-bake)" in site["roles/rep.md"]


def test_motion_without_stages_has_its_own_page(tmp_path: Path) -> None:
    site = pages(tmp_path, [EXCEPTIONS, MOTION])
    page = site["process/referral.md"]
    assert "Bakeries sent to us by our millers." in page
    assert "## Rules { #referral--rules }" in page
    assert ("- The miller is thanked within a week. <span class=\"playbook-unless\">unless "
            "[Repeat bakery](../strategy/index.md#exception--repeat-bakery)</span>") in page
    assert "**Roles:** [Area Manager](../roles/manager.md)" in page
    assert "## The flow" not in page
