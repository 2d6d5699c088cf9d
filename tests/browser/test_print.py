"""With print media, stage and coaching pages are clean cards; the all-cards page breaks between stages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import BuiltSite

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
          ".md-tags", ".stage-pager"]
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch; Letter (216 mm) is wider, so what fits A4 fits both


def _hidden(page: Any) -> list[str]:
    return [sel for sel in CHROME if page.locator(sel).count() and page.locator(sel).first.is_visible()]


@pytest.mark.parametrize("kind", ["stage", "coaching"])
def test_print_hides_navigation_header_and_footer(kind: str, page: Any, site: BuiltSite) -> None:
    target = site.playbook.stages[0] if kind == "stage" else site.playbook.coaching[0]
    page.goto(site.url(target.page))
    assert page.locator(".md-header").is_visible()  # on screen they are there
    page.emulate_media(media="print")
    assert _hidden(page) == []
    assert page.locator("article h1, .md-content h1").first.is_visible()


@pytest.mark.parametrize("kind", ["stage", "coaching"])
def test_print_fits_the_width_of_a4_and_letter(kind: str, page: Any, site: BuiltSite) -> None:
    target = site.playbook.stages[-1] if kind == "stage" else site.playbook.coaching[-1]
    page.set_viewport_size({"width": A4_WIDTH_PX - 2 * 45, "height": 1000})  # 12 mm margins
    page.goto(site.url(target.page))
    page.emulate_media(media="print")
    scroll_width, client_width = page.evaluate("() => [document.documentElement.scrollWidth, "
                                               "document.documentElement.clientWidth]")
    assert scroll_width <= client_width
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF")


def test_the_all_cards_page_puts_each_stage_on_its_own_sheet(page: Any, site: BuiltSite) -> None:
    stages = site.playbook.stages
    page.goto(site.url("stages/cards.md"))
    page.emulate_media(media="print")
    cards = page.locator("article.stage-card")
    assert cards.count() == len(stages)
    breaks = cards.evaluate_all("cs => cs.map(c => getComputedStyle(c).breakBefore)")
    assert breaks[0] != "page" and all(b == "page" for b in breaks[1:])
    pdf = page.pdf(format="A4")
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert sheets >= len(stages)
