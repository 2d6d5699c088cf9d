"""Find the content files and say which collection and id each is, without reading any.

One entity per file, the file name is its id: ``content/stages/discovery.yml`` is the stage
``discovery``. Folders are listed with ``os.scandir``, so a folder of a thousand files costs no system
call per file; links out of the content folder, pipes and devices are refused here, unread.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .document import Document
from .errors import Problem, suggest
from .limits import forget_folders, inside, not_content, not_content_entry
from .models import COLLECTIONS, ID_PATTERN

_ID_RE = re.compile(ID_PATTERN)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(content_dir: Path, root: Path) -> tuple[list[Document], list[Problem]]:
    """Find every content file and say which collection and id it is, without reading it."""
    docs: list[Document] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return [], [Problem(_display(content_dir, root), 1, 1, "", "the content folder does not exist")]
    known = set(COLLECTIONS)
    forget_folders()  # links may have changed since the last discovery (live preview)
    shown_dir = _display(content_dir, root)
    shown_dir = "" if shown_dir == "." else shown_dir + "/"
    # os.scandir: a folder of a thousand files is listed without a stat call per file.
    for entry in _entries(content_dir):
        name = entry.name
        is_file = entry.is_file()
        if name.startswith(".") or (is_file and not name.endswith((".yml", ".yaml"))):
            continue
        stem = name.rsplit(".", 1)[0] if is_file else name
        collection = COLLECTIONS.get(stem)
        where = f"{shown_dir}{name}"
        if collection is None or collection.single != is_file:
            hint = suggest(stem, known)
            problems.append(
                Problem(where, 1, 1, "", f"'{name}' is not a collection of the playbook{': ' + hint if hint else ''}")
            )
            continue
        if collection.single:
            refusal = not_content(Path(entry.path), content_dir)
            if refusal:
                problems.append(Problem(where, 1, 1, "", refusal))
            docs.append(Document(stem, stem, where, None if refusal else Path(entry.path)))
            continue
        folder = Path(entry.path)
        folder_inside = inside(folder, content_dir)
        seen: dict[str, str] = {}
        files = [e for e in _entries(folder) if not e.name.startswith(".") and e.name.endswith((".yml", ".yaml"))]
        ids = [e.name.rsplit(".", 1)[0] for e in files]
        lowercase = {i: f"{where}/{e.name}" for i, e in zip(ids, files) if _ID_RE.match(i)}
        for entity_id, file in zip(ids, files):
            shown = f"{where}/{file.name}"
            refusal = not_content_entry(file, folder_inside, content_dir)
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


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's entries sorted by name (as ``sorted(folder.iterdir())`` orders them)."""
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda e: e.name)
