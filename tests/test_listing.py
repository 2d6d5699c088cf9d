"""`playbook list` and `playbook show`, and links written on either side of a relation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks.run import run_checks
from generator.cli import main
from generator.pipeline import Project, build_pages, load_playbook

from .conftest import FIXTURES, TEMPLATES


def playbook(*args: str, root: Path = FIXTURES / "small") -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


def test_list_gives_every_entity_with_its_id_name_and_file() -> None:
    code, out = playbook("list")
    assert code == 0
    assert out.splitlines() == [
        "philosophy  philosophy       Philosophy        content/philosophy.yml",
        "strategy    strategy         Strategy & ICP    content/strategy.yml",
        "process     sales-process    Sales process     content/processes/sales-process.yml",
        "stage       close            Close             content/stages/close.yml",
        "stage       discover         Discover          content/stages/discover.yml",
        "persona     owner            Bakery Owner      content/personas/owner.yml",
        "role        manager          Area Manager      content/roles/manager.yml",
        "role        rep              Field Rep         content/roles/rep.yml",
        "method      waste-questions  Waste questions   content/methods/waste-questions.yml",
        "metric      visits           First visits      content/metrics/visits.yml",
        "metric      wins             New bakeries won  content/metrics/wins.yml",
        "coaching    count-the-waste  Count the waste   content/coaching/count-the-waste.yml",
    ]


def test_list_of_one_kind_as_json_has_owner_and_review_date() -> None:
    code, out = playbook("list", "metric", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [m["id"] for m in listed] == ["visits", "wins"]
    assert set(listed[0]) == {"kind", "id", "name", "file", "owner", "review_by"}
    code, out = playbook("list", "metric", "--format", "json", root=FIXTURES / "healthy")
    wins = next(m for m in json.loads(out) if m["id"] == "wins")
    assert (wins["owner"], wins["review_by"]) == ("Bakery enablement team", "2027-06-30")


def test_list_with_a_misspelt_kind_suggests_the_right_one() -> None:
    code, out = playbook("list", "stgae")
    assert code == 1
    assert out == "Error: 'stgae' is not a kind of content: did you mean 'stage'?\n"


def test_show_gives_the_links_both_ways_with_where_they_are_written() -> None:
    code, out = playbook("show", "discover")
    assert code == 0
    assert out.splitlines() == [
        "stage discover: Discover",
        "  file: content/stages/discover.yml",
        "  refers to:",
        "    role rep  (activities[0].role)",
        "    role manager  (activities[1].role)",
        "  referred to by:",
        "    process sales-process  (stages[0])",
        "    persona owner  (stages[0])",
        "    method waste-questions  (stages[0])",
        "    coaching count-the-waste  (stages[0])",
    ]


def test_show_a_misspelt_id_suggests_the_right_one() -> None:
    code, out = playbook("show", "clse")
    assert (code, out) == (1, "Error: no entity has the id 'clse': did you mean 'close'?\n")


def test_show_an_id_two_kinds_share_asks_for_the_kind(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    (tmp_path / "content/metrics/close.yml").write_text("name: Closed\nkind: lag\n", encoding="utf-8")
    code, out = playbook("show", "close", root=tmp_path)
    assert code == 1
    assert out == "Error: more than one entity has the id 'close': write one of stage:close, metric:close\n"
    code, out = playbook("show", "metric:close", "--format", "json", root=tmp_path)
    assert code == 0 and json.loads(out)["name"] == "Closed"


# A method in a stage, written on the method's side (as the fixture has it), on the stage's, or both.
METHOD_SIDE = {}
STAGE_SIDE = {
    "methods/waste-questions.yml": ("stages: [discover]\n", ""),
    "stages/discover.yml": ("name: Discover\n", "name: Discover\nmethods: [waste-questions]\n"),
}
BOTH_SIDES = {"stages/discover.yml": ("name: Discover\n", "name: Discover\nmethods: [waste-questions]\n")}


def project_with(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Project:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    for name, (old, new) in edits.items():
        path = tmp_path / "content" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Project(tmp_path, tmp_path / "content", TEMPLATES)


@pytest.mark.parametrize("edits", [STAGE_SIDE, BOTH_SIDES], ids=["stage-side", "both-sides"])
def test_a_link_written_on_either_side_is_one_relation(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> None:
    written = project_with(tmp_path / "written", edits)
    reference = project_with(tmp_path / "reference", METHOD_SIDE)
    views = {}
    for name, project in (("written", written), ("reference", reference)):
        resolved, validated = load_playbook(project)
        stage = next(s for s in resolved.stages if s.id == "discover")
        method = next(m for m in resolved.methods if m.id == "waste-questions")
        views[name] = ([m.id for m in stage.methods], [s.id for s in method.stages])
        report = run_checks(validated, resolved)
        assert not any(f.rule == "stage-has-method" and "discover" in f.message for f in report.findings)
    assert views["written"] == views["reference"] == (["waste-questions"], ["discover"])
    # The site shows the same: both pages are the same whichever side wrote the link.
    pages = {name: {p.path: p.markdown for p in build_pages(project).pages}
             for name, project in (("written", written), ("reference", reference))}
    for path in ("stages/discover.md", "methods/waste-questions.md"):
        assert pages["written"][path] == pages["reference"][path]
    code, out = playbook("show", "waste-questions", root=tmp_path / "written")
    referred_by = out.split("referred to by:")[1].splitlines()
    assert code == 0 and "    stage discover  (methods[0])" in referred_by  # `show` names the side that wrote it


def test_show_gives_the_element_a_criterion_confirms_both_ways(tmp_path: Path) -> None:
    """A stage whose exit criterion ``confirms:`` an element refers to the element's framework,
    and the framework is referred to by the stage, with the element named."""
    root = tmp_path / "playbook"
    shutil.copytree(FIXTURES / "small", root, ignore=shutil.ignore_patterns("expected"))
    (root / "content" / "qualification").mkdir()
    (root / "content" / "qualification" / "waste-check.yml").write_text(
        "name: Waste check\nelements:\n  - id: daily-waste\n    name: Daily waste\n    due: discover\n",
        encoding="utf-8",
    )
    stage = root / "content" / "stages" / "discover.yml"
    text = stage.read_text(encoding="utf-8")
    written = "  - text: Daily waste is written down in loaves.\n    confirms: waste-check.daily-waste\n"
    stage.write_text(text.replace("  - Daily waste is written down in loaves.\n", written), encoding="utf-8")
    code, out = playbook("show", "discover", root=root)
    assert code == 0, out
    assert "    qualification waste-check  (exit_criteria[0].confirms: daily-waste)" in out.splitlines()
    code, out = playbook("show", "waste-check", root=root)
    assert code == 0, out
    assert "    stage discover  (exit_criteria[0].confirms: daily-waste)" in out.splitlines()
