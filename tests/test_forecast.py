"""Numbers on stages (probability, forecast category, time box, timed entry) and forecast categories:
validation with located messages, the links both ways, the pages, the scaffold and the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import ContentError
from generator.pipeline import Project, load_playbook
from generator.site.render import render_site

from .conftest import FIXTURES, REPO, TEMPLATES, write
from .test_import import refused, write_csv

COMMIT = """name: Commit
order: 2
description: We would bet our own number on it.
entry_rules:
  - The economic buyer confirmed the date.
  - text: The deal desk approved the price.
    when: {at_least: 50000}
stages: [close]
min_probability: 50
roll_up: call
conventions:
  - The close date is the signature date.
crm: {salesforce: Forecast, hubspot: COMMIT}
"""
NUMBERS = """probability: 60
forecast_category: commit
time_box:
  days: 21
  longer:
    - days: 30
      when: {note: A complex trial.}
timed_entry: {days: 45, before: the close date}
"""


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(Project.at(root))
    return [str(p) for p in caught.value.problems]


def append(root: Path, relative: str, text: str) -> None:
    path = root / "content" / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def numbered(small_playbook: Path) -> Path:
    """The small playbook with a Commit category and numbers on its Close stage."""
    write(small_playbook, "content/forecast/commit.yml", COMMIT)
    append(small_playbook, "stages/close.yml", NUMBERS)
    return small_playbook


def test_v2_content_validates_unchanged(small_playbook: Path) -> None:
    playbook, _ = load_playbook(Project.at(small_playbook))
    assert playbook.forecast == []
    assert all(s.forecast is None and s.probability is None for s in playbook.stages)


def test_links_both_ways(numbered: Path) -> None:
    playbook, _ = load_playbook(Project.at(numbered))
    close = next(s for s in playbook.stages if s.id == "close")
    (commit,) = playbook.forecast
    assert close.forecast is commit and close.probability == 60
    assert commit.stages == [close] and commit.default_for == [close]
    assert [days for days, _ in close.time_box_longer] == [30]
    assert commit.entry_rules[1].when is not None


def test_unknown_category_gets_did_you_mean(numbered: Path) -> None:
    path = numbered / "content/stages/close.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("forecast_category: commit", "forecast_category: comit"))
    assert problems_of(numbered) == [
        "content/stages/close.yml:11:20: forecast_category: unknown forecast category 'comit'; closest: 'commit'"
    ]


def test_unknown_category_in_a_meeting(numbered: Path) -> None:
    write(numbered, "content/meetings/call.yml", "name: Forecast call\nforecast_categories: [commitment]\n")
    assert problems_of(numbered) == [
        "content/meetings/call.yml:2:23: forecast_categories[0]: unknown forecast category 'commitment'; "
        "closest: 'commit'"
    ]


@pytest.mark.parametrize(
    "written, message",
    [
        ("120", "probability: must be at most 100"),
        ("-5", "probability: must be at least 0"),
        (".inf", "probability: expected a finite number, like 20"),
        ("high", "probability: expected a number, got text"),
    ],
)
def test_probability_is_a_finite_percentage(numbered: Path, written: str, message: str) -> None:
    path = numbered / "content/stages/close.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("probability: 60", f"probability: {written}"))
    assert problems_of(numbered) == [f"content/stages/close.yml:10:14: {message}"]


def test_default_category_must_allow_the_stage(numbered: Path) -> None:
    path = numbered / "content/forecast/commit.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("stages: [close]", "stages: [discover]"))
    assert problems_of(numbered) == [
        "content/stages/close.yml:11:20: forecast_category: forecast category 'commit' does not allow stage 'close'"
        " (it allows: discover); add 'close' to its stages in content/forecast/commit.yml, or name another category"
    ]


def test_probability_under_the_category_minimum(numbered: Path) -> None:
    path = numbered / "content/stages/close.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("probability: 60", "probability: 40"))
    assert problems_of(numbered) == [
        "content/stages/close.yml:10:14: probability: probability 40 is under the minimum of its forecast category"
        " 'commit' (50)"
    ]


def test_timed_entry_needs_one_anchor(numbered: Path) -> None:
    path = numbered / "content/stages/close.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{days: 45, before: the close date}", "{days: 45, before: a, after: b}"))
    assert problems_of(numbered) == [
        "content/stages/close.yml:17:14: timed_entry: write either 'before' or 'after' and the date it counts from:"
        " 'before: renewal date'"
    ]


def test_time_box_days_are_whole(numbered: Path) -> None:
    path = numbered / "content/stages/close.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  days: 21", "  days: 2.5"))
    assert problems_of(numbered) == [
        "content/stages/close.yml:13:9: time_box.days: expected a whole number, got a number (2.5)"
    ]


def pages(root: Path) -> dict[str, str]:
    playbook, _ = load_playbook(Project.at(root))
    return {p.path: p.markdown for p in render_site(playbook, TEMPLATES).pages}


def test_forecast_pages_show_every_field(numbered: Path) -> None:
    site = pages(numbered)
    page = site["forecast/commit.md"]
    for written in (
        "We would bet our own number on it.",
        "The economic buyer confirmed the date.",
        "The deal desk approved the price.",
        "≥ $50k",
        "**Lowest probability:** 50 %",
        "the call: the number the team commits to",
        "The close date is the signature date.",
        "**In Salesforce:** Forecast",
        "**In HubSpot:** COMMIT",
        "[Stage 2 · Close](../stages/close.md)",
    ):
        assert written in page, written
    assert "[Commit](commit.md)" in site["forecast/index.md"]


def test_stage_page_shows_its_numbers_near_the_top(numbered: Path) -> None:
    page = pages(numbered)["stages/close.md"]
    numbers = next(line for line in page.splitlines() if "playbook-numbers" in line)
    for written in (
        "**Win probability:** 60 %",
        "[Commit](../forecast/commit.md)",
        "**Time box:** 21 days; 30 days",
        "A complex trial.",
        "**Starts** 45 days before the close date",
    ):
        assert written in numbers, written
    assert page.index("playbook-numbers") < page.index("Move on when")


def test_no_forecast_section_without_categories(small_playbook: Path) -> None:
    assert not any(path.startswith("forecast/") for path in pages(small_playbook))


def test_the_sample_uses_it() -> None:
    playbook, _ = load_playbook(Project.at(REPO))
    assert [c.id for c in playbook.forecast] == ["pipeline", "best-case", "commit", "closed", "omitted"]
    by_id = {s.id: s for s in playbook.stages}
    assert by_id["discovery"].probability == 10 and by_id["discovery"].forecast.id == "pipeline"
    assert by_id["renewal"].timed_entry.days == 120


def test_new_forecast_scaffolds_a_file_that_validates_once_filled(small_playbook: Path) -> None:
    result = CliRunner().invoke(main, ["new", "forecast", "best-case", "--root", str(small_playbook)])
    assert result.exit_code == 0, result.output
    text = (small_playbook / "content/forecast/best-case.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/forecast.schema.json")
    assert "roll_up: call" in text and "entry_rules:" in text


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small playbook without its process (so an import may write one), as the current folder."""
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    (tmp_path / "content" / "processes" / "sales-process.yml").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_import_reads_probability_time_box_and_forecast_category(project: Path) -> None:
    write(project, "content/forecast/best-case.yml", "name: Best case\n")
    rows = [
        ["Stage", "Probability", "Time box", "Forecast category", "Field Rep"],
        ["Shop visit", "20 %", "21 days", "Best case", "Visit at opening."],
        ["Trial offer", "60", "14", "", "Leave the trial agreement."],
    ]
    write_csv(Path("act.csv"), rows)
    write_csv(Path("exit.csv"), [["Stage", "Exit criterion"], ["Shop visit", "Waste written down."]])
    result = CliRunner().invoke(main, ["import", "act.csv", "--exit-criteria", "exit.csv"])
    assert result.exit_code == 0, result.output
    text = (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8")
    assert "probability: 20\nforecast_category: best-case\ntime_box:\n  days: 21\n" in text
    assert "probability: 60\ntime_box:\n  days: 14\n" in (project / "content/stages/trial-offer.yml").read_text()


def test_import_refuses_numbers_and_categories_it_cannot_use(project: Path) -> None:
    write(project, "content/forecast/best-case.yml", "name: Best case\n")
    rows = [
        ["Stage", "Probability", "Time box", "Forecast category", "Field Rep"],
        ["Shop visit", "twenty", "three weeks", "Best cas", "Visit at opening."],
        ["Trial offer", "120", "14", "", "Leave the trial agreement."],
    ]
    write_csv(Path("act.csv"), rows)
    write_csv(Path("exit.csv"), [["Stage", "Exit criterion"], ["Shop visit", "Waste written down."]])
    assert refused("act.csv", "--exit-criteria", "exit.csv") == [
        "act.csv, sheet Activities, row 2, column B: expected a probability from 0 to 100, like 20, found 'twenty'",
        "act.csv, sheet Activities, row 2, column C: expected a number of days, like 21, found 'three weeks'",
        "act.csv, sheet Activities, row 2, column D: unknown forecast category 'best-cas'; closest: 'best-case'",
        "act.csv, sheet Activities, row 3, column B: must be at most 100",
    ]
