"""The build writes only into its site folder and never deletes user files.

A site folder that is the project or repository root, ``content/``, ``templates/``, the docs folder,
or a non-empty folder that is not a previous build is refused with a clear message — by
``playbook build`` and by a plain ``mkdocs build`` (which would otherwise empty the folder first).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engines.publish import MARKER, UnsafeSiteDir, check_site_dir

from .conftest import FIXTURES, mkdocs_in_process, playbook_in_process

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(root: Path) -> Path:
    """A project folder as a user has it: content/, docs/, mkdocs.yml, and a notes folder of their own."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nWritten by hand.\n", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "ideas.txt").write_text("Not a site. Keep me.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Site folder test\ndocs_dir: docs\n"
        "theme: {name: material, font: false}\n"
        "plugins: [search, playbook]\n",
        encoding="utf-8",
    )
    return root


def snapshot(root: Path, skip: str = "site") -> dict[str, str]:
    """Every file under ``root`` (except ``skip/``) with a hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] != skip
    }


def playbook_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return playbook_in_process("build", *args, cwd=root, env=ENV)


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return mkdocs_in_process("build", "-q", *args, cwd=root, env=ENV)


# --- the guard itself -----------------------------------------------------------------------------


def refusal(site_dir: Path, root: Path) -> str:
    with pytest.raises(UnsafeSiteDir) as exc:
        check_site_dir(site_dir, root, [root / "content", root / "templates"])
    return str(exc.value)


def test_the_project_folder_and_its_parents_are_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    assert refusal(root, root) == f"the site folder {root} is the project folder or contains it: choose a folder such as 'site'"
    assert refusal(tmp_path, root) == f"the site folder {tmp_path} is the project folder or contains it: choose a folder such as 'site'"


def test_the_repository_root_and_git_folder_are_refused(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    root = make_project(repository / "playbook")  # the project is a subfolder of the repository
    (repository / ".git").mkdir()
    (repository / "README.md").write_text("Our repository.\n", encoding="utf-8")
    assert refusal(repository, root) == (
        f"the site folder {repository} is the root of the git repository: choose a folder such as 'site'"
    )
    assert refusal(repository / ".git", root) == (
        f"the site folder {repository / '.git'} is in the repository's .git folder: choose a folder such as 'site'"
    )
    assert refusal(repository / ".git" / "site", root).endswith("is in the repository's .git folder: choose a folder such as 'site'")
    # Above the repository: it contains the project.
    assert refusal(tmp_path, root).endswith("is the project folder or contains it: choose a folder such as 'site'")
    # A sibling folder in the repository is fine when it is new.
    check_site_dir(repository / "site", root, [root / "content"])


def test_content_templates_and_folders_inside_them_are_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    content = (root / "content").resolve()
    assert refusal(root / "content", root) == f"the site folder {root / 'content'} overlaps content: choose another folder"
    assert refusal(root / "content" / "site", root) == (
        f"the site folder {root / 'content' / 'site'} overlaps content: choose another folder"
    )
    assert refusal(root / "templates", root).endswith("overlaps templates: choose another folder")
    assert content.is_dir() and any(content.iterdir())


def test_a_folder_of_someone_elses_files_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    assert refusal(root / "notes", root) == (
        f"the site folder {root / 'notes'} is not empty and was not built by playbook: empty it, or choose another folder"
    )
    (root / "notes.txt").write_text("a file\n", encoding="utf-8")
    assert refusal(root / "notes.txt", root) == f"the site folder {root / 'notes.txt'} is a file: choose another path"


def test_the_home_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "project")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert refusal(home, root) == f"the site folder {home} is your home folder: choose a folder such as 'site'"


def test_a_new_empty_or_previously_built_folder_is_accepted(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    check_site_dir(root / "site", root, [])  # does not exist yet
    (root / "empty").mkdir()
    check_site_dir(root / "empty", root, [])
    (root / "old-site").mkdir()
    (root / "old-site" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    (root / "old-site" / MARKER).write_text("built\n", encoding="utf-8")
    check_site_dir(root / "old-site", root, [])


# --- through the commands people run --------------------------------------------------------------


@pytest.mark.parametrize(("site_dir", "message"), [
    (".", "is the project folder or contains it: choose a folder such as 'site'"),
    ("content", "overlaps content: choose another folder"),
    ("notes", "is not empty and was not built by playbook: empty it, or choose another folder"),
])
def test_playbook_build_refuses_and_touches_nothing(tmp_path: Path, site_dir: str, message: str) -> None:
    root = make_project(tmp_path / "project")
    before = snapshot(root)
    result = playbook_build(root, "--site-dir", site_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Build failed: the site folder {site_dir} {message}" in result.stderr
    assert "The previous site was left as it was." in result.stderr
    assert snapshot(root) == before
    assert not (root / "site").exists()


def test_plain_mkdocs_build_into_content_is_refused_before_anything_is_deleted(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    before = snapshot(root)
    result = mkdocs_build(root, "--site-dir", str(root / "content"))
    assert result.returncode == 1
    assert f"Refusing to build: the site folder {root / 'content'} overlaps content: choose another folder" in result.stderr
    assert snapshot(root) == before


def test_plain_mkdocs_build_into_a_users_folder_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    result = mkdocs_build(root, "--site-dir", str(root / "notes"))
    assert result.returncode == 1
    assert "is not empty and was not built by playbook: empty it, or choose another folder" in result.stderr
    assert (root / "notes" / "ideas.txt").read_text(encoding="utf-8") == "Not a site. Keep me.\n"


def test_builds_write_only_their_site_folder_and_can_replace_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    before = snapshot(root)
    first = playbook_build(root, "--site-dir", "site")
    assert first.returncode == 0, first.stderr
    assert (root / "site" / "index.html").is_file() and (root / "site" / MARKER).is_file()
    # A second build replaces the first; a plain mkdocs build may replace it too (it leaves the marker).
    second = playbook_build(root, "--site-dir", "site")
    assert second.returncode == 0, second.stderr
    plain = mkdocs_build(root, "--site-dir", str(root / "site"))
    assert plain.returncode == 0, plain.stderr
    assert (root / "site" / MARKER).is_file()
    # Nothing outside site/ changed, and no staging or old copies are left beside it.
    assert snapshot(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["content", "docs", "mkdocs.yml", "notes", "site"]
