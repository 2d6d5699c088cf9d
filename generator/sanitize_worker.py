"""Sanitize pages in a second process while MkDocs renders the next ones.

nh3 holds the interpreter lock while it cleans a page, so a thread would not help; on a large site
the sanitizer is most of what the plugin adds to each page. A build instead hands each page's HTML
to a helper process (``python -m generator.sanitize_worker``) and picks the clean HTML up after
MkDocs has read every page and before it writes or indexes any (``plugin.py``: ``on_page_content``
hands over, ``on_env`` collects). The main process only copies bytes to a pipe.

The protocol is a stream of frames, one per page, each way and in the same order: four bytes of
length (big-endian), then the UTF-8 text. The helper answers a page it could not clean with a
length of ``FAILED``, and the caller cleans that page itself (raising whatever error that raises).
Anything unexpected — no helper, a helper that dies, a short answer — makes the caller clean the
remaining pages in-process: the result is the same, only slower.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from .sanitize import sanitize_html

# Builds with at least this many generated pages sanitize them in a helper process;
# PLAYBOOK_SANITIZE_WORKER=always or =never overrides the choice (the tests build both ways).
WORKER_FROM_PAGES = 100
FAILED = 0xFFFFFFFF
_LENGTH = 4
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)


def _frame(data: bytes) -> bytes:
    return len(data).to_bytes(_LENGTH, "big") + data


class SanitizeWorker:
    """A helper process that cleans pages in the order they are given."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.sanitize_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.sent = 0
        self.answers: list[str | None] = []  # None: the helper could not clean that page
        self.broken = False
        # A thread drains the answers as they come, so neither process ever waits on a full pipe.
        self.reader = threading.Thread(target=self._read, name="playbook-sanitizer", daemon=True)
        self.reader.start()

    def submit(self, html: str) -> None:
        """Hand one page over; its answer comes back in the same position."""
        if self.broken:
            return
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(_frame(html.encode("utf-8", "surrogatepass")))
            self.process.stdin.flush()
            self.sent += 1
        except OSError:
            self.broken = True

    def results(self, timeout: float = 120.0) -> list[str | None] | None:
        """Every answer, in order, once the helper has cleaned all pages; None if it failed."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.close()
        except OSError:
            self.broken = True
        self.reader.join(timeout)
        if self.reader.is_alive():
            self.close()
            return None
        self.process.wait()
        if self.broken or len(self.answers) != self.sent:
            return None
        return self.answers

    def close(self) -> None:
        """Stop the helper whatever state it is in (a failed build)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass

    def _read(self) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        pending = b""
        try:
            while chunk := os.read(fd, 1 << 20):
                pending += chunk
                at = 0
                while len(pending) - at >= _LENGTH:
                    length = int.from_bytes(pending[at : at + _LENGTH], "big")
                    if length == FAILED:
                        self.answers.append(None)
                        at += _LENGTH
                        continue
                    if len(pending) - at < _LENGTH + length:
                        break
                    self.answers.append(pending[at + _LENGTH : at + _LENGTH + length].decode("utf-8", "surrogatepass"))
                    at += _LENGTH + length
                pending = pending[at:]
        except (OSError, ValueError):
            self.broken = True
        if pending:
            self.broken = True  # a frame cut short: the helper died while answering


class PageSanitizer:
    """Cleans the generated pages of one build, in a helper process when the build is large.

    ``clean`` is called for each page as it is read; ``finish`` before any page is used, replacing
    each page's ``content`` with the clean HTML. Pages are plain objects with a ``content`` attribute.
    """

    def __init__(self) -> None:
        self.worker: SanitizeWorker | None = None
        self.handed_over: list[tuple[Any, str]] = []  # (page, the HTML the helper was given)

    def start(self, pages: int, *, in_background: bool) -> None:
        self.stop()
        choice = os.environ.get("PLAYBOOK_SANITIZE_WORKER", "")
        wanted = choice == "always" or (choice != "never" and pages >= WORKER_FROM_PAGES)
        if wanted and in_background:
            try:
                self.worker = SanitizeWorker()
            except OSError as exc:  # no second process here: clean every page in this one
                logging.getLogger(__name__).debug("Sanitizing in this process: %s", exc)

    def clean(self, page: Any, html: str) -> str:
        """The page's HTML now: clean, or as given while the helper cleans it (until ``finish``)."""
        if self.worker is None:
            return sanitize_html(html)
        self.worker.submit(html)
        self.handed_over.append((page, html))
        return html

    def finish(self) -> None:
        if self.worker is None:
            return
        answers = self.worker.results() or []
        for i, (page, given) in enumerate(self.handed_over):
            clean = answers[i] if i < len(answers) else None
            if clean is None or page.content is not given:  # no answer, or changed since: clean it here
                clean = sanitize_html(page.content or "")
            page.content = clean
        self.stop()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None
        self.handed_over = []


def main() -> None:
    """The helper's loop: read a page, answer with it cleaned, until the input ends."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = source.read(_LENGTH)  # a buffered read returns less only at the end of the input
        if len(head) < _LENGTH:
            return
        data = source.read(int.from_bytes(head, "big"))
        try:
            answer = _frame(sanitize_html(data.decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass"))
        except Exception:  # noqa: BLE001 - the caller cleans this page itself and reports the error
            answer = FAILED.to_bytes(_LENGTH, "big")
        sink.write(answer)
        sink.flush()


if __name__ == "__main__":
    main()
