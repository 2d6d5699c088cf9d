"""Shared helpers: small playbooks copied into tmp_path so that tests can break them at will."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = REPO / "templates"


@pytest.fixture
def small_playbook(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/small (content only) in tmp_path; returns the project root."""
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    return tmp_path


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test run and shared by the tests that only read it.

    With pytest-xdist every worker has its own temporary folder inside one folder of the run: the
    first worker to ask makes the folder there (``make(folder)``) under a file lock, the others wait
    and reuse it. Without xdist it is made once in the run's temporary folder.
    """
    base = tmp_path_factory.getbasetemp()
    run = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = run / f"shared-{name}", run / f"shared-{name}.done"
    with (run / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a half-made folder from a worker that failed
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that drive Chromium are `browser` tests (left out by `make test-fast`), wherever they are.

    With `--dist loadgroup` (`make test`), the tests of a module that share a module-scoped fixture
    (a site built for them) run on one worker, so that the site is built once.
    """
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(d[-1].scope == "module" for d in definitions if d):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole run.

    Playwright's sync API allows one running instance per thread, so every test that needs a browser
    shares this one rather than starting its own. Skips only on a developer machine without
    Chromium; in CI (CI set) a missing browser fails.
    """
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(f"{CHROMIUM} is not installed (browser tests run in CI)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 and a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
