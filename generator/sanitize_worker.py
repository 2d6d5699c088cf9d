"""Sanitize pages in a second process while MkDocs renders the next ones.

nh3 holds the interpreter lock while it cleans a page, so a thread would not help; on a large site
the sanitizer is most of what the plugin adds to each page. A build instead hands each page's HTML
to a helper process (``python -m generator.sanitize_worker``) and picks the clean HTML up after
MkDocs has read every page and before it writes or indexes any (``plugin.py``: ``on_page_content``
hands over, ``on_env`` collects). The main process only copies bytes to a pipe.

The protocol is a stream of frames, one per page, each way and in the same order: four bytes of
length (big-endian), then the UTF-8 text. A length of ``FLUSH`` asks the helper to send the answers
it has (pages go over in batches); a length of ``FAILED`` answers a page the helper could not clean,
and the caller cleans that page itself (raising whatever error that raises).
Anything unexpected — no helper, a helper that dies, a short answer — makes the caller clean the
remaining pages in-process: the result is the same, only slower.
"""

from __future__ import annotations

import logging
import os
import select
import subprocess
import sys
import time
from typing import Any

from .helper_process import start_helper
from .sanitize import sanitize_html

# Builds with at least this many generated pages sanitize them in a helper process;
# PLAYBOOK_SANITIZE_WORKER=always or =never overrides the choice (the tests build both ways).
WORKER_FROM_PAGES = 100
FAILED = 0xFFFFFFFF  # an answer: the helper could not clean that page
FLUSH = 0xFFFFFFFE  # a request: send the answers so far
BATCH_BYTES = 1 << 16  # pages are handed over in batches of about this size: fewer wake-ups each way
_LENGTH = 4


def _frame(data: bytes) -> bytes:
    return len(data).to_bytes(_LENGTH, "big") + data


def _widen(fd: int) -> None:
    """Give a pipe a megabyte of buffer where the system allows it (Linux): fewer, larger transfers."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError):
        pass


class SanitizeWorker:
    """A helper process that cleans pages in the order they are given.

    Both pipes are non-blocking on this side and pumped in this thread: a batch is written as far
    as the pipe takes it and the answers that arrived are read, so neither side ever waits on the
    other while pages are handed over (a reader thread cost more than it saved, in lock hand-offs).
    """

    def __init__(self) -> None:
        self.process = start_helper("generator.sanitize_worker", stdin=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_helper, self.from_helper = self.process.stdin.fileno(), self.process.stdout.fileno()
        for fd in (self.to_helper, self.from_helper):
            _widen(fd)
            os.set_blocking(fd, False)
        self.sent = 0
        self.outbox = bytearray()  # frames not yet taken by the pipe
        self.batch = 0  # bytes handed over since the last FLUSH request
        self.inbox = b""  # answer bytes not yet split into frames
        self.answers: list[str | None] = []  # None: the helper could not clean that page
        self.broken = False

    def submit(self, html: str) -> None:
        """Hand one page over; its answer comes back in the same position."""
        if self.broken:
            return
        frame = _frame(html.encode("utf-8", "surrogatepass"))
        self.outbox += frame
        self.sent += 1
        self.batch += len(frame)
        if self.batch >= BATCH_BYTES:
            self.outbox += FLUSH.to_bytes(_LENGTH, "big")  # answers come back a batch at a time too
            self.batch = 0
            self._pump()

    def results(self, timeout: float = 120.0) -> list[str | None] | None:
        """Every answer, in order, once the helper has cleaned all pages; None if it failed."""
        deadline = time.monotonic() + timeout
        while not self.broken:
            if not self.outbox and self.process.stdin is not None and not self.process.stdin.closed:
                self.process.stdin.close()  # the helper answers the rest and ends
            waiting_to_write = [self.to_helper] if self.outbox else []
            left = deadline - time.monotonic()
            if left <= 0:
                self.broken = True
                break
            readable, writable, _ = select.select([self.from_helper], waiting_to_write, [], left)
            if not self._pump(read_to_end=bool(readable)):
                break  # the helper closed its side: every answer is in
        self.close()
        if self.broken or self.inbox or len(self.answers) != self.sent:
            return None
        return self.answers

    def close(self) -> None:
        """Stop the helper whatever state it is in (done, or a failed build)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                try:
                    stream.close()
                except OSError:
                    pass

    def _pump(self, read_to_end: bool = False) -> bool:
        """Write what the pipe takes, read what has arrived; False once the helper's output ended."""
        try:
            if self.outbox:
                written = os.write(self.to_helper, self.outbox)
                del self.outbox[:written]
        except BlockingIOError:
            pass
        except OSError:
            self.broken = True
            return False
        while True:
            try:
                chunk = os.read(self.from_helper, 1 << 20)
            except BlockingIOError:
                return True
            except OSError:
                self.broken = True
                return False
            if not chunk:
                return not read_to_end
            self._split(chunk)

    def _split(self, chunk: bytes) -> None:
        data = self.inbox + chunk
        at = 0
        while len(data) - at >= _LENGTH:
            length = int.from_bytes(data[at : at + _LENGTH], "big")
            if length == FAILED:
                self.answers.append(None)
                at += _LENGTH
                continue
            if len(data) - at < _LENGTH + length:
                break
            self.answers.append(data[at + _LENGTH : at + _LENGTH + length].decode("utf-8", "surrogatepass"))
            at += _LENGTH + length
        self.inbox = data[at:]


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
        if wanted and in_background and os.name == "posix":  # non-blocking pipes and select() on pipes
            try:
                self.worker = SanitizeWorker()
            except (OSError, ValueError) as exc:  # no second process here: clean every page in this one
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
            sink.flush()
            return
        length = int.from_bytes(head, "big")
        if length == FLUSH:
            sink.flush()
            continue
        data = source.read(length)
        try:
            answer = _frame(sanitize_html(data.decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass"))
        except Exception:  # noqa: BLE001 - the caller cleans this page itself and reports the error
            answer = FAILED.to_bytes(_LENGTH, "big")
        sink.write(answer)


if __name__ == "__main__":
    main()
