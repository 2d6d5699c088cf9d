"""Every page kind, desktop and phone, is exactly as wide as the screen (nothing sticks out sideways).

In the suite the width is read from the page's layout, the same measure a full-page screenshot
takes its width from. `make screenshots` (PLAYBOOK_SCREENSHOTS=1) takes the screenshots too, into
tests/screenshots/ (git-ignored) for people to look at, and checks the width of each picture.
"""

from __future__ import annotations

import os
import struct
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, BuiltSite, page_kinds

# Playwright sizes a full-page screenshot by the widest of these; so does this test.
PAGE_WIDTH = """() => Math.max(
    document.body.scrollWidth, document.documentElement.scrollWidth,
    document.body.offsetWidth, document.documentElement.offsetWidth,
    document.body.clientWidth, document.documentElement.clientWidth)"""


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return int(struct.unpack(">I", data[16:20])[0])


def _pages(site: BuiltSite) -> dict[str, str]:
    return page_kinds(site)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_every_page_kind(device: str, page: Any, phone: Any, site: BuiltSite) -> None:
    tab, viewport = (page, DESKTOP) if device == "desktop" else (phone, PHONE)
    pictures = bool(os.environ.get("PLAYBOOK_SCREENSHOTS"))
    if pictures:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in _pages(site).items():
        tab.goto(site.url(path))
        if not pictures:
            assert int(tab.evaluate(PAGE_WIDTH)) == viewport["width"], f"{name} ({path}) on a {device}"
            continue
        tab.wait_for_load_state("networkidle")
        target = SCREENSHOTS / f"{name}-{device}.png"
        target.unlink(missing_ok=True)
        tab.screenshot(path=str(target), full_page=True)
        assert _png_width(target.read_bytes()) == viewport["width"], target
