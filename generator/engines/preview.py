"""The live preview (``playbook serve``): fast after a save, as safe as the built site, never stuck.

* **Only what changed is rebuilt.** If the navigation, the page list, the content problems or the
  hand-written pages changed, every page shows that change (the nav is in every page) and all is
  rebuilt; otherwise only pages whose Markdown differs from the last build (:class:`PreviewState`).
  Material's search index is rebuilt from the pages built in a round; ``merge_search`` keeps the
  entries of the others, so search stays complete.
* **The same protection as the site.** Pages keep their Content-Security-Policy; the server's
  reload script, written into each page as it is served, is allowed by its hash
  (:func:`harden`). Content problems are shown in a box at the top of every page, written as
  escaped HTML (:func:`problems_box`).
* **Only for this machine.** It answers only requests whose ``Host`` names the address it listens
  on (``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT``): a web page whose name an attacker
  rebinds to 127.0.0.1 (DNS rebinding) gets a 403, never the internal edition (:func:`only_own_host`).
* **It keeps watching.** A watched folder that is moved away and back is watched again, and a path
  the server cannot open (``/%00``) is a 404, not a traceback.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import logging
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import mkdocs
from jinja2.bccache import Bucket, BytecodeCache

from generator.errors import Problem
from generator.site.csp import SCRIPT, allow_script
from generator.site.render import Site

log = logging.getLogger(f"{mkdocs.__name__}.plugins.playbook")
REWATCH_SECONDS = 0.5
GRACE_SECONDS = 0.5  # after Ctrl-C, the longest MkDocs' own shutdown may take before the preview just ends


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class PreviewState:
    """What the last preview build was made from, kept between `mkdocs serve` rebuilds."""

    signature: str | None = None
    page_hashes: dict[str, str] = field(default_factory=dict)
    search_entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    full: bool = True  # whether the round being built is a full one

    def plan(self, site: Site, context: str) -> set[str] | None:
        """The generated pages to rebuild, or None when everything must be rebuilt.

        ``context`` is whatever else appears on every page (problems shown in a banner, the list of
        hand-written pages...): when it changes, nothing built before can be reused.
        """
        signature = _digest(repr(site.nav) + "\0" + context)
        hashes = {page.path: _digest(page.markdown) for page in site.pages}
        full = signature != self.signature or hashes.keys() != self.page_hashes.keys()
        changed = None if full else {path for path, h in hashes.items() if self.page_hashes.get(path) != h}
        self.signature, self.page_hashes, self.full = signature, hashes, full
        return changed

    def forget(self) -> None:
        """After a failed build nothing in the site folder can be trusted: rebuild all next time."""
        self.signature = None
        self.page_hashes = {}

    def merge_search(self, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The whole search index: this round's entries replace those of the pages they come from."""
        by_page: dict[str, list[dict[str, Any]]] = {}
        for entry in fresh:
            by_page.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
        if self.full:
            self.search_entries = by_page
        else:
            self.search_entries.update(by_page)
        return [entry for entries in self.search_entries.values() for entry in entries]


def problems_box(problems: Iterable[Problem]) -> str:
    """The content problems as a warning box for the top of every preview page: escaped HTML, so a
    file name or a message can only ever be text (the box is on hand-written pages too)."""
    items = "".join(
        f"<li><code>{html.escape(f'{p.file}:{p.line}:{p.column}')}</code> "
        f"{html.escape(f'{p.where}: {p.message}' if p.where else p.message)}</li>"
        for p in problems
    )
    return (
        '<div class="admonition failure playbook-problems" role="alert">'
        '<p class="admonition-title">The playbook content has problems</p>'
        "<p>The preview shows the last good version of the pages until these are fixed; "
        "save the file and this page reloads by itself.</p>"
        f"<ul>{items}</ul></div>\n"
    )


