"""The stage page as a rep with thirty seconds uses it: what to do now is on the first screen, the exit
criteria tick, the role picker narrows the page, and every page works without script."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, BuiltSite, Outside, heading, open_context

LAPTOP = {"width": 1280, "height": 800}


def top_of(page: Any, selector: str) -> float:
    """Distance in px from the top of the page to the first element matching ``selector``."""
    return float(page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + window.scrollY"))


@pytest.fixture
def laptop(chromium: Any, site: BuiltSite, outside: Outside) -> Iterator[Any]:
    context = open_context(chromium, outside, LAPTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_script(chromium: Any, site: BuiltSite, outside: Outside) -> Iterator[Any]:
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False, service_workers="block")
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    yield context.new_page()
    context.close()


FIRST_CRITERION = ".playbook-checklist li"


def test_the_first_exit_criterion_is_on_the_first_screen_of_a_laptop(laptop: Any, site: BuiltSite) -> None:
    late = []
    for stage in site.playbook.stages:
        if not stage.exit_criteria:
            continue
        laptop.goto(site.url(stage.page))
        bottom = laptop.locator(FIRST_CRITERION).first.evaluate("e => e.getBoundingClientRect().bottom + scrollY")
        if bottom > LAPTOP["height"]:
            late.append(f"{stage.id}: the first exit criterion ends at {bottom:.0f}px")
    assert not late, "\n".join(late)


def test_the_first_exit_criterion_is_within_two_screens_of_a_phone(phone: Any, site: BuiltSite) -> None:
    late = []
    for stage in site.playbook.stages:
        if not stage.exit_criteria:
            continue
        phone.goto(site.url(stage.page))
        bottom = phone.locator(FIRST_CRITERION).first.evaluate("e => e.getBoundingClientRect().bottom + scrollY")
        if bottom > 2 * PHONE["height"]:
            late.append(f"{stage.id}: the first exit criterion ends at {bottom:.0f}px")
    assert not late, "\n".join(late)


def test_a_stage_page_asks_the_rep_s_questions_in_order(page: Any, site: BuiltSite) -> None:
    stage = next(s for s in site.playbook.stages if s.exit_criteria and s.activities and s.key_questions)
    page.goto(site.url(stage.page))
    assert heading(page) == stage.title
    headings = page.locator(".md-content h2").evaluate_all("hs => hs.map(h => h.firstChild.textContent.trim())")
    assert headings[:3] == ["Move on when", "Ask now", "Your part"], headings
    # The goal comes before everything else, in one block.
    assert top_of(page, ".playbook-goal") < top_of(page, ".playbook-checklist")
    # Ask now holds the key questions of the stage's question banks, inline.
    ask = page.locator("h2:has-text('Ask now') + ul").inner_text()
    method, questions = stage.key_questions[0]
    assert method.title in ask and str(questions[0]).split()[0] in ask
    # Other parts are one line each with a link, not their whole descriptions.
    for item in page.locator(".playbook-also li").all():
        assert item.evaluate("li => li.getBoundingClientRect().height") < 60
        assert item.locator("a").count() >= 1


def test_exit_criteria_tick_are_kept_for_the_stage_and_reset(page: Any, site: BuiltSite) -> None:
    stages = [s for s in site.playbook.stages if len(s.exit_criteria) >= 2]
    first, other = stages[0], stages[1]
    page.goto(site.url(first.page))
    boxes = page.locator(".playbook-checklist input[type=checkbox]")
    assert boxes.count() == len(first.exit_criteria)
    assert boxes.first.is_enabled()
    boxes.nth(1).check()
    status = page.locator(".playbook-checklist__status")
    assert status.inner_text() == f"1 of {len(first.exit_criteria)} done"
    # The box is labelled by its criterion, for screen readers.
    assert boxes.nth(1).get_attribute("aria-label") == page.locator(".playbook-checklist li").nth(1).inner_text().strip()[:120]
    page.goto(site.url(other.page))  # another stage keeps its own ticks
    assert page.locator(".playbook-checklist input:checked").count() == 0
    page.goto(site.url(first.page))
    assert page.locator(".playbook-checklist input").nth(1).is_checked()
    for i in range(len(first.exit_criteria)):
        page.locator(".playbook-checklist input").nth(i).check()
    assert page.locator(".playbook-checklist__status").inner_text().endswith(": move on")
    page.get_by_role("button", name="Reset").click()
    assert page.locator(".playbook-checklist input:checked").count() == 0
    page.reload()
    assert page.locator(".playbook-checklist input:checked").count() == 0


def test_the_role_picker_narrows_stage_matrix_and_home_and_is_remembered(page: Any, site: BuiltSite) -> None:
    stage = max(site.playbook.stages, key=lambda s: len(s.activities))
    assert len(stage.activities) >= 2
    role = stage.activities[1].roles[0]
    page.goto(site.url(stage.page))
    picker = page.locator(".playbook-role-picker select").first
    picker.select_option(role.id)
    visible = page.locator(".playbook-role").evaluate_all(
        "ss => ss.filter(s => s.offsetParent !== null).map(s => s.dataset.role)")
    assert visible == [role.id]
    process = stage.places[0].process
    page.goto(site.url(process.matrix_page))  # the choice is kept on the next page
    columns = page.locator(".playbook-matrix thead th[data-role]").evaluate_all(
        "ths => ths.filter(t => t.offsetParent !== null).map(t => t.dataset.role)")
    assert columns == [role.id]
    page.goto(site.url("index.md"))
    cards = page.locator(".start-here [data-role]").evaluate_all(
        "ns => ns.filter(n => n.offsetParent !== null).map(n => n.dataset.role)")
    assert cards == [role.id]
    page.get_by_role("button", name="Show every role").first.click()
    shown = page.locator(".start-here [data-role]").evaluate_all("ns => ns.filter(n => n.offsetParent !== null).length")
    assert shown == len(site.playbook.roles)


def test_without_script_every_page_shows_every_role_and_every_criterion(no_script: Any, site: BuiltSite) -> None:
    stage = max(site.playbook.stages, key=lambda s: len(s.activities))
    no_script.goto(site.url(stage.page))
    assert no_script.locator(".playbook-role-picker select").count() == 0
    sections = no_script.locator(".playbook-role").evaluate_all("ss => ss.filter(s => s.offsetParent !== null).length")
    assert sections == len(stage.activities)
    criteria = no_script.locator(".playbook-checklist li").all_inner_texts()
    assert len(criteria) == len(stage.exit_criteria) and all(c.strip() for c in criteria)
    process = stage.places[0].process
    no_script.goto(site.url(process.matrix_page))
    assert no_script.locator(".playbook-matrix thead th[data-role]").count() == len(process.roles)


def test_the_matrix_scrolls_with_the_page_not_in_a_box_of_its_own(page: Any, site: BuiltSite) -> None:
    """One scroll container, the page: the role headers stick to it below the site header (how they
    stay in view however the rep scrolls is tests/browser/test_matrix_and_map.py)."""
    process = max(site.playbook.processes, key=lambda p: len(p.stages))
    page.set_viewport_size({"width": 900, "height": 500})
    page.goto(site.url(process.matrix_page))
    box = page.locator(".playbook-matrix").first
    scrolls = box.evaluate("w => [w.scrollHeight > w.clientHeight + 1, w.scrollWidth > w.clientWidth + 1]")
    assert scrolls == [False, False]
    # Cells are the activity as written, or shortened at a word with "…" (the stage page has the rest).
    for text in page.locator(".playbook-matrix tbody td a").all_inner_texts():
        assert len(text) <= 100 or (len(text) <= 101 and text.endswith("…")), text


def test_on_a_phone_the_matrix_shows_one_role_at_a_time(phone: Any, site: BuiltSite) -> None:
    process = max(site.playbook.processes, key=lambda p: len(p.roles))
    phone.goto(site.url(process.matrix_page))
    visible = "ths => ths.filter(t => t.offsetParent !== null).map(t => t.dataset.role)"
    columns = phone.locator(".playbook-matrix thead th[data-role]").evaluate_all(visible)
    assert columns == [process.roles[0].id]
    phone.locator(".playbook-role-picker select").first.select_option(process.roles[1].id)
    assert phone.locator(".playbook-matrix thead th[data-role]").evaluate_all(visible) == [process.roles[1].id]
    scroll_width, client_width = phone.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert scroll_width <= client_width


def test_every_generated_page_edits_its_own_yaml_file(page: Any, site: BuiltSite) -> None:
    stage, method = site.playbook.stages[0], site.playbook.methods[0]
    for view in (stage, method):
        page.goto(site.url(view.page))
        edit = page.locator("a.md-content__button[title='Edit this page']")
        assert edit.count() == 1
        assert edit.get_attribute("href") == f"https://git.rimefield.example/sales/playbook/edit/main/{view.source}"
        assert view.source in page.locator(".playbook-ownership").inner_text()  # the internal edition names it


def test_the_team_s_pages_are_in_their_own_section_after_the_reps(page: Any, site: BuiltSite) -> None:
    page.goto(site.url("team/health.md"))  # the navigation shows a section's pages when one is open
    sections = page.locator("nav.md-nav--primary > ul > li > label, nav.md-nav--primary > ul > li > a").evaluate_all(
        "ns => ns.map(n => n.textContent.trim())")
    assert sections[0] == "Home" and sections[-1] == "For the playbook team", sections
    team = page.locator("nav.md-nav--primary > ul > li").last.locator("a").all_inner_texts()
    team = [t.strip() for t in team]
    for name in ("System health", "Editor's guide", "What's new", "Tags"):
        assert name in team, team
    page.goto(site.url("index.md"))
    reps = page.locator("nav.md-nav--primary > ul > li").evaluate_all("lis => lis.slice(0, -1).map(li => li.textContent)")
    assert not any("System health" in r or "Editor's guide" in r for r in reps)


def test_light_and_dark_schemes_with_a_toggle(page: Any, site: BuiltSite) -> None:
    page.goto(site.url(site.playbook.stages[0].page))
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    first = page.evaluate(scheme)
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.evaluate(scheme) != first and page.evaluate(scheme) in ("default", "slate")
    # The red-flag box reads as a warning in both schemes: its colour is the danger colour, not grey.
    stage = next(s for s in site.playbook.stages if s.red_flags)
    page.goto(site.url(stage.page))
    border = page.locator(".admonition.danger").first.evaluate("e => getComputedStyle(e).borderLeftColor")
    red, green, blue = (int(x) for x in border[border.index("(") + 1:].rstrip(")").split(",")[:3])
    assert red > 150 and red > 2 * green and red > 2 * blue, border


def test_what_to_observe_shows_empty_boxes_not_faded_circles(page: Any, site: BuiltSite) -> None:
    """What to observe in a coaching script, what comes out of a meeting: outlined boxes, like a worksheet."""
    pages = [p for p in (next((c.page for c in site.playbook.coaching if c.observe), None),
                         next((m.page for m in site.playbook.meetings if m.outputs), None)) if p]
    assert len(pages) == 2
    for path in pages:
        page.goto(site.url(path))
        indicators = page.locator("article .task-list-indicator")
        assert indicators.count() >= 2, path
        look = indicators.first.evaluate("""e => { const s = getComputedStyle(e, '::before');
            return [s.borderTopWidth, s.borderTopStyle, s.maskImage || s.webkitMaskImage, s.backgroundColor] }""")
        width, style, mask, background = look
        assert float(width.removesuffix("px")) >= 1 and style == "solid" and mask == "none", (path, look)
        assert background in ("rgba(0, 0, 0, 0)", "transparent"), (path, look)
