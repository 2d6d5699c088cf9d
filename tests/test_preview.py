"""Fast live preview: only pages whose Markdown changed are rebuilt, and nothing goes stale.

Unit tests of the decision (PreviewState), then a real `playbook serve` (a dirty MkDocs serve):
after an edit that leaves the navigation alone, the changed page is fresh and the search index is
still complete; after an edit that renames an entity, every page's navigation shows the new name.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.engines.preview import PreviewState
from generator.site.render import NavEntry, Page, Site

from .test_serve import fetch, free_port, stop, wait_for, write_project

BIN = Path(sys.executable).parent


def _site(summary: str = "One", nav_title: str = "Methods") -> Site:
    pages = [Page("index.md", "Home", "# Home"), Page("methods/a.md", "A", f"# A\n\n{summary}"),
             Page("methods/b.md", "B", "# B")]
    return Site(pages, [NavEntry("Home", "index.md"), NavEntry(nav_title, None, [NavEntry("A", "methods/a.md")])])


def test_first_build_is_full_then_only_changed_pages_are_rebuilt() -> None:
    state = PreviewState()
    assert state.plan(_site(), "ctx") is None and state.full
    assert state.plan(_site(), "ctx") == set() and not state.full
    assert state.plan(_site(summary="Two"), "ctx") == {"methods/a.md"}


def test_a_change_seen_on_every_page_rebuilds_everything() -> None:
    state = PreviewState()
    state.plan(_site(), "ctx")
    assert state.plan(_site(nav_title="Ways to sell"), "ctx") is None  # the nav is in every page
    assert state.plan(_site(nav_title="Ways to sell"), "problems shown") is None  # e.g. the error banner
    fewer = Site(_site().pages[:2], _site().nav)
    state.plan(_site(), "ctx")
    assert state.plan(fewer, "ctx") is None
    state.forget()  # after a failed build
    assert state.plan(fewer, "ctx") is None


def test_search_entries_of_pages_not_rebuilt_are_kept() -> None:
    state = PreviewState()
    state.plan(_site(), "ctx")
    full = [{"location": "", "text": "home"}, {"location": "methods/a/", "text": "a"},
            {"location": "methods/a/#steps", "text": "a steps"}, {"location": "methods/b/", "text": "b"}]
    assert state.merge_search(full) == full
    state.plan(_site(summary="Two"), "ctx")
    merged = state.merge_search([{"location": "methods/a/", "text": "a2"}])
    # Page a's entries are replaced (its removed section goes too); the others stay, in order.
    assert merged == [full[0], {"location": "methods/a/", "text": "a2"}, full[3]]


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    config = write_project(tmp_path)
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "playbook"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"], cwd=tmp_path,
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/metrics/visits/", lambda b: "First visits" in b, timeout=90)
        time.sleep(1)  # let the watcher settle after the first build
        yield tmp_path, base
    finally:
        stop(process)


def _index(base: str) -> list[dict[str, str]]:
    return list(json.loads(fetch(f"{base}/search/search_index.json"))["docs"])


def test_serve_rebuilds_the_changed_page_and_keeps_search_complete(preview: tuple[Path, str]) -> None:
    root, base = preview
    before = _index(base)
    pages_before = {d["location"].split("#")[0] for d in before}
    assert {"metrics/visits/", "roles/rep/", "methods/waste-questions/"} <= pages_before

    method = root / "content" / "methods" / "waste-questions.yml"
    method.write_text(method.read_text(encoding="utf-8").replace(
        "summary: Turns waste into a number.", "summary: Turns unsold loaves into a weekly number."),
        encoding="utf-8")
    wait_for(f"{base}/methods/waste-questions/", lambda b: "unsold loaves into a weekly" in b, timeout=30)
    time.sleep(0.5)
    after = _index(base)
    # Pages that were not rebuilt are still searchable; the edited text is indexed once, not twice.
    assert {d["location"].split("#")[0] for d in after} == pages_before
    assert len(after) == len(before)
    assert sum("unsold loaves into a weekly" in d["text"] for d in after if d["location"].startswith("methods/waste")) == 1


def test_serve_rebuilds_every_page_when_the_navigation_changes(preview: tuple[Path, str]) -> None:
    root, base = preview
    persona = root / "content" / "personas" / "owner.yml"
    persona.write_text(persona.read_text(encoding="utf-8").replace("name: Bakery Owner", "name: Head Baker"),
                       encoding="utf-8")
    # The lag metric's page does not mention the persona, but its navigation does.
    body, _ = wait_for(f"{base}/metrics/wins/", lambda b: "Head Baker" in b, timeout=30)
    assert "Bakery Owner" not in body
    shutil.rmtree(root / "content" / "coaching")  # pages disappear: rebuilt from scratch, no leftovers
    wait_for(f"{base}/metrics/wins/", lambda b: "Count the waste" not in b and "Head Baker" in b, timeout=30)
    assert "Count the waste" not in fetch(f"{base}/coaching/count-the-waste/")


# --- the preview answers only requests for itself (DNS rebinding) ---------------------------------


def _get(base: str, path: str, host: str | None) -> tuple[int, str]:
    """A GET of ``path`` with exactly the ``Host`` header given (None: no Host header at all)."""
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_the_preview_answers_only_its_own_host(preview: tuple[Path, str]) -> None:
    _, base = preview
    port = base.rsplit(":", 1)[1]
    page, asset, reload = "/metrics/visits/", "/assets/playbook/playbook.js", "/livereload/0/0"
    for path in (page, asset, reload, "/no-such-page/"):
        for host in (f"evil.example:{port}", f"localhost.evil.example:{port}", "evil.example", None,
                     f"127.0.0.1:{int(port) + 1}", "127.0.0.1"):
            status, body = _get(base, path, host)
            assert status == 403, (path, host, status)
            assert body == f"403 Forbidden: this preview answers only http://127.0.0.1:{port}/ or http://localhost:{port}/\n"
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        status, body = _get(base, page, host)
        assert (status, "First visits" in body) == (200, True), host
        assert _get(base, asset, host)[0] == 200
        assert _get(base, reload, host)[0] == 200