def harden(server: Any, watched: list[str]) -> None:
    """Make MkDocs' live-reload server keep the page policy, refuse unopenable paths, keep watching."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is not None:

        def inject_allowed(content: bytes, epoch: int) -> bytes:
            page = inject(content, epoch).decode("utf-8")
            added = list(SCRIPT.finditer(page))
            return (allow_script(page, added[-1].group("body")) if added else page).encode("utf-8")

        server._inject_js_into_html = inject_allowed
    serve_request = getattr(server, "_serve_request", None)
    if serve_request is not None:

        def serve_openable(environ: dict[str, Any], start_response: Any) -> Any:
            # A path no file can have (a NUL byte) is simply not found, rather than an error.
            if "\x00" in str(environ.get("PATH_INFO", "")):
                return None
            return serve_request(environ, start_response)

        server._serve_request = serve_openable
    only_own_host(server)
    threading.Thread(target=_keep_watching, args=(server, watched), daemon=True, name="playbook-rewatch").start()
    stop_promptly(server)


def stop_promptly(server: Any) -> None:
    """Ctrl-C ends the preview within about a second, in the middle of a rebuild and on a busy machine too.

    Between rebuilds, MkDocs' own handling of KeyboardInterrupt shuts the server down. A rebuild cannot
    be stopped that way: a KeyboardInterrupt that lands in a callback from compiled code (the
    sanitizer's attribute filter, run by nh3) is printed and swallowed, and the rebuild and the server
    carry on. So during a rebuild, on a second Ctrl-C, or when the normal shutdown takes longer than
    ``GRACE_SECONDS``, the preview ends at once: what it was building is a temporary folder
    (``server.root``), removed first, and nothing else is written by a preview.
    """
    if threading.current_thread() is not threading.main_thread() or not callable(getattr(server, "builder", None)):
        return
    building, stopping = threading.Event(), threading.Event()
    rebuild = server.builder

    def builder() -> None:
        building.set()
        try:
            rebuild()
        finally:
            building.clear()

    def end_now() -> None:
        log.info("Shutting down...")
        shutil.rmtree(str(server.root), ignore_errors=True)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(0)

    def interrupt(signum: int, frame: Any) -> None:
        if building.is_set() or stopping.is_set():
            end_now()
        stopping.set()
        timer = threading.Timer(GRACE_SECONDS, end_now)
        timer.daemon = True
        timer.start()
        raise KeyboardInterrupt  # MkDocs catches it, says "Shutting down..." and stops the server

    server.builder = builder
    signal.signal(signal.SIGINT, interrupt)


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def only_own_host(server: Any) -> None:
    """Answer a request only when its ``Host`` names this server: 403 otherwise, for every path
    (pages, assets, the live-reload endpoint, a 404), before anything of the site is read."""
    app = server.get_app()

    def answer(environ: dict[str, Any], start_response: Any) -> Any:
        port = int(environ.get("SERVER_PORT") or 0)
        if is_own_host(environ.get("HTTP_HOST"), str(server.server_address[0]), port):
            return app(environ, start_response)
        body = f"403 Forbidden: this preview answers only http://127.0.0.1:{port}/ or http://localhost:{port}/\n"
        start_response(
            "403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
        )
        return [body.encode("ascii")]

    server.set_app(answer)


def is_own_host(host: str | None, listening: str, port: int) -> bool:
    """Whether a ``Host`` header names the address the server listens on, at its port (a Host with
    no port means port 80). A name is loopback's own (``localhost``) or the one it was started on;
    an address literal is one it listens on (any, when it listens on all of them): a rebound name
    is never either."""
    if not host:
        return False
    if host.startswith("["):
        name, bracket, rest = host[1:].partition("]")
        if not bracket:
            return False
    else:
        name, _, given = host.partition(":")
        rest = f":{given}" if ":" in host else ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit() and rest[1:].isascii()):
        return False
    if (int(rest[1:]) if rest else 80) != port:
        return False
    name = name.lower()
    if name in _LOOPBACK or name == listening.lower():
        return True
    try:
        ipaddress.ip_address(name)
        return ipaddress.ip_address(listening).is_unspecified
    except ValueError:
        return False


def _keep_watching(server: Any, watched: list[str]) -> None:
    """Watch again a folder that disappeared and came back (its watcher stops when it disappears)."""
    observer = getattr(server, "observer", None)
    if observer is None:
        return
    while not getattr(server, "_shutdown", False):
        time.sleep(REWATCH_SECONDS)
        alive = {os.path.abspath(e.watch.path) for e in list(observer.emitters) if e.is_alive()}
        for path in watched:
            path = os.path.abspath(path)
            # Files (playbook-check.yml) are watched through their folder: only folders need this.
            if path in alive or not os.path.isdir(path) or not observer.is_alive():
                continue
            try:
                server.unwatch(path)
            except (KeyError, ValueError):
                pass
            server.watch(path)
            log.info("Watching %s again", path)
            condition = getattr(server, "_rebuild_cond", None)
            if condition is not None:
                with condition:
                    server._want_rebuild = True
                    condition.notify_all()


class CompiledTemplates(BytecodeCache):
    """Compiled theme templates kept in memory between preview rebuilds (stale ones are recompiled)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _ExactDirtyBuilds(logging.Filter):
    """Hides MkDocs' warning that dirty builds may show a stale navigation: the plugin rebuilds
    every page whenever the navigation changes, so the preview's navigation is always exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


EXACT_DIRTY_BUILDS = _ExactDirtyBuilds()
