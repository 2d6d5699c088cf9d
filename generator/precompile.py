"""Compile the page templates in a helper process while this one reads the content.

Compiling the twenty-odd templates is a fixed cost of every cold build (about 0.06 s, as much as
rendering four hundred pages), and it does not depend on the content. So a cold build starts
``python -m generator.precompile TEMPLATES`` first; by the time the content is loaded, validated
and resolved, the helper has written each template's compiled code to its output, and the
environment picks it up through Jinja's bytecode cache. Jinja checks each template's source
checksum, so a template changed meanwhile is compiled here as usual; so is one the helper could not
compile, which then raises its usual error, naming the template and line. If the helper cannot start
or fails, everything is compiled here: the pages are the same either way.

Compiled code is read back with ``marshal`` from our own child process over a private pipe.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import TemplateError
from jinja2.bccache import Bucket, BytecodeCache

from .helper_process import start_helper
from .templating import environment, make_environment

TIMEOUT = 30.0
# The helper needs about 0.1 s to start and compile; below this many content files the build reaches
# its templates sooner than that and compiles them faster itself.
HELPER_FROM_FILES = 400
_LENGTH = 4


class Precompiled(BytecodeCache):
    """The helper's compiled templates, served to Jinja as a bytecode cache."""

    def __init__(self, templates_dir: str) -> None:
        self.process = start_helper("generator.precompile", templates_dir)
        self.store: dict[str, bytes] | None = None

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._collected().get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # checks the source checksum; a stale entry is ignored

    def dump_bytecode(self, bucket: Bucket) -> None:
        pass  # compiled here: nothing to keep beyond the environment's own cache

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()

    def _collected(self) -> dict[str, bytes]:
        if self.store is None:
            try:
                out, _ = self.process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.close()
                out = b""
            self.store = _unpack(out) if self.process.returncode == 0 else {}
        return self.store


@contextmanager
def templates_compiled_aside(templates_dir: Path, content_dir: Path) -> Iterator[None]:
    """While the block runs, the templates folder's environment takes compiled templates from a
    helper process started now, if the content is large enough for that to pay; a warm environment
    (live preview) already has them and starts none."""
    env = environment(str(templates_dir))
    cold = not env.cache and env.bytecode_cache is None and templates_dir.is_dir()
    helper = None
    if cold and _content_files(content_dir) >= HELPER_FROM_FILES:
        try:
            helper = Precompiled(str(templates_dir))
        except (OSError, ValueError):
            helper = None  # compile them here
    env.bytecode_cache = helper
    try:
        yield
    finally:
        if helper is not None:
            env.bytecode_cache = None
            helper.close()


def _content_files(content_dir: Path) -> int:
    """About how many content files there are (one listing per collection folder, nothing read)."""
    count = 0
    try:
        with os.scandir(content_dir) as entries:
            for entry in entries:
                if entry.is_dir():
                    count += len(os.listdir(entry.path))
    except OSError:
        return 0
    return count


def _pack(entries: list[tuple[str, bytes]]) -> bytes:
    out = bytearray()
    for key, data in entries:
        for part in (key.encode("ascii"), data):
            out += len(part).to_bytes(_LENGTH, "big") + part
    return bytes(out)


def _unpack(data: bytes) -> dict[str, bytes]:
    parts: list[bytes] = []
    at = 0
    while at + _LENGTH <= len(data):
        size = int.from_bytes(data[at : at + _LENGTH], "big")
        parts.append(data[at + _LENGTH : at + _LENGTH + size])
        at += _LENGTH + size
    if at != len(data) or len(parts) % 2:
        return {}  # cut short: use none of it
    return {parts[i].decode("ascii"): parts[i + 1] for i in range(0, len(parts), 2)}


def compile_all(templates_dir: str) -> list[tuple[str, bytes]]:
    """(bytecode cache key, compiled template) for every template of the folder that compiles."""
    env = make_environment(templates_dir)
    cache = BytecodeCache()
    entries = []
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            bucket = Bucket(env, cache.get_cache_key(name, filename), cache.get_source_checksum(source))
            bucket.code = env.compile(source, name, filename)
        except (TemplateError, OSError):
            continue  # compiled (and reported) by the build itself
        entries.append((bucket.key, bucket.bytecode_to_string()))
    return entries


if __name__ == "__main__":
    sys.stdout.buffer.write(_pack(compile_all(sys.argv[1])))
