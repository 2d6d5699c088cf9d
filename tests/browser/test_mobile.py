"""At 390 px (a phone in portrait) no page scrolls sideways and the navigation drawer opens."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import BuiltSite

NO_SIDEWAYS_SCROLL = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _pages(site: BuiltSite) -> list[str]:
    playbook = site.playbook
    # One page of every kind, plus the widest ones (matrix, cards, tags).
    return ["index.md", "roles/index.md", playbook.roles[0].page, playbook.stages[0].page, "process/index.md",
            "process/sales-process-matrix.md", "stages/cards.md", "coaching/index.md", playbook.coaching[0].page,
            "metrics/index.md", playbook.metrics[0].page, "methods/index.md", playbook.methods[0].page,
            "strategy/index.md", playbook.personas[0].page, "tags.md"]


def test_no_page_scrolls_sideways_at_390px(phone: Any, site: BuiltSite) -> None:
    wide = []
    for path in _pages(site):
        phone.goto(site.url(path))
        scroll_width, client_width = phone.evaluate(NO_SIDEWAYS_SCROLL)
        if scroll_width > client_width:
            wide.append(f"{path}: {scroll_width}px wide in a {client_width}px window")
    assert not wide, "\n".join(wide)


def test_the_matrix_scrolls_inside_its_own_wrapper(phone: Any, site: BuiltSite) -> None:
    if len(site.playbook.roles) < 2:
        pytest.skip("a one-role matrix fits a phone")
    phone.goto(site.url("process/sales-process-matrix.md"))
    inner = phone.locator(".playbook-matrix .md-typeset__scrollwrap").first
    scroll_width, client_width = inner.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll_width > client_width  # the table is wider than the phone, and it scrolls in here
    assert inner.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")


def test_the_navigation_drawer_opens_and_leads_somewhere(phone: Any, site: BuiltSite) -> None:
    phone.goto(site.url(site.playbook.stages[0].page))
    drawer = phone.locator("nav.md-nav--primary")
    assert not drawer.is_visible() or drawer.bounding_box()["x"] < 0  # closed: off screen
    phone.locator("label.md-header__button[for='__drawer']").click()
    phone.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().x >= 0")
    box = phone.locator(".md-sidebar--primary").bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 200
    link = phone.locator(".md-sidebar--primary a.md-nav__link[href$='/matrix/']").first
    link.click()
    phone.wait_for_url(site.url("process/sales-process-matrix.md"))
