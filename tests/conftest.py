"""Shared helpers: small playbooks copied into tmp_path so that tests can break them at will."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import subprocess
import threading
import traceback
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


# Left out by `make test-fast`: real builds of big sites, of every edition or engine, fresh
# environments, fuzzing, the benchmark, live previews and killed builds (test ids or their beginnings).
SLOW = (
    "tests/test_bench.py", "tests/test_fuzz.py", "tests/test_engines.py", "tests/test_serve.py",
    "tests/test_preview.py", "tests/test_reproducible.py", "tests/test_csp.py", "tests/test_every_word_shown.py",
    "tests/test_raw_syntax.py", "tests/test_field_coverage.py", "tests/test_assemble.py",
    "tests/test_init.py::test_init_then_build_with_a_non_editable_install_in_a_fresh_environment",
    "tests/test_mkdocs_build.py::test_repository_root_builds_with_plain_mkdocs",
    "tests/test_mkdocs_build.py::test_the_loomwise_example_builds_as_a_project_of_its_own",
    "tests/test_keelpoint_example.py",
    "tests/test_edition.py::test_public_build_has", "tests/test_edition.py::test_the_plugin_option",
    "tests/test_edition.py::test_a_hand_written_nav", "tests/test_edition.py::test_the_public_scan",
    "tests/test_export.py::test_zensical", "tests/test_export.py::test_plain_mkdocs",
    "tests/test_trust.py::test_a_killed_build", "tests/test_trust.py::test_the_preview_keeps_watching",
    "tests/test_trust.py::test_the_export_built_with_plain_mkdocs", "tests/test_trust.py::test_what_is_internal_now",
    "tests/test_trust.py::test_hand_written_internal_pages_stay_out", "tests/test_trust.py::test_a_link_by_id_works",
    "tests/test_cli.py::test_build_writes_the_site", "tests/test_site_dir.py::test_builds_write_only",
    "tests/test_templates.py::test_content_in_the_html_blocks", "tests/test_publish.py::test_a_failure_in_the_middle",
    "tests/test_hostile.py::test_playbook_validate_exits_1", "tests/test_changes.py::test_an_entity_made_internal",
    "tests/test_trust.py::test_no_link_title", "tests/test_trust.py::test_heading_attributes",
    "tests/test_trust.py::test_a_name_with_a_bar", "tests/test_trust.py::test_links_by_id_to_internal",
    "tests/test_edition.py::test_a_link_to_an_internal_entity", "tests/test_export.py::test_public_export",
    "tests/test_project_config.py::test_playbook_build_reads", "tests/test_project_config.py::test_every_command",
    "tests/test_crm_sdr.py::test_the_metadata_library", "tests/test_crm_sdr.py::test_the_check_fails_on_a_file",
    "tests/test_packaging.py::test_editing_a_template",
)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that drive Chromium, and all of tests/browser/, are `browser` tests; those in SLOW are `slow`.

    With `--dist loadgroup` (`make test`), the tests of a module that share a module-scoped fixture
    (a site built for them) run on one worker, so that the site is built once.
    """
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()) or item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)  # tests/browser/ all read the built sample site
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(d[-1].scope == "module" for d in definitions if d):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


ENGINE_LOGGERS = ("mkdocs", "properdocs")


def run_in_process(
    command: Any, name: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a click command (``generator.cli.main``, MkDocs' ``cli``) in this process, as its console
    script would run: the same exit code, standard output and standard error, an uncaught exception
    printed as a traceback on standard error. Many times faster than starting an interpreter; the
    few things only a real process shows (signals, an install, `make`) keep real processes.
    """
    from click.testing import CliRunner

    loggers = [logging.getLogger(name) for name in ENGINE_LOGGERS]
    saved = [(lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    for logger in loggers:  # so that the command's log handler writes to this run's standard error
        logger.handlers.clear()
    changed = {k: v for k, v in (env or {}).items() if os.environ.get(k) != v}
    try:
        with contextlib.chdir(cwd or Path.cwd()):
            result = CliRunner().invoke(command, list(args), env=changed, catch_exceptions=True, prog_name=name)
    finally:
        for logger, (handlers, level, propagate) in zip(loggers, saved):
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
    stderr = result.stderr
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
        code = 1
    return subprocess.CompletedProcess([name, *args], code, result.stdout, stderr)


def playbook_in_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
                        ) -> subprocess.CompletedProcess[str]:
    """`playbook ARGS` run in this process (see :func:`run_in_process`)."""
    from generator.cli import main

    return run_in_process(main, "playbook", *args, cwd=cwd, env=env)


def mkdocs_in_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
                      ) -> subprocess.CompletedProcess[str]:
    """`mkdocs ARGS` run in this process (see :func:`run_in_process`)."""
    from mkdocs.__main__ import cli

    return run_in_process(cli, "mkdocs", *args, cwd=cwd, env=env)


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
