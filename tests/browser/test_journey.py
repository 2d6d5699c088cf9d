"""A rep's path through the site: home → their role → a stage they work in → a coaching script for it."""

from __future__ import annotations

from typing import Any

from .conftest import BuiltSite, heading


def _journey(site: BuiltSite) -> tuple[Any, Any, Any]:
    """A role, a stage it works in that has coaching, and that stage's first script (from the content)."""
    for role in site.playbook.roles:
        for work in role.work:
            if work.stage.coaching:
                return role, work.stage, work.stage.coaching[0]
    raise AssertionError("the playbook has no role working in a stage that has a coaching script")


def test_home_to_role_to_stage_to_coaching_script(page: Any, site: BuiltSite) -> None:
    role, stage, script = _journey(site)
    # Plain strings only in asserts: pytest would otherwise print the resolved playbook graph.
    role_title, stage_heading, script_title = role.title, stage.title, script.title

    page.goto(site.url("index.md"))
    start_here = page.locator(".start-here")
    start_here.get_by_role("link", name=role_title, exact=True).first.click()
    page.wait_for_url(site.url(role.page))
    assert heading(page) == role_title

    # "Your part in each stage" links into the role's own block on the stage page.
    part = page.locator("h2:has-text('Your part in each stage') + ul")
    part.get_by_role("link", name=stage_heading, exact=True).first.click()
    page.wait_for_url(f"{site.url(stage.page)}#{stage.id}--{role.id}")
    assert heading(page) == stage_heading

    also = page.locator(".playbook-also")
    also.get_by_role("link", name=script_title, exact=True).click()
    page.wait_for_url(site.url(script.page))
    assert heading(page) == script_title
    steps = page.locator(".md-content h2").evaluate_all(
        "hs => hs.map(h => h.firstChild.textContent.trim())"  # the heading text before its permalink
    )
    assert [s for s in steps if s in STEPS] == [s for s in STEPS if s in steps]  # the steps, in order
    assert steps[:2] == ["Prepare", "Open"] or steps[:1] == ["Open"]


STEPS = ["Prepare", "Open", "Ask", "Observe", "Rate", "Commit"]


def test_every_matrix_cell_with_activities_links_into_its_stage(page: Any, site: BuiltSite) -> None:
    for process in site.playbook.processes:
        page.goto(site.url(process.matrix_page))
        headers = [h.strip() for h in page.locator(".playbook-matrix table thead th").all_inner_texts()]
        assert headers == ["Stage", *(r.title for r in process.roles)]
        rows = page.locator(".playbook-matrix table tbody tr")
        assert rows.count() == len(process.stages)
        for i, stage in enumerate(process.stages):
            row_header = rows.nth(i).locator("th[scope='row']")
            assert row_header.inner_text().strip() == stage.title
            cells = rows.nth(i).locator("td")
            for j, role in enumerate(process.roles):
                expected = len(stage.actions_of(role))
                hrefs = cells.nth(j).locator("a").evaluate_all("links => links.map(a => a.href)")
                assert len(hrefs) == expected, (stage.id, role.id)
                want = f"{site.url(stage.page)}#{stage.id}--{role.id}"
                assert all(h == want for h in hrefs), (hrefs, want)
    # Following one link lands on the role's activities on the stage page.
    first = page.locator(".playbook-matrix td a[href*='#']").first
    target = str(first.evaluate("a => a.href"))
    first.click()
    page.wait_for_url(target)
    anchor = target.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_a_process_map_draws_its_stages_in_order_and_its_ends_without_a_diagram_script(page: Any,
                                                                                       site: BuiltSite) -> None:
    for process in site.playbook.processes:
        page.goto(site.url(process.page))
        boxes = page.locator(".playbook-flow li")
        names = [b.locator("strong a").first.inner_text().strip() for b in boxes.all()]  # a gate may come first
        assert names == [s.title for s in process.stages]
        tops = [b["y"] for b in boxes.evaluate_all("els => els.map(e => e.getBoundingClientRect())")]
        assert tops == sorted(tops)  # left to right, then down: never a later stage above an earlier one
        outcomes = page.locator(".playbook-outcome h3").all_inner_texts()
        assert [o.replace("¶", "").strip() for o in outcomes] == [o.name for o in process.outcomes]
        assert page.locator("script[src*='mermaid'], .mermaid").count() == 0
