"""The public edition as a visitor meets it: Material's search and navigation in headless Chromium.

Built from the project's own mkdocs.yml and docs with tests/fixtures/editions,
whose internal material carries words found nowhere else (QUOKKA, ZEBRA…).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import serve_folder
from .conftest import DESKTOP, REPO, Outside, open_context

EDITIONS = REPO / "tests" / "fixtures" / "editions" / "content"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from generator.engines.build import build_site

    root = tmp_path_factory.mktemp("public-edition")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("site_config",):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    (root / "content").symlink_to(EDITIONS, target_is_directory=True)
    site_dir = root / "site"
    build_site(root / "mkdocs.yml", site_dir, protected=[EDITIONS], edition="public")
    with serve_folder(site_dir) as base_url:
        yield base_url


@pytest.fixture
def visitor(chromium: Any, public_site: str, outside: Outside) -> Iterator[Any]:
    context = open_context(chromium, outside, DESKTOP)
    yield context.new_page()
    context.close()


def search_meta(page: Any, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into the search box; the result summary and the result titles."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=5)
    page.wait_for_function(
        """(query) => document.querySelector('.md-search__input').value === query
            && document.querySelector('.md-search-result__meta').textContent.trim() !== ''
            && !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        arg=query,
    )
    page.wait_for_timeout(200)
    meta = page.locator(".md-search-result__meta").inner_text().strip()
    titles = page.eval_on_selector_all(".md-search-result__item h1, .md-search-result__item h2",
                                       "els => els.map(e => e.textContent.trim())")
    return meta, titles


def test_search_finds_public_pages_and_nothing_internal(visitor: Any, public_site: str) -> None:
    visitor.goto(public_site + "/")
    visitor.wait_for_selector(".md-search__input")
    meta, titles = search_meta(visitor, "loaves")
    assert any("Waste questions" in t for t in titles), (meta, titles)
    for word in ("QUOKKA", "ZEBRA", "PANGOLIN", "NARWHAL", "MARMOT", "Liaison"):
        meta, titles = search_meta(visitor, word)
        assert titles == [] and "No matching documents" in meta, (word, meta, titles)


def test_navigation_and_pages_leave_internal_material_out(visitor: Any, public_site: str) -> None:
    visitor.goto(public_site + "/methods/")
    nav = visitor.locator(".md-nav").first.inner_text()
    assert "Waste questions" in nav and "Rival price ladder" not in nav and "Pricing Desk" not in nav
    response = visitor.goto(public_site + "/methods/competitor-pricing/")
    assert response is not None and response.status == 404
    visitor.goto(public_site + "/stages/discover/")
    text = visitor.locator("article").first.inner_text()
    assert "Visit the shop at opening." in text
    assert "MARMOT" not in text and "OCELOT" not in text and "Pricing Desk" not in text
