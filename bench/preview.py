"""Live-preview benchmark: seconds from saving one YAML file to the refreshed page being served.

Generates a playbook (1,000 entities unless told otherwise), starts ``playbook serve`` on a free
127.0.0.1 port, waits for the first build, then edits one method file at a time and polls that
method's page until the new text is served. Prints each figure and their median, and adds them to
bench/results/preview-*.json. Run it once, not in a loop: the machine is shared.

    python bench/preview.py               # 1,000 entities, 3 edits
    python bench/preview.py --entities 100 --edits 2 --command mkdocs
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
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
from run import write_configs  # noqa: E402


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


def measure(entities: int, edits: int, command: str, work: Path) -> dict[str, Any]:
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
            method.write_text(text.replace("summary: ", f"summary: {marker}. ", 1), encoding="utf-8")
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
        "entities": entities,
        "command": command,
        "first_build_s": round(first, 1),
        "save_to_page_s": times,
        "median_s": statistics.median(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--command", choices=("playbook", "mkdocs"), default="playbook")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="playbook-preview-"))
    try:
        result = measure(args.entities, args.edits, args.command, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["when"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"preview-{result['when'].replace(':', '').replace('+0000', 'Z')}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"save → refreshed page at {args.entities} entities: median {result['median_s']:.2f} s "
        f"({', '.join(f'{t:.2f}' for t in result['save_to_page_s'])}); first build {result['first_build_s']} s"
    )
    print(f"Results written to {path}")


if __name__ == "__main__":
    main()
