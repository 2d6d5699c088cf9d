"""Run a command (pytest by default) beside a CPU hog: one busy loop per core, ended when it ends.

    python tests/load.py [--seconds 900] [--hogs N] -- pytest-arguments...

Timing-dependent tests (the live preview, Ctrl-C) must pass on a busy machine too; this is how
`make test-under-load` checks it. Each hog spins for at most ``--seconds`` even if this script is
killed, so a forgotten one cannot keep a machine busy.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time


def spin(seconds: float) -> None:
    """Keep one core busy for at most ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(10_000))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=900, help="longest a hog spins (default 900)")
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2, help="busy loops (default: one per core)")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args(argv)
    hogs = [multiprocessing.Process(target=spin, args=(args.seconds,), daemon=True) for _ in range(args.hogs)]
    for hog in hogs:
        hog.start()
    started = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", *args.pytest_args], check=False)
    finally:
        for hog in hogs:
            hog.terminate()
        for hog in hogs:
            hog.join(timeout=5)
    print(f"load.py: {args.hogs} busy loops beside pytest, {time.monotonic() - started:.0f} s, exit {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
