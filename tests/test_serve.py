"""Live preview: a real `playbook serve` on a free port follows edits, shows content errors, recovers.

And the other side of the same switch: outside the preview, `mkdocs build` still fails on bad content.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SMALL = REPO / "tests" / "fixtures" / "small" / "content"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_project(root: Path) -> Path:
    """A copy of the small playbook with a tiny mkdocs.yml; returns the config file."""
    shutil.copytree(SMALL, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "docs").mkdir()
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Preview test\n"
        "docs_dir: docs\n"
        "theme: {name: material, font: false}\n"
        "markdown_extensions: [admonition, tables, attr_list, md_in_html]\n"
        "plugins:\n"
        "  - search\n"
        "  - tags\n"
        f"  - playbook: {{content_dir: {root / 'content'}, templates_dir: {root / 'templates'}}}\n",
        encoding="utf-8",
    )
    return config


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, predicate: Callable[[str], bool], timeout: float) -> tuple[str, float]:
    """Poll ``url`` until its body satisfies ``predicate``; return the body and the seconds it took."""
    start = time.monotonic()
    body = ""
    while time.monotonic() - start < timeout:
        body = fetch(url)
        if predicate(body):
            return body, time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"{url} did not change as expected within {timeout}s; last body:\n{body[:2000]}")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """`playbook serve` on a free 127.0.0.1 port; yields (project root, base url, log file). Always killed."""
    config = write_project(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "playbook"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/metrics/visits/", lambda b: "First visits" in b, timeout=90)
        except AssertionError:
            raise AssertionError("the preview did not start:\n" + log.read_text(errors="replace")) from None
        yield tmp_path, base, log
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a preview server and everything it started (it runs in its own process group)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


BUDGET = 2.0  # seconds from saving a file to the served page showing the change (the promise)


def timed(page: str, reset: Callable[[], None], change: Callable[[], None], seen: Callable[[str], bool]) -> float:
    """Seconds from ``change()`` until the served page satisfies ``seen``.

    The machine running the suite may be busy with parallel jobs (`make test-under-load`), so a slow
    sample is measured again from the same starting point (``reset``), up to three times; the best
    must meet the budget.
    """
    best = float("inf")
    for _ in range(3):
        reset()
        time.sleep(0.7)  # let the watcher's poll and any rebuild from ``reset`` settle
        change()
        _, seconds = wait_for(page, seen, timeout=15)
        best = min(best, seconds)
        if best < BUDGET:
            break
    return best


def test_preview_follows_edits_shows_errors_and_recovers(preview: tuple[Path, str, Path]) -> None:
    root, base, log = preview
    metric = root / "content" / "metrics" / "visits.yml"
    page = f"{base}/metrics/visits/"
    good = metric.read_text(encoding="utf-8")
    broken = good.replace("kind: lead", "kind: leed")
    names = iter(f"Opening-bell visits {n}" for n in range(10))

    def save(text: str, until: Callable[[str], bool]) -> Callable[[], None]:
        def apply() -> None:
            if metric.read_text(encoding="utf-8") != text:  # an identical save would still trigger a rebuild
                metric.write_text(text, encoding="utf-8")
            wait_for(page, until, timeout=15)
        return apply

    def rename() -> None:
        state["name"] = next(names)
        metric.write_text(good.replace("name: First visits", f"name: {state['name']}"), encoding="utf-8")

    def healthy(body: str) -> bool:
        return "First visits" in body and "content has problems" not in body

    def failing(body: str) -> bool:
        return "The playbook content has problems" in body

    state: dict[str, str] = {}

    # 1. An edit to a content file shows up on the served page within 2 seconds.
    seconds = timed(page, save(good, healthy), rename, lambda b: state["name"] in b)
    assert seconds < BUDGET, f"the page took {seconds:.2f}s to change"

    # 2. A broken file: within 2 seconds the page shows the problem with file:line:col; the preview runs on.
    seconds = timed(page, save(good, healthy), lambda: metric.write_text(broken, encoding="utf-8"), failing)
    assert seconds < BUDGET, f"the error took {seconds:.2f}s to appear"
    body = fetch(page)
    assert "content/metrics/visits.yml:2:7" in body
    assert "&#x27;leed&#x27; is not allowed here" in body
    # ... and in the terminal
    deadline = time.monotonic() + 5
    while "content/metrics/visits.yml:2:7: kind:" not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.1)

    # 3. Fixed again: within 2 seconds the page is back, without the error box.
    seconds = timed(page, save(broken, failing), lambda: metric.write_text(good, encoding="utf-8"), healthy)
    assert seconds < BUDGET, f"the recovered page took {seconds:.2f}s"


def test_preview_follows_template_edits(preview: tuple[Path, str, Path]) -> None:
    root, base, _ = preview
    template = root / "templates" / "metric.md.j2"
    original = template.read_text(encoding="utf-8")
    markers = iter(f"Template-edit-marker-{n}" for n in range(10))
    state: dict[str, str] = {}

    def reset() -> None:
        if template.read_text(encoding="utf-8") != original:
            template.write_text(original, encoding="utf-8")

    def change() -> None:
        state["marker"] = next(markers)
        template.write_text(original + f"\n{state['marker']}\n", encoding="utf-8")

    seconds = timed(f"{base}/metrics/visits/", reset, change, lambda b: state["marker"] in b)
    assert seconds < BUDGET, f"the page took {seconds:.2f}s to change"


def test_mkdocs_build_still_fails_on_bad_content(tmp_path: Path) -> None:
    config = write_project(tmp_path)
    metric = tmp_path / "content" / "metrics" / "visits.yml"
    metric.write_text(metric.read_text().replace("kind: lead", "kind: leed"), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", str(config), "-d", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "content/metrics/visits.yml:2:7: kind:" in result.stderr + result.stdout


def test_preview_starting_on_broken_content_shows_the_problems(tmp_path: Path) -> None:
    """Even when the very first build fails, the preview serves a page naming the problem."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = write_project(tmp_path)
    metric = tmp_path / "content" / "metrics" / "visits.yml"
    metric.write_text(metric.read_text().replace("unit:", "units:"), encoding="utf-8")
    config = load_config(str(config_file), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "The playbook content has problems" in html
    assert "content/metrics/visits.yml:4:1" in html and "did you mean" in html


def test_open_page_in_chromium_refreshes_by_itself(preview: tuple[Path, str, Path], chromium: Any) -> None:
    """The page open in a real browser reloads on save (livereload), shows the error box, then recovers."""
    root, base, _ = preview
    metric = root / "content" / "metrics" / "visits.yml"
    good = metric.read_text(encoding="utf-8")
    page = chromium.new_page()
    try:
        page.goto(f"{base}/metrics/visits/")
        assert page.locator("h1").first.inner_text() == "First visits"
        time.sleep(1)

        metric.write_text(good.replace("name: First visits", "name: Renamed in the browser"), encoding="utf-8")
        page.locator("h1", has_text="Renamed in the browser").wait_for(timeout=10_000)

        metric.write_text(good.replace("kind: lead", "kind: leed"), encoding="utf-8")
        box = page.locator(".admonition.failure")
        box.wait_for(timeout=10_000)
        assert "content/metrics/visits.yml:2:7" in box.inner_text()
        assert "did you mean 'lead'?" in box.inner_text()

        metric.write_text(good, encoding="utf-8")
        box.wait_for(state="detached", timeout=10_000)
        assert page.locator("h1").first.inner_text() == "First visits"
    finally:
        page.close()


def test_serve_on_a_chosen_port_ends_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    config = write_project(tmp_path)
    (tmp_path / "playbook-check.yml").write_text("severities:\n  owner-missing: off\n", encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "playbook"), "serve", "-f", str(config), "--port", str(port)],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/metrics/visits/", lambda b: "First visits" in b, timeout=90)
        time.sleep(2)  # a watched file (playbook-check.yml) must not make the preview rebuild by itself
        assert log.read_text().count("Building documentation") == 1, log.read_text()
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        seconds = ended_within(process, timeout=20)
        assert process.returncode == 0
        assert seconds < IDLE_STOP_MARGIN, f"the preview took {seconds:.2f}s to stop after Ctrl-C"
    finally:
        if process.poll() is None:
            stop(process)
    text = log.read_text()
    assert f"Serving on http://127.0.0.1:{port}/" in text and "Shutting down..." in text
    assert "Traceback" not in text and "Error" not in text


