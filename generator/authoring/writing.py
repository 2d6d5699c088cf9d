"""Write a set of files all or none: what ``playbook import`` writes into ``content/``.

1. Every target is checked: not a folder, its folder a folder, and (without ``replace``) no file yet.
2. Every new text is written to a temporary file beside its target (same folder, so the move is one
   rename), flushed to disk; every file to be replaced gets a backup, a second link to it.
3. Only then is each temporary file moved into place. A failure before this step removes every
   temporary file and backup: nothing was written. A failure during it puts every file already moved
   back as it was (its backup renamed back, a new file removed): nothing was written either, unless
   putting back fails too, and then :class:`NotWritten` lists exactly what is left, and where the
   original of each file is kept.

A file replaced that was a link is replaced itself, never the file it points to; without ``replace``
a new file is never written over one that appeared meanwhile (it is linked into place, which fails if
the name is taken).
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class NotWritten(Exception):
    """``path`` could not be written, for ``reason`` (each pair); ``left`` is what could not be put back:
    (file, the backup holding its previous text, or None for a new file that could not be removed)."""

    failed: list[tuple[Path, str]]
    left: list[tuple[Path, Path | None]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{path}: {reason}" for path, reason in self.failed)


@dataclass
class _Step:
    target: Path
    temporary: Path
    backup: Path | None = None
    moved: bool = False


def write_all(files: list[tuple[Path, str]], *, replace: bool) -> list[bool]:
    """Write each (path, text), all or none; for each path, whether it replaced a file. Raise NotWritten."""
    failed = [problem for path, _ in files if (problem := _unwritable(path, replace))]
    if failed:
        raise NotWritten(failed)
    steps: list[_Step] = []
    folders: list[Path] = []
    try:
        for path, text in files:
            folders += _make_folders(path.parent)
            steps.append(_Step(path, _temporary(path, text)))
            if os.path.lexists(path):
                steps[-1].backup = _backup(path)
    except BaseException as exc:  # an interruption (Ctrl-C) too leaves nothing behind
        _discard(steps, folders)
        if not isinstance(exc, OSError):
            raise
        folder = Path(exc.filename) if exc.filename and path.is_relative_to(exc.filename) else path
        raise NotWritten([(folder, _reason(exc))]) from None
    replaced = [step.backup is not None for step in steps]
    for step in steps:
        try:
            _move(step, replace)
        except BaseException as exc:
            left = _undo(steps)
            _discard(steps, [] if left else folders)
            if not isinstance(exc, OSError):
                raise
            raise NotWritten([(step.target, _reason(exc))], left) from None
    for step in steps:
        _remove(step.backup)
    return replaced


def _unwritable(path: Path, replace: bool) -> tuple[Path, str] | None:
    """(the path in the way, why) when ``path`` cannot be written; None when it can."""
    folder = next(p for p in (path.parent, *path.parent.parents) if os.path.lexists(p))
    if not folder.is_dir():
        return folder, "this is not a folder, yet a file goes in it: move it away, then try again"
    if not os.access(folder, os.W_OK | os.X_OK):
        return folder, "cannot write in this folder: check its permissions"
    if path.is_dir() and not path.is_symlink():
        return path, _FOLDER
    if not replace and os.path.lexists(path):
        return path, "the file exists already"
    return None


_FOLDER = "a folder is where this file goes: move the folder away, then try again"


def _reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.ENOTEMPTY:
        return _FOLDER
    if isinstance(exc, FileExistsError):
        return "the file exists already (it appeared while the import ran)"
    if isinstance(exc, PermissionError):
        return f"cannot write the file ({exc.strerror}): check the folder's permissions"
    return f"cannot write the file ({exc.strerror or exc})"


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, deepest last."""
    missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)][::-1]
    for path in missing:
        path.mkdir()
    return missing


def _free_name(path: Path, what: str) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{what}")


def _temporary(path: Path, text: str) -> Path:
    temporary = _free_name(path, "import")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for any file
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        status = os.lstat(path) if os.path.lexists(path) else None
        if status is not None and stat.S_ISREG(status.st_mode):
            os.chmod(temporary, stat.S_IMODE(status.st_mode))  # a replaced file keeps its permissions
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _backup(path: Path) -> Path:
    """A second name for the file (or link) at ``path``, to put it back from."""
    backup = _free_name(path, "backup")
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:  # a file system without hard links: a copy does as well
        shutil.copy2(path, backup, follow_symlinks=False)
    return backup


def _move(step: _Step, replace: bool) -> None:
    if replace:
        os.replace(step.temporary, step.target)
        step.moved = True
        return
    try:
        os.link(step.temporary, step.target)  # fails if the name was taken meanwhile
    except FileExistsError:
        raise
    except OSError:  # no hard links here: the check and the rename are two steps
        if os.path.lexists(step.target):
            raise FileExistsError(errno.EEXIST, "File exists", str(step.target)) from None
        os.rename(step.temporary, step.target)
    step.moved = True
    _remove(step.temporary)


def _undo(steps: list[_Step]) -> list[tuple[Path, Path | None]]:
    """Put back every file already moved; return those that could not be."""
    left: list[tuple[Path, Path | None]] = []
    for step in reversed([s for s in steps if s.moved]):
        try:
            _put_back(step)
        except OSError:
            left.append((step.target, step.backup))
        step.backup = None  # renamed back, or kept where it is: it holds the original
    return left[::-1]


def _put_back(step: _Step) -> None:
    """The file as it was before the move: its backup renamed back, or a new file removed."""
    if step.backup is not None:
        os.replace(step.backup, step.target)
    else:
        os.unlink(step.target)


def _discard(steps: list[_Step], folders: list[Path]) -> None:
    for step in steps:
        _remove(step.temporary)
        _remove(step.backup)
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass


def _remove(path: Path | None) -> None:
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
