"""axe-core on every page kind, on a laptop and a phone, in the light and the dark scheme: no serious
or critical violation. axe comes pinned from package-lock.json (`npm ci`); in CI it must be there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, REPO, BuiltSite, page_kinds

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"{AXE} is missing: run `npm ci` (the CI script does)")
        pytest.skip(f"{AXE} is not installed (run `npm ci`)")
    return Path(AXE).read_text(encoding="utf-8")


def violations(chromium: Any, url: str, viewport: dict[str, int], scheme: str, axe: str) -> list[str]:
    # axe is injected by the test, so the page's own policy (scripts from the site only) must let it in.
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True, service_workers="block")
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=axe)
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
        )
    finally:
        context.close()
    return [f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in found if v["impact"] in SERIOUS]


@pytest.mark.parametrize("half", [0, 1], ids=["first-half", "second-half"])  # two halves run in parallel
@pytest.mark.parametrize("device, scheme", [("laptop", "light"), ("laptop", "dark"), ("phone", "light")])
def test_no_serious_or_critical_axe_violation_on_any_page_kind(device: str, scheme: str, half: int, chromium: Any,
                                                             site: BuiltSite, axe_source: str) -> None:
    viewport = DESKTOP if device == "laptop" else PHONE
    problems = []
    for kind, path in list(page_kinds(site).items())[half::2]:
        problems += [f"{kind} ({path}): {v}" for v in violations(chromium, site.url(path), viewport, scheme, axe_source)]
    assert not problems, "\n".join(problems)
