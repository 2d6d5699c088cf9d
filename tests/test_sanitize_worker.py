"""Sanitizing in a helper process gives exactly what sanitizing in the build's own process gives,
in order, for pages of any size, and falls back to the build's own process whenever the helper
cannot answer."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import sanitize_worker
from generator.sanitize import sanitize_html
from generator.sanitize_worker import BATCH_BYTES, PageSanitizer, SanitizeWorker

from .test_hostile import HOSTILE, build_site

DIRTY = [
    '<p onclick="steal()">Hello <a href="javascript:alert(1)">there</a></p><script>alert(2)</script>',
    "<h2 id=\"__config\">Shadowing the theme's configuration</h2>",
    "<table><tr><td style=\"text-align: right; color: red\">4</td></tr></table>",
    "<p>plain text with é, — and 漢字</p>",
    "",
]


def test_answers_come_back_in_order_and_equal_sanitizing_here() -> None:
    # Many small pages (several batches), one larger than the pipe's buffer, and the dirty ones.
    pages = [f"<p id='p{i}'>page {i} " + "x" * (i % 700) + "</p>" for i in range(600)]
    pages += ["<div>" + "<p>a long page</p>" * 200_000 + "</div>", *DIRTY]
    assert sum(len(p) for p in pages) > 4 * BATCH_BYTES
    worker = SanitizeWorker()
    for page in pages:
        worker.submit(page)
    assert worker.results() == [sanitize_html(p) for p in pages]
    assert worker.process.returncode == 0


def test_a_page_the_helper_cannot_clean_is_answered_as_failed() -> None:
    worker = SanitizeWorker()
    for page in ("<p>before</p>", "<p>\ud800 a lone surrogate</p>", "<p>after</p>"):
        worker.submit(page)
    assert worker.results() == [sanitize_html("<p>before</p>"), None, sanitize_html("<p>after</p>")]


def test_a_helper_that_dies_gives_no_answers() -> None:
    worker = SanitizeWorker()
    worker.submit("<p>one</p>")
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait()
    for _ in range(100):
        worker.submit("<p>" + "y" * 5000 + "</p>")
    assert worker.results() is None


def pages(count: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(content=None) for _ in range(count)]


def test_page_sanitizer_puts_clean_html_in_place_only_when_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_SANITIZE_WORKER", "always")
    sanitizer = PageSanitizer()
    sanitizer.start(len(DIRTY), in_background=True)
    assert sanitizer.worker is not None
    handed = pages(len(DIRTY))
    for page, html in zip(handed, DIRTY):
        page.content = sanitizer.clean(page, html)
        assert page.content is html  # as given, until every page has been read
    sanitizer.finish()
    assert [p.content for p in handed] == [sanitize_html(h) for h in DIRTY]
    assert sanitizer.worker is None and sanitizer.handed_over == []


def test_page_sanitizer_cleans_here_what_the_helper_did_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_SANITIZE_WORKER", "always")
    sanitizer = PageSanitizer()
    sanitizer.start(3, in_background=True)
    assert sanitizer.worker is not None
    handed = pages(3)
    for page in handed:
        page.content = sanitizer.clean(page, DIRTY[0])
    handed[1].content = "<p>changed by another plugin <img src=x onerror=alert(1)></p>"
    os.kill(sanitizer.worker.process.pid, signal.SIGKILL)  # and the helper is gone
    sanitizer.finish()
    assert handed[0].content == handed[2].content == sanitize_html(DIRTY[0])
    assert handed[1].content == sanitize_html("<p>changed by another plugin <img src=x onerror=alert(1)></p>")
    assert "onerror" not in handed[1].content


def test_page_sanitizer_reports_an_error_the_way_sanitizing_here_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_SANITIZE_WORKER", "always")
    sanitizer = PageSanitizer()
    sanitizer.start(1, in_background=True)
    page = SimpleNamespace(content=None)
    page.content = sanitizer.clean(page, "<p>\ud800</p>")
    with pytest.raises(UnicodeEncodeError):
        sanitize_html("<p>\ud800</p>")
    with pytest.raises(UnicodeEncodeError):
        sanitizer.finish()


@pytest.mark.parametrize(
    ("choice", "pages_", "in_background", "expected"),
    [
        ("", sanitize_worker.WORKER_FROM_PAGES, True, True),
        ("", sanitize_worker.WORKER_FROM_PAGES - 1, True, False),
        ("", 10_000, False, False),  # the live preview rebuilds a few pages: no helper
        ("never", 10_000, True, False),
        ("always", 1, True, True),
    ],
)
def test_large_builds_use_the_helper(
    monkeypatch: pytest.MonkeyPatch, choice: str, pages_: int, in_background: bool, expected: bool
) -> None:
    monkeypatch.setenv("PLAYBOOK_SANITIZE_WORKER", choice)
    sanitizer = PageSanitizer()
    sanitizer.start(pages_, in_background=in_background)
    try:
        assert (sanitizer.worker is not None) == expected
    finally:
        sanitizer.stop()
    assert sanitizer.worker is None


def test_no_second_process_means_sanitizing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setenv("PLAYBOOK_SANITIZE_WORKER", "always")
    monkeypatch.setattr(sanitize_worker.subprocess, "Popen", refuse)
    sanitizer = PageSanitizer()
    sanitizer.start(500, in_background=True)
    assert sanitizer.worker is None
    assert sanitizer.clean(SimpleNamespace(content=None), DIRTY[0]) == sanitize_html(DIRTY[0])


def test_a_build_gives_the_same_site_either_way(tmp_path: Path) -> None:
    # The hostile playbook, built by `mkdocs build` with the helper and without: byte for byte.
    helper = build_site(tmp_path / "helper", HOSTILE / "_site", sanitize_worker="always")
    here = build_site(tmp_path / "here", HOSTILE / "_site", sanitize_worker="never")
    files = sorted(p.relative_to(helper) for p in helper.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(here) for p in here.rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".html"]) > 15
    different = [f for f in files if (helper / f).read_bytes() != (here / f).read_bytes()]
    assert different == []
