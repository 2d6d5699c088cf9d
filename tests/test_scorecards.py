"""Scorecards (issue 22 §6): any number of scoring models beside the ICP's fit score — each with its
factors, bands or answers and points, and named grades — validated at file, line and column, shown
on its own page with the calculator's markup, on its roles' pages and in the scorecards' index."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import Project, build_pages
from tests.test_messages import problems_after

CARD = """name: Bakery lead score
summary: Scores each bakery that asks about ovens.
scores: enquiry
roles: [rep]
factors:
  - name: Ovens
    unit: ovens
    description: From the enquiry form.
    bands:
      - {label: Few, below: 5, points: 0}
      - {at_least: 5, below: 20, points: 20}
      - {at_least: 20, points: 10}
  - name: Asked for
    options: [{label: A trial, points: 20}, {label: A leaflet, points: 5}]
    otherwise: -5
thresholds:
  - {name: Warm, at_least: 10, description: Call this week.}
  - {name: Hot, at_least: 30, description: Call today.}
maximum: 40
"""


def card(*edits: tuple[str, str]) -> tuple[str, None, str]:
    text = CARD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return ("scorecards/bakery-lead.yml", None, text)


ERRORS = [
    pytest.param(
        [card(("{at_least: 20, points: 10}", "{at_least: 20, points: ten}"))],
        ["content/scorecards/bakery-lead.yml:12:32: factors[0].bands[2].points: expected a whole number, got text"],
        id="points-not-a-number",
    ),
    pytest.param(
        [card(("{name: Hot,", "{name: warm,"))],
        [
            "content/scorecards/bakery-lead.yml:17:3: thresholds: two grades are named 'Warm': give each grade its "
            "own name"
        ],
        id="grade-named-twice",
    ),
    pytest.param(
        [card(("roles: [rep]", "roles: [reps]"))],
        ["content/scorecards/bakery-lead.yml:4:9: roles[0]: unknown role 'reps'; closest: 'rep'"],
        id="unknown-role",
    ),
    pytest.param(
        [("scorecards/bakery-lead.yml", None, "name: Empty\nfactors: []\n")],
        ["content/scorecards/bakery-lead.yml:2:10: factors: needs at least 1 item"],
        id="no-factors",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), ERRORS)
def test_errors_are_located(tmp_path: Path, edits: list[tuple[str, str | None, str]], expected: list[str]) -> None:
    assert problems_after(tmp_path, edits) == expected


def pages(tmp_path: Path, edits: list[tuple[str, str | None, str]], edition: str = "internal") -> dict[str, str]:
    assert problems_after(tmp_path, edits) == []
    templates = Path(__file__).resolve().parents[1] / "templates"
    site = build_pages(Project(tmp_path, tmp_path / "content", templates), edition)
    return {page.path: page.markdown for page in site.pages}


def test_scorecard_page_shows_factors_points_and_grades_for_the_calculator(tmp_path: Path) -> None:
    site = pages(tmp_path, [card()])
    page = site["scorecards/bakery-lead.md"]
    for words in (
        "# Bakery lead score",
        "Scores each bakery that asks about ovens.",
        "**Scores:** each enquiry",
        "**Used by:** [Field Rep](../roles/rep.md)",
        "out of a highest possible score of 40",
        '<div class="playbook-icp playbook-scorecard" markdown>',
        '| **Ovens**<br>From the enquiry form. | Few: under 5 ovens | <span data-factor="0" data-points="0">0</span> |',
        '| 5 to under 20 ovens | <span data-factor="0" data-points="20">20</span> |',
        '| A trial | <span data-factor="1" data-points="20">20</span> |',
        '| otherwise | <span data-factor="1" data-points="-5">-5</span> |',
        "| Grade | Score | What happens |",
    ):
        assert words in page, words
    # Grades from the highest down, as a reader looks one up.
    hot = page.index('| **Hot** | <span data-grade-at-least="30">30</span> or more | Call today. |')
    warm = page.index('| **Warm** | <span data-grade-at-least="10">10</span> or more | Call this week. |')
    assert hot < warm
    assert "<script" not in page  # the calculator is our script file only (CSP)
    assert "- **Scorecards:** [Bakery lead score](../scorecards/bakery-lead.md)" in site["roles/rep.md"]
    index = site["scorecards/index.md"]
    assert (
        "- **[Bakery lead score](bakery-lead.md)**: Scores each bakery that asks about ovens. · grades Hot, Warm"
        in index
    )
    assert "Ideal client fit score" not in index  # the strategy has no fit score here


ICP_SCORING = (
    "    - Buys all bread frozen.\n",
    "    - Buys all bread frozen.\n  scoring:\n    good_fit: 4\n"
    "    factors:\n      - name: Bakes daily\n        options: [{label: 'Yes', points: 4}]\n",
)


def test_the_icp_fit_score_is_shown_through_the_same_rows_and_listed_with_the_scorecards(tmp_path: Path) -> None:
    site = pages(tmp_path, [card(), ("strategy.yml", *ICP_SCORING)])
    page = site["strategy/index.md"]
    assert '<div class="playbook-icp" data-good-fit="4" markdown>' in page
    assert '| **Bakes daily** | Yes | <span data-factor="0" data-points="4">4</span> |' in page
    assert (
        "- **[Ideal client fit score](../strategy/index.md#fit-score)**: how well an account fits"
        in site["scorecards/index.md"]
    )


def test_no_scorecards_no_section(tmp_path: Path) -> None:
    assert "scorecards/index.md" not in pages(tmp_path, [])


def test_public_edition_withholds_an_internal_scorecard(tmp_path: Path) -> None:
    site = pages(tmp_path, [("scorecards/bakery-lead.yml", None, "visibility: internal\n" + CARD)], edition="public")
    assert "scorecards/bakery-lead.md" not in site
    assert "Bakery lead score" not in site["roles/rep.md"]
