"""Content model v3, issue 22 §1, §4 and §5: only what identifies is required (a stage by its label,
a metric of unknown kind, an action of no role or several), conditions everywhere (strict and
inclusive comparisons, declared attributes, time windows, all / any / not, elements worked in a
range of stages), targets that vary and roles with variants and levels. Each error at its file,
line and column; each addition in words on its page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import Project, build_pages
from tests.test_messages import SMALL, problems_after

ATTRIBUTES = (
    "strategy.yml",
    "off_profile_rule:",
    "attributes:\n  source: {name: Lead source, values: [inbound, sdr-sourced, partner]}\n"
    "  arr: {name: Current ARR, unit: USD}\n  closed: {name: Close date, date: true}\noff_profile_rule:",
)


def pages_after(tmp_path: Path, edits: list[tuple[str, str | None, str]]) -> dict[str, str]:
    assert problems_after(tmp_path, edits) == []
    site = build_pages(Project(tmp_path, tmp_path / "content", Path(__file__).resolve().parents[1] / "templates"))
    return {page.path: page.markdown for page in site.pages}


ERRORS = [
    pytest.param(
        [("stages/close.yml", "label: Stage 2\nname: Close\n", "")],
        ["content/stages/close.yml:1:1: a stage needs a 'name' or a 'label': add 'name: Discovery' or 'label: Stage 3'"],
        id="stage-untitled",
    ),
    pytest.param(
        [("stages/close.yml", "  - role: rep\n", "  - role: rep\n    roles: [rep, manager]\n")],
        ["content/stages/close.yml:6:5: activities[0]: write either 'role' (one role) or 'roles' (several), not both"],
        id="role-and-roles",
    ),
    pytest.param(
        [("roles/rep.yml", "  - what: Book first visits.\n    measured_by: [visits]\n", "  - visibility: internal\n")],
        ["content/roles/rep.yml:5:5: responsibilities[0]: write what the role is accountable for ('what'), "
         "or the metrics that measure it ('measured_by')"],
        id="empty-responsibility",
    ),
    pytest.param(
        [ATTRIBUTES, ("stages/close.yml", "  - Trial agreement signed.", "  - text: Trial agreement signed.\n"
                      "    when: {attributes: {sorce: [inbound]}}")],
        ["content/stages/close.yml:10:25: exit_criteria[0].when.attributes.sorce: unknown attribute 'sorce'; "
         "closest: 'source'"],
        id="unknown-attribute",
    ),
    pytest.param(
        [ATTRIBUTES, ("stages/close.yml", "  - Trial agreement signed.", "  - text: Trial agreement signed.\n"
                      "    when: {attributes: {source: [inbund]}}")],
        ["content/stages/close.yml:10:34: exit_criteria[0].when.attributes.source[0]: 'inbund' is not a value "
         "of 'source': did you mean 'inbound'?"],
        id="unknown-value",
    ),
    pytest.param(
        [ATTRIBUTES, ("stages/close.yml", "  - Trial agreement signed.", "  - text: Trial agreement signed.\n"
                      "    when: {attributes: {source: {over: 5}}}")],
        ["content/stages/close.yml:10:33: exit_criteria[0].when.attributes.source: 'source' is not a number: "
         "list the values it must have, like [inbound, sdr-sourced]"],
        id="compare-values",
    ),
    pytest.param(
        [ATTRIBUTES, ("stages/close.yml", "  - Trial agreement signed.", "  - text: Trial agreement signed.\n"
                      "    when: {window: {after: arr, to: 30 days}}")],
        ["content/stages/close.yml:10:28: exit_criteria[0].when.window.after: 'arr' is not a date: declare it "
         "with 'date: true' in strategy.yml"],
        id="window-not-date",
    ),
    pytest.param(
        [("metrics/visits.yml", "drives: [wins]", "drives: [wins]\ntargets:\n  - {value: 3, role: rep, level: p9}")],
        ["content/metrics/visits.yml:8:34: targets[0].level: the role 'rep' has no level 'p9': it has no levels"],
        id="target-level",
    ),
    pytest.param(
        [("metrics/visits.yml", "drives: [wins]", "drives: [wins]\ntargets:\n  - {value: 3, role: rep, track: tenured}")],
        ["content/metrics/visits.yml:8:34: targets[0].track: the role 'rep' has no track 'tenured': it has new"],
        id="target-track",
    ),
    pytest.param(
        [("metrics/visits.yml", "drives: [wins]", "drives: [wins]\ntargets:\n  - {value: 3, variant: inbound}")],
        ["content/metrics/visits.yml:8:25: targets[0].variant: a target for a variant says whose: add 'role:' "
         "with the id of the role it is a variant of"],
        id="target-without-role",
    ),
    pytest.param(
        [("metrics/visits.yml", "drives: [wins]", "drives: [wins]\ntargets:\n  - {value: .inf}")],
        ["content/metrics/visits.yml:8:13: targets[0].value: expected a finite number, like 20"],
        id="target-infinite",
    ),
]


@pytest.mark.parametrize("edits, expected", ERRORS)
def test_v3_errors_are_located(tmp_path: Path, edits: list, expected: list[str]) -> None:
    assert problems_after(tmp_path, edits) == expected


def test_a_stage_with_only_a_label_is_titled_by_it(tmp_path: Path) -> None:
    pages = pages_after(tmp_path, [("stages/close.yml", "name: Close\n", "")])
    assert "\n# Stage 2\n" in pages["stages/close.md"]


def test_actions_of_no_role_and_of_several(tmp_path: Path) -> None:
    pages = pages_after(
        tmp_path,
        [("stages/close.yml", "  - role: rep\n    actions: [Send the trial agreement.]\n",
          "  - roles: [rep, manager]\n    actions: [Taste the bread together.]\n"
          "  - actions: [Book the kickoff.]\n")],
    )
    stage = pages["stages/close.md"]
    assert "The deal team { #close--team }" in stage and "- Book the kickoff." in stage
    assert stage.count("Taste the bread together.") == 2  # under each of its roles
    assert "*(with [" in stage
    matrix = next(text for path, text in pages.items() if path.endswith("-matrix.md"))
    assert matrix.count("Taste the bread together") == 2


def test_conditions_read_as_written(tmp_path: Path) -> None:
    pages = pages_after(
        tmp_path,
        [ATTRIBUTES,
         ("stages/close.yml", "  - Trial agreement signed.",
          "  - text: Trial agreement signed.\n"
          "    when: {over: 50000, attributes: {source: [sdr-sourced], arr: {at_most: 20000}}}\n"
          "  - text: Call the owner.\n    when: {window: {after: closed, from: 1 month, to: 6 months}}\n"
          "  - text: Ask for a referral.\n    when: {any: [{under: 5000}, {not: {attributes: {source: [partner]}}}]}"),
         ("roles/rep.yml", "  continue: [Visiting before 7am.]",
          "  continue:\n    - text: Visiting before 7am.\n      when: {at_least: 1000}")],
    )
    stage = pages["stages/close.md"]
    assert "over $50k · Lead source: sdr-sourced · Current ARR at most $20k" in stage
    assert "1 month to 6 months after close date" in stage
    assert "(under $5k or not (Lead source: partner))" in stage
    assert "Visiting before 7am. <span class=\"playbook-badge\" data-condition>≥ $1k" in pages["roles/rep.md"]


def test_targets_variants_levels_and_span(tmp_path: Path) -> None:
    pages = pages_after(
        tmp_path,
        [("roles/rep.yml", "motion: hunter\n",
          "motion: hunter\nspan: manages no one\nvariants:\n  - {name: Inbound rep, description: Works web leads.}\n"
          "levels:\n  - {name: P3, description: Learns the round., quota: 20 bakeries a year, scope: One town.}\n"),
         ("metrics/visits.yml", "drives: [wins]",
          "drives: [wins]\ntargets:\n  - {value: 12, role: rep, level: p3, period: Q1}\n"
          "  - {value: 30, role: rep, variant: inbound-rep, period: Q3, cumulative: true}\n"
          "actual: {value: 9, on: 2027-03-31}")],
    )
    metric, role = pages["metrics/visits.md"], pages["roles/rep.md"]
    assert "## Targets" in metric and "| Q1 | 12 visits per week |" in metric
    assert "Inbound rep | Q3 (cumulative) | 30 visits per week" in metric
    assert "**Actual:** 9 visits per week on 2027-03-31." in metric
    assert "Learns the round." in role and "20 bakeries a year" in role and "One town." in role
    assert "**Span:** manages no one" in role and "Works web leads." in role
    assert "## Targets" in role and "[First visits]" in role


def test_an_element_worked_in_a_range_is_asked_there(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "probe")  # the fixture has no framework: add one
    framework = (
        "name: Basics\nelements:\n  - id: waste\n    name: Weekly waste\n    questions: [How much bread goes unsold?]\n"
        "    worked_in: {from: discover, to: close}\n    due: close\n"
    )
    pages = pages_after(tmp_path, [("qualification/basics.yml", None, framework)])
    assert "Weekly waste" in pages["stages/discover.md"] and "being worked; known by" in pages["stages/discover.md"]
    assert "**Worked in:**" in pages["qualification/basics.md"]
