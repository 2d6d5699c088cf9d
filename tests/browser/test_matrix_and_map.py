"""The stage × role matrix and the process map as a rep scrolls and reads them (issue 19): the role
headers stay in view below the site header however the page scrolls, on a laptop and a phone; each
arrow of the flow points at the stage it leads to, also where a row wraps; amount aliases are found
by search but not read aloud."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import PHONE, BuiltSite
from .test_accessibility import axe_source, violations  # noqa: F401 - axe_source is a fixture

SHOTS = Path("/tmp")

HEADERS = """() => {
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const ths = [...document.querySelectorAll('.playbook-matrix thead th[data-role]')].filter(t => t.offsetParent);
  const th = ths[0].getBoundingClientRect();
  const body = document.querySelector('.playbook-matrix tbody').getBoundingClientRect();
  const top = document.elementFromPoint(th.left + th.width / 2, th.top + th.height / 2);
  return {header: header.bottom, top: th.top, bottom: th.bottom, bodyTop: body.top, bodyBottom: body.bottom,
          seen: Boolean(top && top.closest('thead'))};
}"""


def _matrix(site: BuiltSite) -> Any:
    return max(site.playbook.processes, key=lambda p: len(p.stages) * len(p.roles))


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_the_role_headers_stay_below_the_site_header_however_the_page_scrolls(
    device: str, page: Any, phone: Any, site: BuiltSite
) -> None:
    tab = phone if device == "phone" else page
    if device == "laptop":
        tab.set_viewport_size({"width": 1280, "height": 520})
    tab.goto(site.url(_matrix(site).matrix_page))
    height = tab.evaluate("() => document.documentElement.scrollHeight - innerHeight")
    assert height > 300, "the matrix page should scroll here"
    checked = 0
    for y in range(0, height + 1, 120):
        tab.evaluate(f"() => window.scrollTo(0, {y})")
        at = tab.evaluate(HEADERS)
        if at["bodyBottom"] < at["header"] + 2 * (at["bottom"] - at["top"]):
            break  # the table has scrolled away: nothing left for the headers to label
        # Never under the site header; at its place or stuck right below the site header.
        assert at["top"] >= at["header"] - 1, (device, y, at)
        assert at["top"] <= max(at["header"], at["bodyTop"] - (at["bottom"] - at["top"])) + 2, (device, y, at)
        assert at["seen"], (device, y, at)  # nothing covers them
        checked += 1
    assert checked >= 3
    tab.evaluate("() => window.scrollTo(0, 400)")
    tab.screenshot(path=str(SHOTS / f"playbook-matrix-{device}.png"))
    width, inner = tab.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner  # no sideways scrolling, on a phone either


def test_matrix_cells_keep_whole_short_texts_and_mark_the_shortened_ones(page: Any, site: BuiltSite) -> None:
    process = _matrix(site)
    page.goto(site.url(process.matrix_page))
    shown = page.locator(".playbook-matrix tbody td a").all_inner_texts()
    written = [" ".join(str(a.text).split()) for s in process.stages for part in s.activities for a in part.actions]
    for text in shown:
        assert text in written or (text.endswith("…") and any(w.startswith(text[:-1].rstrip(" .")) for w in written))


ARROWS = """() => [...document.querySelectorAll('.playbook-flow li')].map(li => {
  const arrow = li.querySelector('.playbook-flow__arrow');
  const a = arrow ? arrow.getBoundingClientRect() : null;
  const r = li.getBoundingClientRect();
  return {li: {top: r.top, bottom: r.bottom, left: r.left, right: r.right},
          arrow: a && {top: a.top, bottom: a.bottom, left: a.left, right: a.right, w: a.width},
          number: getComputedStyle(li, '::before').content};
})"""


@pytest.mark.parametrize("width", [1000, PHONE["width"]])
def test_each_arrow_of_the_flow_points_at_the_stage_it_leads_to(width: int, page: Any, site: BuiltSite) -> None:
    process = max(site.playbook.processes, key=lambda p: len(p.stages))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(process.page))
    items = page.evaluate(ARROWS)
    assert len(items) == len(process.stages) and items[0]["arrow"] is None
    rows = {round(i["li"]["top"]) for i in items}
    phone = width == PHONE["width"]
    assert len(rows) > 1, "the flow should wrap here"
    for before, item in zip(items, items[1:]):
        arrow, li = item["arrow"], item["li"]
        assert arrow is not None and arrow["w"] > 0
        if phone:  # one stage under the other: the arrow between them, pointing down
            assert before["li"]["bottom"] - 1 <= arrow["top"] and arrow["bottom"] <= li["top"] + 1, (arrow, li)
        else:  # just left of the stage it leads to, whether or not that stage starts a row
            assert li["left"] - 24 <= arrow["left"] and arrow["right"] <= li["left"] + 1, (arrow, li)
            assert li["top"] <= (arrow["top"] + arrow["bottom"]) / 2 <= li["bottom"], (arrow, li)
    if any(s.entity.label for s in process.stages):  # the company's labels, not our numbers on top
        assert all(i["number"] == "none" for i in items)
    page.screenshot(path=str(SHOTS / f"playbook-flow-{width}.png"), full_page=False)


def _badge_page(site: BuiltSite) -> tuple[str, Any]:
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for stage in site.playbook.stages:
        html = (site.site_dir / stage.page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        if "playbook-aliases" in html:
            return stage.page, index
    pytest.skip("no page with an amount badge in this site")


def test_amount_aliases_are_found_by_search_and_not_read_aloud(
    page: Any,
    chromium: Any,
    site: BuiltSite,
    axe_source: str,  # noqa: F811 - the fixture
) -> None:
    path, index = _badge_page(site)
    page.goto(site.url(path))
    badge = page.locator(".playbook-badge:has(.playbook-aliases)").first
    aliases = badge.locator(".playbook-aliases").inner_text().split()
    assert len(aliases) >= 3
    # Search sees every spelling: the aliases are in the page's entry of the search index.
    location = path.removesuffix(".md").removesuffix("index") + "/"
    texts = " ".join(d["text"] for d in index["docs"] if d["location"].split("#")[0] == location.lstrip("/"))
    assert all(alias in texts for alias in aliases), aliases
    # A screen reader does not: the accessibility tree has the badge's words and none of the list.
    tree = badge.aria_snapshot()
    visible = badge.evaluate("b => [...b.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')")
    assert visible.strip() and visible.strip().split()[0] in tree
    spelled = [a for a in aliases if a not in visible]
    assert spelled and not any(a in tree for a in spelled), (tree, spelled)
    assert violations(chromium, site.url(path), {"width": 1280, "height": 900}, "light", axe_source) == []
