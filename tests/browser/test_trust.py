"""Hostile content in a real browser, on the built site and in the running live preview: hovering
every link and moving the mouse over the page opens no dialog, sends no request off 127.0.0.1 and
changes no URL; a heading named like one of the theme's ids leaves search working.

The content is tests/hostile/_site (link titles written as HTML, heading attributes aimed at the
table of contents, attribute lists with handlers), built with Material's tooltips turned on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, serve_folder
from ..test_hostile import HOSTILE, build_site
from ..test_serve import BIN, free_port, stop, wait_for

PAGES = ["/stages/close/", "/methods/waste-questions/", "/personas/owner/", "/"]


@dataclass
class Watched:
    page: Any
    base: str
    dialogs: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def watch(chromium: Any, base: str) -> Watched:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    watched = Watched(page, base)

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    def only_local(route: Any) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            watched.foreign.append(route.request.url)
            route.abort()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    context.route("**/*", only_local)
    return watched


def touch_everything(watched: Watched, path: str) -> None:
    """Hover every link of the article with the mouse (long enough for a tooltip), then sweep the
    mouse over the whole window; the URL must not change and nothing may run."""
    page = watched.page
    page.goto(watched.base + path)
    # The preview's reload script keeps one request open: wait for the page, not for a quiet network.
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    url = page.url
    links = page.locator("article a, .md-sidebar a").all()
    assert links, path
    for link in links:
        if link.is_visible():
            link.hover(timeout=3000)
            page.wait_for_timeout(60)
    page.wait_for_timeout(700)  # a tooltip (or a refresh it carried) would have acted by now
    for y in range(0, 900, 90):
        for x in range(0, 1280, 160):
            page.mouse.move(x, y)
    page.wait_for_timeout(300)
    assert page.url == url, f"{path}: the page went to {page.url}"
    assert page.evaluate("document.querySelectorAll('meta[http-equiv=refresh i]').length") == 0
    assert page.evaluate("document.querySelectorAll('[onmouseover], [onerror], [onclick], [onload]').length") == 0
    assert watched.dialogs == [] and watched.foreign == [] and watched.errors == [], path


@pytest.fixture(scope="module")
def hostile_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(tmp_path_factory.mktemp("trust-site"), HOSTILE / "_site")
    with serve_folder(site) as base:
        yield base


@pytest.mark.parametrize("path", PAGES)
def test_hovering_the_built_site_runs_nothing_and_goes_nowhere(chromium: Any, hostile_base: str, path: str) -> None:
    watched = watch(chromium, hostile_base)
    try:
        touch_everything(watched, path)
    finally:
        watched.page.context.close()


def search_finds(page: Any, words: str) -> str:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function(
        "(document.querySelector('.md-search-result__meta') || {}).textContent === 'Type to start searching'",
        timeout=15_000,
    )
    page.locator("input.md-search__input").press_sequentially(words, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    return str(page.locator(".md-search-result").inner_text())


def test_a_heading_named_like_a_theme_id_leaves_search_working(chromium: Any, hostile_base: str) -> None:
    watched = watch(chromium, hostile_base)
    try:
        page = watched.page
        page.goto(hostile_base + "/stages/close/")
        page.wait_for_load_state("networkidle")
        # The page has headings "__config" and "Search { #__search }": the theme's elements are still its own.
        assert page.evaluate("document.getElementById('__config').tagName") == "SCRIPT"
        assert page.evaluate("document.getElementById('__search').tagName") == "INPUT"
        assert "Waste questions" in search_finds(page, "waste")
        assert watched.errors == [] and watched.dialogs == []
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def hostile_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`playbook serve` on the hostile content, with a content file whose name is markup (so that
    the problems box is on every page)."""
    root = tmp_path_factory.mktemp("trust-preview")
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    shutil.copytree(HOSTILE / "_site" / "content", root / "content", dirs_exist_ok=True)
    (root / "content/methods/`<img src=x onerror=alert(1)>`.yml").write_text("name: x\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/about.md").write_text("# About\n\nA hand-written page.\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Hostile preview\ndocs_dir: docs\n"
        "theme: {name: material, font: false, features: [content.tooltips, navigation.sections]}\n"
        "plugins: [search, tags, playbook]\n"
        "markdown_extensions: [tables, admonition, attr_list, md_in_html, {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    port = free_port()
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(BIN / "playbook"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                                   cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/about/", lambda b: "playbook-problems" in b, timeout=90)
        yield base, root
    finally:
        stop(process)


@pytest.mark.parametrize("path", ["/about/", "/"])
def test_hovering_the_live_preview_runs_nothing_and_goes_nowhere(chromium: Any, hostile_preview: tuple[str, Path],
                                                                path: str) -> None:
    base, _ = hostile_preview
    watched = watch(chromium, base)
    try:
        watched.page.goto(base + path)
        # The problems box names the file whose name is markup, as text.
        box = watched.page.locator(".playbook-problems").inner_text()
        assert "`<img src=x onerror=alert(1)>`.yml" in box
        touch_everything(watched, path)
        # The preview keeps the policy: it is in the page, and the reload script is allowed by it.
        policy = watched.page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        assert policy is not None and "script-src 'self' 'sha256-" in policy
    finally:
        watched.page.context.close()


def test_the_preview_reloads_itself_under_its_policy(chromium: Any, hostile_preview: tuple[str, Path]) -> None:
    base, root = hostile_preview
    watched = watch(chromium, base)
    violations: list[str] = []
    page = watched.page
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(base + "/about/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)  # the reload script has started polling
        (root / "docs/about.md").write_text("# About\n\nEdited while open.\n", encoding="utf-8")
        # No reload by the test: the page's own reload script must bring the edit in.
        page.get_by_text("Edited while open.").wait_for(timeout=20_000)
        assert violations == [], violations
    finally:
        page.context.close()
