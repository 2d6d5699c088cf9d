"""``playbook migrate``: bring a playbook written for the first content model up to the current one.

The first model gave each stage an ``order:``; now a stage's place is in a process
(``content/processes/``), so that a stage can belong to several processes and inserting one is one
line in one file. Migrating writes a process listing the stages in their old order and removes the
``order:`` field, leaving every other character of the stage files — comments included — as it was.

Migrate reads the content exactly as ``playbook validate`` does (``load_content``): a file that
validate refuses to read (not UTF-8, a link out of ``content/``, a YAML error) is refused here too,
with the same ``file:line:col`` message, and then nothing at all is changed. What to remove is found
in the parsed YAML, by the positions of the ``order`` key and its value, so a value written on the
next line or a quoted text holding the words ``order: 3`` is read as YAML reads it. Each edited file
is parsed again before anything is written: it must hold the same data, less its order.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.content.document import Document
from generator.content.load import SafeLoader, load_content, parse_document
from generator.errors import ContentError, Problem
from generator.model.collections import LAYOUT
from generator.model.schema import schema_line

PROCESS_ID = "sales-process"
_REST_OF_LINE = re.compile(r"[ \t]*(#[^\r\n]*)?(\r\n|\n|\r|$)")


class MigrationError(ContentError):
    """The playbook cannot be migrated as it is; every problem is located, and nothing was changed."""


@dataclass
class Migration:
    """What a migration changed, for the command to report."""

    process: Path | None = None
    stages: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.process is not None


@dataclass(frozen=True)
class _Edit:
    """One stage file with its order removed: where it is written, its new bytes, its old place."""

    order: float
    stage_id: str
    source: Path
    new: bytes


def migrate(content_dir: Path, root: Path) -> Migration:
    """Move the stages' ``order:`` into a process file; return what changed (nothing if up to date).

    Raises MigrationError, having changed nothing, when any content file cannot be read or an order
    cannot be moved; every problem is listed at once.
    """
    documents, problems = load_content(content_dir, root, LAYOUT, reuse=False)
    if problems:
        raise MigrationError(problems)
    edits: list[_Edit] = []
    for doc in documents:
        if doc.collection == "stages" and isinstance(doc.data, dict) and "order" in doc.data:
            try:
                edits.append(_edit(doc))
            except _Refused as exc:
                problems.append(exc.problem)
    if problems:
        raise MigrationError(problems)
    if not edits:
        return Migration()
    edits.sort(key=lambda e: (e.order, e.stage_id))
    process = _free_path(content_dir / "processes", PROCESS_ID, root)
    _write_all(process, _process_text([e.stage_id for e in edits]), edits)
    return Migration(process, [e.source for e in edits])


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _edit(doc: Document) -> _Edit:
    """The stage's file with its top-level ``order`` entry cut out, checked by parsing it again."""
    assert doc.source is not None and isinstance(doc.data, dict)

    def refuse(message: str) -> _Refused:
        return _Refused(doc.problem(("order",), message, key=True, where=""))

    order = doc.data["order"]
    written = doc.plain_scalars.get(("order",), "" if order is None else str(order))
    if isinstance(order, str):
        try:
            order = float(order)
        except ValueError:
            pass
    if isinstance(order, bool) or not isinstance(order, (int, float)) or not math.isfinite(order):
        raise refuse(
            f"'order:{' ' + written if written else ''}' is not a number: write the stage's place as a number "
            "(1 first), or delete the line and list the stage in a process yourself"
        )
    raw = doc.source.read_bytes()
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom) :].decode("utf-8")
    if text.split("\n") != doc.lines:
        raise refuse("the file changed while it was being read: run `playbook migrate` again")
    node = yaml.compose(text, Loader=SafeLoader)
    assert isinstance(node, yaml.MappingNode)
    if node.flow_style:
        raise refuse(
            "the fields are written in braces ({...}): delete 'order' yourself and list the stage in a process"
        )
    key_node, value_node = next((k, v) for k, v in node.value if k.value == "order")
    start, end = key_node.start_mark.index, value_node.end_mark.index
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip(" "):
        start = line_start  # the whole line, its indentation included
    if not text[:end].endswith(("\n", "\r")):  # a block scalar ends after its line break already
        rest = _REST_OF_LINE.match(text, end)
        assert rest is not None  # every part of the pattern is optional
        end = rest.end()
    edited = text[:start] + text[end:]
    check = Document(doc.collection, doc.id, doc.file)
    expected = {k: v for k, v in doc.data.items() if k != "order"}
    if parse_document(edited.encode("utf-8"), check) or check.data != expected:
        raise refuse(
            "'order' cannot be removed without changing other fields (an anchor, a comment inside it...): "
            "delete it yourself and list the stage in a process"
        )
    return _Edit(order, doc.id, doc.source, bom + edited.encode("utf-8"))


def _write_all(process: Path, process_text: str, edits: list[_Edit]) -> None:
    """Write every new text to a temporary file beside its target first, then move each into place.

    Nothing is replaced until everything has been written; a stage file reached through a link
    inside the content folder keeps its link (the target is replaced).
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for edit in edits:
            target = edit.source.resolve()
            staged.append((_temporary(target.parent, edit.new, os.stat(target).st_mode), target))
        process.parent.mkdir(parents=True, exist_ok=True)
        with process.open("x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(process_text)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


def _temporary(folder: Path, data: bytes, mode: int) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=".migrate-", suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(name, stat.S_IMODE(mode))
    return Path(name)


def _free_path(folder: Path, stem: str, root: Path) -> Path:
    for n in range(1, 100):
        path = folder / (f"{stem}.yml" if n == 1 else f"{stem}-{n}.yml")
        if not path.exists() and not path.with_suffix(".yaml").exists():
            return path
    shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    raise MigrationError([Problem(shown, 1, 1, "", "no free name for the new process file: remove one")])


def _process_text(stage_ids: list[str]) -> str:
    body = yaml.safe_dump({"name": "Sales process", "stages": stage_ids}, sort_keys=False, allow_unicode=True)
    return (
        f"{schema_line('processes')}\n"
        "# Made by `playbook migrate` from the stages' old `order:`. Rename it, describe it, and add its\n"
        "# outcomes (won, lost...) and any moves other than on to the next stage (transitions).\n"
        f"{body}"
    )
