"""Reading the playbook's history from git: where the repository is, what a commit touched, and
the files at past revisions, without checking anything out.

Every call is a ``git`` process, and starting one costs more than most of what it does, so the
What's new page reads every file it needs in one ``git cat-file --batch``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.content.discover import is_yaml
from generator.model.collections import COLLECTIONS

Key = tuple[str, str]  # (collection, id)
TIMEOUT = 60


class HistoryUnavailable(Exception):
    """The project is not in a git repository, or the revision is not in its history."""


def git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise HistoryUnavailable(f"git could not run: {exc}") from None
    if result.returncode != 0:
        raise HistoryUnavailable(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def read_blobs(top: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The contents of files at revisions, (revision, path from the top) → bytes, in one git process."""
    if not wanted:
        return {}
    specs = b"".join(f"{rev}:{path}\n".encode() for rev, path in wanted)
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=top, input=specs, capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise HistoryUnavailable(f"git could not run: {exc}") from None
    if result.returncode != 0:
        raise HistoryUnavailable(result.stderr.decode("utf-8", "replace").strip() or "git cat-file failed")
    out, at = result.stdout, 0
    blobs: dict[tuple[str, str], bytes] = {}
    for key in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<spec> missing": not at that revision
            continue
        size = int(header[2])
        if header[1] == b"blob":
            blobs[key] = out[at : at + size]
        at += size + 1
    return blobs


def touched_files_of(
    top: Path, inside: str, commits: list[tuple[str, str | None]]
) -> list[tuple[list[str], list[str]]]:
    """The content files each (commit, parent) touched: (those that existed before, those after).

    One ``git diff`` a commit answers both, so comparing a commit with its parent reads only those
    files, without listing the whole tree at either revision.
    """
    commands: list[tuple[str, ...]] = [
        ("diff", "--name-status", "--no-renames", "-z", parent, commit, "--", inside)
        if parent
        else ("ls-tree", "-r", "--name-only", commit, "--", inside)
        for commit, parent in commits
    ]
    results = []
    for (_, parent), out in zip(commits, [git(top, *args) for args in commands]):
        results.append(_split_status(out.decode()) if parent else ([], out.decode().splitlines()))
    return results


def _split_status(fields: str) -> tuple[list[str], list[str]]:
    pairs = fields.split("\0")
    before: list[str] = []
    after: list[str] = []
    for status, path in zip(pairs[0::2], pairs[1::2]):
        if not status.startswith("A"):
            before.append(path)
        if not status.startswith("D"):
            after.append(path)
    return before, after


def locate(content_dir: Path) -> tuple[Path, str]:
    """The repository's top folder, and the content folder's path inside it."""
    content_dir = content_dir.resolve()
    top = Path(git(content_dir.parent, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    return top, content_dir.relative_to(top).as_posix()


def internal_at(top: Path, rev: str, inside: str) -> frozenset[Key]:
    """Entities whose file says ``visibility: internal`` at the top level (a key in column 1)."""
    result = subprocess.run(
        ["git", "grep", "-l", "-E", "^visibility:[[:space:]]*[\"']?internal", rev, "--", inside],
        cwd=top,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    keys = set()
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        path = line.split(":", 1)[1] if line.startswith(f"{rev}:") else line
        key = entity_key(path, inside)
        if key is not None:
            keys.add(key)
    return frozenset(keys)


def entity_key(path: str, inside: str) -> Key | None:
    """(collection, id) of a content file path, as git lists it; None for other files."""
    parts = Path(path).relative_to(inside).parts if path.startswith(inside + "/") else ()
    if len(parts) == 1 and is_yaml(parts[0]):
        stem = Path(parts[0]).stem
        return (stem, stem) if stem in COLLECTIONS and COLLECTIONS[stem].single else None
    if len(parts) == 2 and is_yaml(parts[1]) and parts[0] in COLLECTIONS:
        return (parts[0], Path(parts[1]).stem)
    return None