STOP_BUDGET = 2.0  # seconds from Ctrl-C to the preview's exit, mid-rebuild and on a busy machine too
# Between rebuilds MkDocs shuts down by itself (the preview cuts that short after 0.5 s): well under
# 2 s, but on a machine with many times more work than cores, the exit itself can take longer.
IDLE_STOP_MARGIN = 5.0


def ended_within(process: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until ``process`` exits (it must within ``timeout``)."""
    start = time.monotonic()
    process.wait(timeout=timeout)
    return time.monotonic() - start


def test_ctrl_c_in_the_middle_of_a_rebuild_ends_the_preview_promptly(tmp_path: Path) -> None:
    """A rebuild in progress does not hold the preview up: it stops, exits 0, and removes its temporary site."""
    config = write_project(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    temporary = tmp_path / "tmp"  # where the preview makes its temporary site
    temporary.mkdir()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "playbook"), "serve", "-f", str(config), "--port", str(port)],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)},
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/metrics/visits/", lambda b: "First visits" in b, timeout=90)
        served = list(temporary.glob("mkdocs_*"))
        metric = tmp_path / "content" / "metrics" / "visits.yml"
        metric.write_text(metric.read_text(encoding="utf-8").replace("First visits", "Rebuilt visits"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while log.read_text().count("Building documentation") < 2:
            assert time.monotonic() < deadline, "the save did not start a rebuild:\n" + log.read_text()
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGINT)
        seconds = ended_within(process, timeout=20)
        assert process.returncode == 0
        assert seconds < STOP_BUDGET, f"the preview took {seconds:.2f}s to stop after Ctrl-C during a rebuild"
    finally:
        if process.poll() is None:
            stop(process)
    text = log.read_text()
    assert "Shutting down..." in text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    assert served and not any(p.exists() for p in served), "the preview's temporary site was left behind"
