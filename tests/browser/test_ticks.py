"""Ticks on *Move on when* belong to their criterion, not to its place in the list.

A rep ticks a criterion; the playbook team then adds one at the top, moves one, or rewords one, and
the site is rebuilt. On the rep's next visit (same browser, same localStorage) the tick is still on
the criterion the rep ticked, wherever it now is; a new or reworded criterion is not shown as done.
A real site is built from the small playbook in a temporary project, served on 127.0.0.1, rebuilt in
place between visits, and opened in Chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, serve_folder
from .conftest import DESKTOP, REPO, Outside, open_context

CRITERIA = ["Daily waste is written down in loaves.", "The owner names the cost of a bad day.",
            "A second visit is booked."]


class TickedSite:
    """The small playbook in ``root``, built into ``root/site`` again whenever its criteria change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / "site_config").symlink_to(REPO / "site_config", target_is_directory=True)
        shutil.copytree(FIXTURES / "small" / "content", root / "content")
        self.stage = root / "content" / "stages" / "discover.yml"
        self.original = self.stage.read_text(encoding="utf-8")
        self.base_url = ""

    def build(self, criteria: list[str]) -> None:
        from generator.engines.build import build_site

        written = "".join(f"  - {c}\n" for c in criteria)
        self.stage.write_text(self.original.replace(f"  - {CRITERIA[0]}\n", written), encoding="utf-8")
        build_site(self.root / "mkdocs.yml", self.root / "site", protected=[self.root / "content"])

    @property
    def page(self) -> str:
        return f"{self.base_url}/stages/discover/"


@pytest.fixture
def ticked_site(tmp_path: Path) -> Iterator[TickedSite]:
    site = TickedSite(tmp_path)
    site.build(CRITERIA)
    with serve_folder(tmp_path / "site") as base_url:
        site.base_url = base_url
        yield site


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    outside = Outside()
    context = open_context(chromium, outside, DESKTOP)
    yield context.new_page()
    context.close()
    assert not outside.urls, f"requests left 127.0.0.1: {sorted(set(outside.urls))}"


def ticks(page: Any) -> list[tuple[str, bool]]:
    """(criterion, ticked) of each box of the checklist, in the order shown."""
    items = page.locator(".playbook-checklist li")
    return [(items.nth(i).inner_text().strip(), items.nth(i).locator("input").is_checked())
            for i in range(items.count())]


def test_a_tick_follows_its_criterion_when_one_is_added_above_and_a_reworded_one_starts_unticked(
    ticked_site: TickedSite, browser_page: Any
) -> None:
    page = browser_page
    page.goto(ticked_site.page)
    page.locator(".playbook-checklist input").nth(1).check()  # the rep ticks the second criterion
    assert ticks(page) == [(CRITERIA[0], False), (CRITERIA[1], True), (CRITERIA[2], False)]

    # A criterion is added at the top: the new first one is not done; the ticked one moved and kept it.
    added = "Waste is weighed, not guessed."
    ticked_site.build([added, *CRITERIA])
    page.reload()
    assert ticks(page) == [(added, False), (CRITERIA[0], False), (CRITERIA[1], True), (CRITERIA[2], False)]
    assert page.locator(".playbook-checklist__status").inner_text() == "1 of 4 done"

    # The order changes: the tick stays on its criterion.
    ticked_site.build([CRITERIA[1], added, CRITERIA[0], CRITERIA[2]])
    page.reload()
    assert ticks(page) == [(CRITERIA[1], True), (added, False), (CRITERIA[0], False), (CRITERIA[2], False)]

    # The ticked criterion is reworded: it is another criterion now, and starts unticked.
    reworded = "The owner names the cost of a bad day, in euros."
    ticked_site.build([added, CRITERIA[0], reworded, CRITERIA[2]])
    page.reload()
    assert ticks(page) == [(added, False), (CRITERIA[0], False), (reworded, False), (CRITERIA[2], False)]
    assert page.locator(".playbook-checklist__status").inner_text() == "0 of 4 done"


def test_two_criteria_of_the_same_text_are_ticked_apart(ticked_site: TickedSite, browser_page: Any) -> None:
    twice = [CRITERIA[0], CRITERIA[1], CRITERIA[1]]
    ticked_site.build(twice)
    page = browser_page
    page.goto(ticked_site.page)
    page.locator(".playbook-checklist input").nth(2).check()
    page.reload()
    assert ticks(page) == [(CRITERIA[0], False), (CRITERIA[1], False), (CRITERIA[1], True)]


def test_ticks_kept_by_place_before_this_change_are_not_shown(ticked_site: TickedSite, browser_page: Any) -> None:
    # What an older version stored (positions "0,1") names no criterion now: nothing shows as done.
    page = browser_page
    page.goto(ticked_site.page)
    page.evaluate("localStorage.setItem('playbook-ticks:discover', '0,1')")
    page.reload()
    assert [ticked for _, ticked in ticks(page)] == [False, False, False]
