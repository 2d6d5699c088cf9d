"""Browser tests: build the real site once per session, serve it on 127.0.0.1, drive headless Chromium.

The site is built from the project's own mkdocs.yml and docs (symlinked into a
temporary project), with the bundled sample content when it is complete and valid, otherwise with
tests/fixtures/small. Every page a test opens records its requests; any request to a host other
than 127.0.0.1 is aborted and fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.errors import ContentError
from generator.model.resolve import Playbook
from generator.pipeline import Project, load_playbook

from ..conftest import (  # the session browser itself is the `chromium` fixture there
    CHROMIUM,
    TEMPLATES,
    serve_folder,
    shared_folder,
)

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "tests" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip only on a developer machine without Chromium; in CI a missing browser is a failure."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (browser tests run in CI)")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


def _complete(playbook: Playbook) -> bool:
    """The sample content is used only once it has every kind of page the journeys walk through."""
    return all([playbook.roles, playbook.stages, playbook.methods, playbook.metrics, playbook.coaching,
                any(stage.coaching for stage in playbook.stages)])


def choose_content() -> Path:
    """The bundled sample playbook if it is complete and valid, else the small test fixture.

    PLAYBOOK_BROWSER_CONTENT names another content folder (e.g. tests/fixtures/small/content).
    """
    chosen = os.environ.get("PLAYBOOK_BROWSER_CONTENT")
    if chosen:
        return (REPO / chosen).resolve()
    sample = REPO / "content"
    try:
        playbook, _ = load_playbook(Project(REPO, sample, TEMPLATES))
        if _complete(playbook):
            return sample
    except ContentError:
        pass
    return REPO / "tests" / "fixtures" / "small" / "content"


@dataclass
class BuiltSite:
    root: Path  # the temporary project the site was built from
    site_dir: Path
    playbook: Playbook
    base_url: str = ""

    def url(self, page: str) -> str:
        """The served URL of a generated page path such as ``stages/discover.md``."""
        path = page.removesuffix(".md")
        path = "" if path == "index" else path.removesuffix("/index") + "/"
        return f"{self.base_url}/{path}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample site, built once per test run (shared by xdist workers); tests only read it."""
    from generator.engines.build import build_site

    content = choose_content()

    def make(root: Path) -> None:
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        for name in ("site_config",):
            (root / name).symlink_to(REPO / name, target_is_directory=True)
        (root / "content").symlink_to(content, target_is_directory=True)
        build_site(root / "mkdocs.yml", root / "site", protected=[content])

    root = shared_folder(tmp_path_factory, "playbook", make)
    playbook, _ = load_playbook(Project.at(root))
    return BuiltSite(root, root / "site", playbook)


@pytest.fixture(scope="session")
def site(built_site: BuiltSite) -> Iterator[BuiltSite]:
    """The built site served by a threaded http.server on 127.0.0.1 and a free port."""
    with serve_folder(built_site.site_dir) as base_url:
        built_site.base_url = base_url
        yield built_site


@dataclass
class Outside:
    """Requests that tried to leave 127.0.0.1."""

    urls: list[str] = field(default_factory=list)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def open_context(chromium: Any, outside: Outside, viewport: dict[str, int]) -> Any:
    """A fresh browser context that aborts and records every request to another host."""
    context = chromium.new_context(viewport=viewport, service_workers="block")

    def guard(route: Any) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            outside.urls.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda r: None if _is_local(r.url) else outside.urls.append(r.url))
    return context


@pytest.fixture
def outside() -> Iterator[Outside]:
    record = Outside()
    yield record
    assert not record.urls, f"requests left 127.0.0.1: {sorted(set(record.urls))}"


@pytest.fixture
def page(chromium: Any, site: BuiltSite, outside: Outside) -> Iterator[Any]:
    """A desktop-sized page; the test fails if anything it loads asks a host other than 127.0.0.1."""
    context = open_context(chromium, outside, DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(chromium: Any, site: BuiltSite, outside: Outside) -> Iterator[Any]:
    """A 390 px wide page (a phone in portrait)."""
    context = open_context(chromium, outside, PHONE)
    yield context.new_page()
    context.close()


def heading(page: Any) -> str:
    """The page's h1 as a reader sees it, without the "¶" permalink MkDocs appends."""
    return str(page.locator(".md-content h1").first.evaluate(
        "h => Array.from(h.childNodes).filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()"
    ))


def page_kinds(site: BuiltSite) -> dict[str, str]:
    """One generated page of every kind (the first entity of each collection), by kind."""
    pb = site.playbook
    kinds = {"home": "index.md", "philosophy": "philosophy.md", "strategy": "strategy/index.md",
             "processes": "process/index.md", "stages": "stages/index.md", "cards": "stages/cards.md",
             "health": "team/health.md", "guide": "team/guide.md", "whats-new": "team/whats-new.md",
             "tags": "team/tags.md"}
    if pb.processes:
        kinds["process"] = pb.processes[0].page
        kinds["matrix"] = pb.processes[0].matrix_page
    for name in ("stages", "roles", "methods", "metrics", "coaching", "meetings", "competitors", "personas",
                 "value", "qualification"):
        items = getattr(pb, name)
        if items:
            kinds[name.rstrip("s") if name != "coaching" else "coaching-script"] = items[0].page
            if name not in ("stages",):
                kinds[f"{name}-index"] = f"{name}/index.md"
    return kinds
