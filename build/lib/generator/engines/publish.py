"""Writing a built site into place: all or nothing, and never over something that is not a site.

A build goes into a fresh folder beside the target; only when it has fully succeeded is it swapped
in. A failure at any point leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

# Every site we build carries this file, so that a later build knows it may replace the folder.
MARKER = ".playbook-site"


class UnsafeSiteDir(Exception):
    """The requested site folder must not be replaced."""


def check_site_dir(site_dir: Path, project_root: Path, protected: list[Path]) -> None:
    """Refuse a site folder whose replacement would destroy the project or someone's files."""
    target = site_dir.resolve()
    root = project_root.resolve()
    repository = repository_root(root)
    if target == repository:
        raise UnsafeSiteDir(
            f"the site folder {site_dir} is the root of the git repository: choose a folder such as 'site'"
        )
    if target == root or target in root.parents:
        raise UnsafeSiteDir(
            f"the site folder {site_dir} is the project folder or contains it: choose a folder such as 'site'"
        )
    if repository is not None and (target == repository / ".git" or (repository / ".git") in target.parents):
        raise UnsafeSiteDir(
            f"the site folder {site_dir} is in the repository's .git folder: choose a folder such as 'site'"
        )
    if target == Path.home().resolve():
        raise UnsafeSiteDir(f"the site folder {site_dir} is your home folder: choose a folder such as 'site'")
    for path in protected:
        path = path.resolve()
        if target == path or path in target.parents or target in path.parents:
            shown = path.relative_to(root) if path.is_relative_to(root) else path
            raise UnsafeSiteDir(f"the site folder {site_dir} overlaps {shown}: choose another folder")
    if target.exists() and not target.is_dir():
        raise UnsafeSiteDir(f"the site folder {site_dir} is a file: choose another path")
    ours = (target / MARKER).exists() or target.with_name(target.name + WORK_SUFFIX).is_file()
    if target.is_dir() and any(target.iterdir()) and not ours:
        raise UnsafeSiteDir(
            f"the site folder {site_dir} is not empty and was not built by playbook: empty it, or choose another folder"
        )


def repository_root(folder: Path) -> Path | None:
    """The nearest enclosing folder holding ``.git`` (a folder, or a file in a worktree), if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def mark_as_site(site_dir: Path) -> None:
    """Leave the marker that lets the next build replace this folder."""
    (site_dir / MARKER).write_text("Built by the playbook generator; safe to replace.\n", encoding="utf-8")


# Beside each folder being built (or an old site being removed) lies a file of this suffix, locked
# while a build works: a build killed at any moment leaves such pairs, which the next build removes.
WORK_SUFFIX = ".playbook-work"


def build_atomically(site_dir: Path, build: Callable[[Path], None]) -> None:
    """Run ``build`` into a fresh folder beside ``site_dir`` and swap it in on success.

    The swap is one atomic exchange where the system offers it (Linux), so ``site_dir`` always
    exists and is always a whole site; elsewhere two renames. The new folder gets the permissions
    an ordinary ``mkdir`` gives under the user's umask, so a web server can read it.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    staging, lock = _work_folder(site_dir, "building")
    try:
        build(staging)
        mark_as_site(staging)
        _swap_in(staging, site_dir)  # afterwards `staging` holds the previous site, if there was one
    finally:
        _remove(staging, lock)


def _work_folder(site_dir: Path, purpose: str) -> tuple[Path, IO[str]]:
    """A new folder ``.site.<purpose>-<random>`` beside the site, and its marker file beside it,
    locked while this process works (the lock ends with the process, however it ends)."""
    for _ in range(100):
        folder = site_dir.parent / f".{site_dir.name}.{purpose}-{secrets.token_hex(4)}"
        marker = folder.with_name(folder.name + WORK_SUFFIX)
        try:
            lock = marker.open("x", encoding="utf-8")
        except FileExistsError:
            continue
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        lock.write(f"{folder.name} is being written by process {os.getpid()}; both are removed when done.\n")
        lock.flush()
        folder.mkdir()  # mode 0777 less the umask, as any folder the user makes
        return folder, lock
    raise OSError(f"cannot make a working folder beside {site_dir}")


def _remove(folder: Path, lock: IO[str]) -> None:
    """The working folder, then its marker (last, so that a kill in between leaves the marker)."""
    shutil.rmtree(folder, ignore_errors=True)
    Path(lock.name).unlink(missing_ok=True)
    lock.close()


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove what killed builds left beside ``site_dir``: working folders whose marker no live
    build holds. A folder without our marker beside it is never touched."""
    removed = []
    for marker in site_dir.parent.glob(f".{site_dir.name}.*-*{WORK_SUFFIX}"):
        folder = marker.with_name(marker.name.removesuffix(WORK_SUFFIX))
        if marker.is_symlink() or not marker.is_file() or folder.is_symlink():
            continue
        with marker.open("r", encoding="utf-8") as probe:
            if fcntl is not None:
                try:
                    fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live build is working in it
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            marker.unlink(missing_ok=True)
        removed.append(folder)
    return removed


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Put ``staging`` at ``site_dir``; the previous site, if any, ends up at ``staging``."""
    for _ in range(10):  # another build may swap at the same moment: then try again
        if not site_dir.exists():
            try:
                staging.rename(site_dir)
                return
            except OSError:
                continue  # another build's site arrived meanwhile: exchange with it
        exchanged = _exchange(staging, site_dir)
        if exchanged is None:  # no atomic exchange here: the old site aside, the new one in
            _two_renames(staging, site_dir)
        if exchanged is not False:
            return
    raise OSError(f"could not swap the new site into {site_dir}: other builds kept replacing it")


def _two_renames(staging: Path, site_dir: Path) -> None:
    aside, lock = _work_folder(site_dir, "old")
    try:
        os.replace(site_dir, aside / "site")
        try:
            os.replace(staging, site_dir)
        except OSError:
            os.replace(aside / "site", site_dir)
            raise
        os.replace(aside / "site", staging)  # the previous site: removed with the staging folder
    finally:
        _remove(aside, lock)


def _exchange(a: Path, b: Path) -> bool | None:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    True when swapped; False when ``b`` vanished meanwhile; None when the system cannot (not
    Linux, an old kernel or C library, a file system without it).
    """
    if _renameat2 is None:
        return None
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.ENOENT:
        return False
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return None
    raise OSError(code, os.strerror(code), str(b))


def _load_renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


AT_FDCWD = -100
RENAME_EXCHANGE = 2
_renameat2 = _load_renameat2()


def build_epoch(project_root: Path, sources: list[Path]) -> str | None:
    """The build date for reproducible builds, as seconds since 1970.

    ``SOURCE_DATE_EPOCH`` if set; else the date of the last commit touching the project; else the
    newest modification time among ``sources`` (so a copy outside git still builds the same twice).
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return os.environ["SOURCE_DATE_EPOCH"].strip()
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=project_root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip().isdigit():
        return result.stdout.strip()
    newest = max((f.stat().st_mtime for d in sources if d.is_dir() for f in d.rglob("*") if f.is_file()), default=None)
    return str(int(newest)) if newest is not None else None


@contextmanager
def fixed_build_date(epoch: str | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` (which MkDocs reads for sitemap dates and gzip headers) for one build."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
