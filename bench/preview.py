"""Live-preview benchmark: seconds from saving one YAML file to the refreshed page being served.

For each playbook measured (the sample in content/ and a generated one of 1,000 entities unless
told otherwise) it copies the content to a temporary folder with a git history, starts
``playbook serve`` on a free 127.0.0.1 port, waits for the first build, then edits one method file at
a time and polls that method's page until the new text is served. Prints each figure, their median
and the target (issue 24: 0.3 s on the sample, 0.5 s at 1,000 entities), and writes them to
bench/results/preview-*.json. Run it once, not in a loop: the machine is shared.

    python bench/preview.py                          # the sample and 1,000 entities, 5 edits each
    python bench/preview.py --playbooks 1000 --edits 2 --command mkdocs
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import add_history, generate  # noqa: E402
from run import ROOT, write_configs  # noqa: E402

# Save → refreshed page, median of the saves (issue 24).
TARGETS = {"sample": 0.3, 1000: 0.5}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, marker: str, timeout: float) -> float:
    """Seconds until the page at ``url`` contains ``marker``; raises after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        html = fetch(url)
        if html is not None and marker in html:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {marker!r} within {timeout:.0f} s")


def with_marker(text: str, marker: str) -> str:
    """A method file with ``marker`` at the start of its summary (plain or a folded block)."""
    block = re.compile(r"^(summary: *[>|][-+]?\n +)", re.M)
    if block.search(text):
        return block.sub(lambda m: m.group(1) + marker + ". ", text, count=1)
    return text.replace("summary: ", f"summary: {marker}. ", 1)


def measure(playbook: str, edits: int, command: str, work: Path) -> dict[str, Any]:
    if playbook == "sample":
        shutil.copytree(ROOT / "content", work / "content")
        entities = sum(1 for _ in (work / "content").rglob("*.yml"))
    else:
        entities = int(playbook)
        generate(entities, work)
    add_history(work)
    config, _, _ = write_configs(work)
    port = free_port()
    bin_dir = Path(sys.executable).parent
    args = (
        [str(bin_dir / "playbook"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
        if command == "playbook"
        else [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    )
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        args,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    methods = sorted((work / "content" / "methods").glob("*.yml"))
    times: list[float] = []
    try:
        first = wait_for(f"http://127.0.0.1:{port}/methods/{methods[0].stem}/", "</html>", timeout=900)
        for i in range(edits):
            method = methods[(i * 37) % len(methods)]
            marker = f"Edited for the preview benchmark {i} {time.time_ns()}"
            text = method.read_text(encoding="utf-8")
            method.write_text(with_marker(text, marker), encoding="utf-8")
            times.append(round(wait_for(f"http://127.0.0.1:{port}/methods/{method.stem}/", marker, 300), 2))
            print(f"edit {i + 1}: {times[-1]:.2f} s ({method.name})", flush=True)
            time.sleep(1.0)  # let the server settle before the next save
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    return {
        "playbook": playbook,
        "entities": entities,
        "command": command,
        "first_build_s": round(first, 1),
        "save_to_page_s": times,
        "median_s": round(statistics.median(times), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--playbooks", default="sample,1000", help="comma-separated: 'sample' (content/) and entity counts"
    )
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--command", choices=("playbook", "mkdocs"), default="playbook")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args()
    results = []
    for playbook in [p for p in args.playbooks.replace(" ", "").split(",") if p]:
        print(f"Previewing {playbook}...", file=sys.stderr, flush=True)
        work = Path(tempfile.mkdtemp(prefix="playbook-preview-"))
        try:
            results.append(measure(playbook, args.edits, args.command, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    for result in results:
        target = TARGETS.get(result["playbook"] if result["playbook"] == "sample" else result["entities"])
        result["target_s"] = target
        verdict = (
            "" if target is None else f" (target {target} s: {'met' if result['median_s'] <= target else 'NOT MET'})"
        )
        print(
            f"save → refreshed page, {result['playbook']} ({result['entities']} entities): median "
            f"{result['median_s']:.2f} s of {len(result['save_to_page_s'])} saves "
            f"({', '.join(f'{t:.2f}' for t in result['save_to_page_s'])}){verdict}; "
            f"first build {result['first_build_s']} s"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"preview-{when.replace(':', '').replace('+0000', 'Z')}.json"
    path.write_text(json.dumps({"when": when, "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"Results written to {path}")


if __name__ == "__main__":
    main()
