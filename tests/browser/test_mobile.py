"""At 390 px (a phone in portrait) no page scrolls sideways and the navigation drawer opens."""

from __future__ import annotations

from typing import Any

from .conftest import BuiltSite, page_kinds

NO_SIDEWAYS_SCROLL = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _pages(site: BuiltSite) -> list[str]:
    return list(page_kinds(site).values())


def test_no_page_scrolls_sideways_at_390px(phone: Any, site: BuiltSite) -> None:
    wide = []
    for path in _pages(site):
        phone.goto(site.url(path))
        scroll_width, client_width = phone.evaluate(NO_SIDEWAYS_SCROLL)
        if scroll_width > client_width:
            wide.append(f"{path}: {scroll_width}px wide in a {client_width}px window")
    assert not wide, "\n".join(wide)


def test_the_navigation_drawer_opens_and_leads_somewhere(phone: Any, site: BuiltSite) -> None:
    phone.goto(site.url(site.playbook.stages[0].page))
    drawer = phone.locator("nav.md-nav--primary")
    assert not drawer.is_visible() or drawer.bounding_box()["x"] < 0  # closed: off screen
    phone.locator("label.md-header__button[for='__drawer']").click()
    phone.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().x >= 0")
    box = phone.locator(".md-sidebar--primary").bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 200
    other = site.playbook.stages[1].page  # a page of the open section (the navigation shows its pages)
    link = phone.locator(f".md-sidebar--primary a.md-nav__link[href$='/{site.playbook.stages[1].id}/']").first
    link.click()
    phone.wait_for_url(site.url(other))


def test_tags_do_not_push_a_stage_title_down_on_a_phone(phone: Any, site: BuiltSite) -> None:
    phone.goto(site.url(site.playbook.stages[0].page))
    assert phone.locator(".md-content .md-tags").count() == 0 or not phone.locator(".md-content .md-tags").first.is_visible()
    top = phone.locator(".md-content h1").first.bounding_box()
    assert top is not None and top["y"] < 200
