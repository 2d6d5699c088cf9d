"""Find the content files and say which collection and id each is, without reading any.

One entity per file, the file name is its id: ``content/stages/discovery.yml`` is the stage
``discovery``. Folders are listed with ``os.scandir``, so a folder of a thousand files costs no system
call per file; links out of the content folder, pipes and devices are refused here, unread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from generator.content.document import Document
from generator.content.limits import not_content
from generator.errors import Problem, suggest

# An id is a file name: lowercase letters, digits and hyphens (so it is the same file on every system).
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID_RE = re.compile(ID_PATTERN)
# Which collections there are, and whether each is one file (``philosophy.yml``) or a folder of files.
Layout = Mapping[str, bool]


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(content_dir: Path, root: Path, layout: Layout) -> tuple[list[Document], list[Problem]]:
    """Find every content file and say which collection and id it is, without reading it."""
    docs: list[Document] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return [], [Problem(_display(content_dir, root), 1, 1, "", "the content folder does not exist")]
    known = set(layout)
    shown_dir = _display(content_dir, root)
    shown_dir = "" if shown_dir == "." else shown_dir + "/"
    # os.scandir: a folder of a thousand files is listed without a stat call per file.
    for entry in _entries(content_dir):
        name = entry.name
        is_file = entry.is_file()
        if ignored(name):
            continue
        where = f"{shown_dir}{name}"
        if is_file and not is_yaml(name):
            problems.append(Problem(where, 1, 1, "", not_yaml(name)))
            continue
        stem = name.rsplit(".", 1)[0] if is_file else name
        single = layout.get(stem)
        if single is None or single != is_file:
            hint = suggest(stem, known)
            problems.append(
                Problem(where, 1, 1, "", f"'{name}' is not a collection of the playbook{': ' + hint if hint else ''}")
            )
            continue
        if single:
            refusal = not_content(Path(entry.path), content_dir)
            if refusal:
                problems.append(Problem(where, 1, 1, "", refusal))
            docs.append(Document(stem, stem, where, None if refusal else Path(entry.path)))
            continue
        folder = Path(entry.path)
        seen: dict[str, str] = {}
        files = []
        for e in _entries(folder):
            if ignored(e.name):
                continue
            if is_yaml(e.name) and not e.is_dir():
                files.append(e)
            elif e.is_dir():
                problems.append(Problem(f"{where}/{e.name}", 1, 1, "", _subfolder(e.name, where)))
            else:
                problems.append(Problem(f"{where}/{e.name}", 1, 1, "", not_yaml(e.name)))
        ids = [e.name.rsplit(".", 1)[0] for e in files]
        lowercase = {i: f"{where}/{e.name}" for i, e in zip(ids, files) if _ID_RE.match(i)}
        for entity_id, file in zip(ids, files):
            shown = f"{where}/{file.name}"
            refusal = not_content(Path(file.path), content_dir)
            if refusal:
                problems.append(Problem(shown, 1, 1, "", refusal))
                docs.append(Document(stem, entity_id, shown, None))  # known, so references to it are not reported too
                continue
            if not _ID_RE.match(entity_id):
                message = f"'{entity_id}' is not a valid id: name the file with lowercase letters, digits and hyphens"
                if entity_id.lower() in lowercase:
                    # Two ids that differ only in case are one file on Windows and macOS.
                    message += f"; it differs only in case from {lowercase[entity_id.lower()]}"
                problems.append(Problem(shown, 1, 1, "", message))
                continue
            if entity_id in seen:
                problems.append(Problem(shown, 1, 1, "", f"the id '{entity_id}' is also used by {seen[entity_id]}"))
                continue
            seen[entity_id] = shown
            docs.append(Document(stem, entity_id, shown, Path(file.path)))
    return docs, problems


# Editors' backups and lock files, and notes in Markdown: never content, never reported.
_BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".swo", ".tmp", ".orig", ".rej")


def ignored(name: str) -> bool:
    """Hidden files, editor backups and Markdown notes (``README.md``) are not content."""
    lower = name.lower()
    return name.startswith((".", "#")) or lower.endswith(_BACKUP_SUFFIXES) or lower.endswith(".md")


def is_yaml(name: str) -> bool:
    """A content file: ``.yml`` or ``.yaml``, in any case (``x.YML`` is read as ``x``)."""
    return name.lower().endswith((".yml", ".yaml"))


def not_yaml(name: str) -> str:
    return f"'{name}' is not a YAML file: content files end in .yml; move it out of the content folder"


def _subfolder(name: str, where: str) -> str:
    return f"'{name}' is a folder inside {where}/: a collection holds files only; move its files into {where}/"


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's entries sorted by name (as ``sorted(folder.iterdir())`` orders them)."""
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda e: e.name)
