"""Screenshots of every page kind, desktop and phone, written to tests/screenshots/ (git-ignored) for people to look at."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, BuiltSite, page_kinds


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return int(struct.unpack(">I", data[16:20])[0])


def _pages(site: BuiltSite) -> dict[str, str]:
    return page_kinds(site)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_every_page_kind(device: str, page: Any, phone: Any, site: BuiltSite) -> None:
    tab, viewport = (page, DESKTOP) if device == "desktop" else (phone, PHONE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in _pages(site).items():
        tab.goto(site.url(path))
        tab.wait_for_load_state("networkidle")
        target = SCREENSHOTS / f"{name}-{device}.png"
        target.unlink(missing_ok=True)
        tab.screenshot(path=str(target), full_page=True)
        assert _png_width(target.read_bytes()) == viewport["width"], target
