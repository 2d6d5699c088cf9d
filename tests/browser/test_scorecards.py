"""The offline score calculator on each scorecard's page (and still on the ICP's fit score): a rep
picks one row per factor and reads the total and its grade; without script the page is the same
tables, complete."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.checks.strategy import maximum_of

from .conftest import DESKTOP, BuiltSite, Outside


@pytest.fixture
def no_script(chromium: Any, site: BuiltSite, outside: Outside) -> Iterator[Any]:
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False, service_workers="block")
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    yield context.new_page()
    context.close()


def _card(site: BuiltSite) -> Any:
    if not site.playbook.scorecards:
        pytest.skip("the content the browser tests use has no scorecard")
    return site.playbook.scorecards[0]


def _pick(page: Any, factor: int, points: int) -> None:
    """Tick the first row of ``factor`` that scores ``points``."""
    radios = page.locator(f".playbook-scorecard input[type=radio][name$='-{factor}'][value='{points}']")
    radios.first.check()


def test_picking_a_row_per_factor_gives_the_score_and_its_grade(page: Any, site: BuiltSite) -> None:
    card = _card(site)
    page.goto(site.url(card.page))
    result = page.locator(".playbook-scorecard .playbook-icp__result")
    assert result.inner_text() == f"Score: 0 so far ({len(card.factors)} factors to go)" + (
        f" — grade {card.grades[-1].name}"
        if card.grades and card.grades[-1].at_least <= 0
        else f" — under every grade (the lowest starts at {card.grades[-1].at_least})"
        if card.grades
        else ""
    )

    best = [maximum_of(f) for f in card.factors]
    _pick(page, 0, best[0])
    assert f"Score: {best[0]} so far ({len(card.factors) - 1} factor" in result.inner_text()
    for i, points in enumerate(best[1:], start=1):
        _pick(page, i, points)
    total = sum(best)
    top = card.grades[0]
    assert total >= top.at_least, "the sample's scorecard can reach its top grade"
    assert result.inner_text() == f"Score: {total} — grade {top.name}"

    # Each factor counts once: another row of the same factor replaces the first pick.
    worst = min([b.points for b in card.factors[0].bands] + [o.points for o in card.factors[0].options])
    _pick(page, 0, worst)
    assert result.inner_text().startswith(f"Score: {total - best[0] + worst} — ")
    # The result is announced to a screen reader as it changes.
    assert result.get_attribute("aria-live") == "polite"


def test_every_scorecard_page_has_its_own_calculator(page: Any, site: BuiltSite) -> None:
    for card in site.playbook.scorecards:
        page.goto(site.url(card.page))
        rows = sum(len(f.bands) + len(f.options) + 1 for f in card.factors)
        assert page.locator(".playbook-scorecard input[type=radio]").count() == rows, card.id
        assert page.locator(".playbook-scorecard .playbook-icp__result").count() == 1, card.id


def test_without_script_the_scorecard_is_its_tables(no_script: Any, site: BuiltSite) -> None:
    card = _card(site)
    no_script.goto(site.url(card.page))
    assert no_script.locator(".playbook-scorecard input").count() == 0
    text = no_script.locator(".playbook-scorecard").inner_text()
    for factor in card.factors:
        assert factor.name in text
    for grade in card.grades:
        assert f"{grade.at_least} or more" in text
    assert no_script.locator(".playbook-icp__result").count() == 0


def test_the_icp_fit_score_still_says_good_fit(page: Any, site: BuiltSite) -> None:
    strategy = site.playbook.strategy
    scoring = strategy.icp.scoring if strategy and strategy.icp else None
    if scoring is None:
        pytest.skip("no ICP scoring in the content the browser tests use")
    page.goto(site.url(strategy.page))
    for i, factor in enumerate(scoring.factors):
        page.locator(f".playbook-icp input[type=radio][name$='-{i}'][value='{maximum_of(factor)}']").first.check()
    best = sum(maximum_of(f) for f in scoring.factors)
    result = page.locator(".playbook-icp .playbook-icp__result").inner_text()
    assert result == f"Fit score: {best} — a good fit"
