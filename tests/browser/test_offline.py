"""The guard behind every browser test: a request to another host is aborted and recorded."""

from __future__ import annotations

from typing import Any

from .conftest import BuiltSite, Outside


def test_a_request_to_another_host_is_caught(page: Any, site: BuiltSite, outside: Outside) -> None:
    # A page without the site's Content-Security-Policy, which would stop the request before the guard.
    page.set_content('<img src="http://198.51.100.7/pixel.png">')
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.images[0].naturalWidth") == 0  # aborted, nothing arrived
    assert any(url.startswith("http://198.51.100.7/") for url in outside.urls)
    outside.urls.clear()  # caught on purpose; the fixture would otherwise fail this test


def test_pages_link_no_script_or_stylesheet_from_another_host(site: BuiltSite) -> None:
    offenders = []
    for html in site.site_dir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", 'rel="stylesheet" href="http', "@import url(http"):
            if marker in text:
                offenders.append(f"{html.relative_to(site.site_dir)}: {marker}")
    assert not offenders, "\n".join(offenders)
