"""On paper: every stage card, coaching script and meeting worksheet prints on one A4 and one Letter
sheet, the all-cards page prints one sheet per stage, and the qualification scorecard prints."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import BuiltSite

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
          ".md-tags", ".playbook-role-picker", ".playbook-ownership"]
PAPERS = ("A4", "Letter")


def sheets(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def printed(page: Any, url: str, paper: str) -> int:
    page.goto(url)
    page.emulate_media(media="print")
    return sheets(page.pdf(format=paper, print_background=True))


def _visible_chrome(page: Any) -> list[str]:
    return [sel for sel in CHROME if page.locator(sel).count() and page.locator(sel).first.is_visible()]


@pytest.mark.parametrize("kind", ["stages", "coaching", "meetings"])
def test_print_hides_navigation_header_footer_and_pickers(kind: str, page: Any, site: BuiltSite) -> None:
    target = getattr(site.playbook, kind)[0]
    page.goto(site.url(target.page))
    assert page.locator(".md-header").is_visible()  # on screen they are there
    page.emulate_media(media="print")
    assert _visible_chrome(page) == []
    assert page.locator(".md-content h1").first.is_visible()


@pytest.mark.parametrize("kind", ["stages", "coaching", "meetings"])
def test_every_card_and_worksheet_prints_on_one_sheet_of_a4_and_letter(kind: str, page: Any,
                                                                       site: BuiltSite) -> None:
    long = []
    for item in getattr(site.playbook, kind):
        for paper in PAPERS:
            count = printed(page, site.url(item.page), paper)
            if count != 1:
                long.append(f"{item.page} on {paper}: {count} sheets")
    assert not long, "\n".join(long)


def test_a_printed_stage_card_still_shows_every_role_and_criterion(page: Any, site: BuiltSite) -> None:
    stage = max(site.playbook.stages, key=lambda s: len(s.activities))
    page.goto(site.url(stage.page))
    page.locator(".playbook-role-picker select").first.select_option(stage.activities[0].roles[0].id)
    page.emulate_media(media="print")  # a rep who picked a role still prints the whole card
    shown = page.locator(".playbook-role").evaluate_all("ss => ss.filter(s => s.offsetParent !== null).length")
    assert shown == len(stage.activities)
    assert page.locator(".playbook-checklist li").count() == len(stage.exit_criteria)


def test_the_all_cards_page_prints_one_sheet_per_stage(page: Any, site: BuiltSite) -> None:
    stages = site.playbook.stages
    page.goto(site.url("stages/cards.md"))
    page.emulate_media(media="print")
    cards = page.locator("article.stage-card")
    assert cards.count() == len(stages)
    breaks = cards.evaluate_all("cs => cs.map(c => getComputedStyle(c).breakBefore)")
    assert breaks[0] != "page" and all(b == "page" for b in breaks[1:])
    for paper in PAPERS:
        assert sheets(page.pdf(format=paper, print_background=True)) == len(stages), paper


def test_the_qualification_scorecard_prints_with_every_element(page: Any, site: BuiltSite) -> None:
    framework = site.playbook.qualification[0]
    page.goto(site.url(framework.page))
    page.emulate_media(media="print")
    rows = page.locator(".playbook-scorecard tbody tr")
    assert rows.count() == len(framework.elements)
    assert rows.first.is_visible()
    for paper in PAPERS:
        pdf = page.pdf(format=paper, print_background=True)
        assert 1 <= sheets(pdf) <= 3, paper
