"""Writing a built site into place: all or nothing, and never over something that is not a site.

A build goes into a fresh folder beside the target; only when it has fully succeeded is it swapped
in. A failure at any point leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

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
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
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


def build_atomically(site_dir: Path, build: Callable[[Path], None]) -> None:
    """Run ``build`` into a temporary folder beside ``site_dir`` and swap it in on success."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        build(staging)
        mark_as_site(staging)
        old = None
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
            os.replace(site_dir, old / "site")
        try:
            os.replace(staging, site_dir)
        except OSError:
            if old is not None:  # put the previous site back before reporting the failure
                os.replace(old / "site", site_dir)
                old.rmdir()
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


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
