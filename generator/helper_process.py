"""Start one of our modules as a helper process (``python -m generator.…``), on the second core.

The helper runs with the same interpreter and finds this package even when it is used from a
source checkout rather than installed. Its errors go nowhere: a caller treats a helper that fails
as no helper and does the work itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)


def start_helper(module: str, *args: str, stdin: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    """``python -m module args…`` with its output on a pipe (and its input, if ``stdin`` is PIPE)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH", "")) if p)
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
