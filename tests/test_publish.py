"""Atomic publishing: a build that fails at any point leaves the previous site byte-identical."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.engines.publish import MARKER, build_atomically

from .conftest import playbook_in_process, write
from .test_mkdocs_build import ENV, make_project

PLAYBOOK = [str(Path(sys.executable).parent / "playbook")]


def tree_hash(folder: Path) -> str:
    """One hash over every file's path and bytes, in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def playbook_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return playbook_in_process("build", "-f", str(config), "--site-dir", str(site), env=ENV)


# Fails after MkDocs has written a few pages, and notes how many files were already in the staging
# folder, so the test can tell the failure really came mid-build.
FAILING_HOOK = '''
from pathlib import Path
from mkdocs.exceptions import PluginError

pages_seen = 0

def on_post_page(output, page, config):
    global pages_seen
    pages_seen += 1
    if pages_seen == 4:
        written = [p for p in Path(config.site_dir).rglob("*") if p.is_file()]
        Path(__file__).with_name("written.txt").write_text(str(len(written)))
        raise PluginError("injected failure in the middle of the build")
    return output
'''


def test_a_failure_in_the_middle_of_a_real_build_leaves_the_previous_site_unchanged(
        small_playbook: Path, tmp_path: Path) -> None:
    root = small_playbook  # `playbook build` validates content/ beside mkdocs.yml
    config = make_project(root, small_playbook / "content")
    site = tmp_path / "out" / "site"
    first = playbook_build(config, site)
    assert first.returncode == 0, first.stderr
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    before = tree_hash(site)

    # Change the content so a successful build would differ, then make the build fail half-way.
    path = small_playbook / "content" / "stages" / "close.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Agree a trial.", "Agree a paid trial."), encoding="utf-8")
    write(root, "fail_hook.py", FAILING_HOOK)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**settings, "hooks": ["fail_hook.py"]}), encoding="utf-8")

    failed = playbook_build(config, site)
    assert failed.returncode == 1
    assert "injected failure in the middle of the build" in failed.stderr
    assert "The previous site was left as it was." in failed.stderr
    assert int((root / "written.txt").read_text()) > 0  # pages had been written when it failed
    assert tree_hash(site) == before
    assert leftovers(site.parent, "site") == []

    # Without the hook the next build succeeds and replaces the site.
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    again = playbook_build(config, site)
    assert again.returncode == 0, again.stderr
    assert tree_hash(site) != before
    assert "Agree a paid trial." in (site / "stages" / "close" / "index.html").read_text(encoding="utf-8")


def test_build_atomically_swaps_only_after_success(tmp_path: Path) -> None:
    site = tmp_path / "site"

    def good(staging: Path) -> None:
        (staging / "index.html").write_text("v1")

    build_atomically(site, good)
    before = tree_hash(site)

    def half_then_fail(staging: Path) -> None:
        (staging / "index.html").write_text("v2")
        (staging / "partial").mkdir()
        raise OSError("disk full while writing the search index")

    with pytest.raises(OSError, match="disk full"):
        build_atomically(site, half_then_fail)
    assert tree_hash(site) == before
    assert (site / "index.html").read_text() == "v1"
    assert leftovers(tmp_path, "site") == []


def test_each_entity_page_shows_its_owner_and_review_date(small_playbook: Path) -> None:
    from generator.pipeline import Project, build_pages

    from .conftest import TEMPLATES

    stage = small_playbook / "content" / "stages" / "close.yml"
    stage.write_text("owner: Field Sales Ops & Training\nreview_by: 2027-03-31\n" + stage.read_text(encoding="utf-8"),
                     encoding="utf-8")
    method = small_playbook / "content" / "methods" / "waste-questions.yml"
    method.write_text("owner: Enablement\n" + method.read_text(encoding="utf-8"), encoding="utf-8")
    site = build_pages(Project(small_playbook, small_playbook / "content", TEMPLATES))
    pages = {p.path: p.markdown for p in site.pages}
    assert ("**Owner:** Field Sales Ops &amp; Training · **Review by:** 2027-03-31 · **File:** `content/stages/close.yml`"
            in pages["stages/close.md"])
    assert "**Owner:** Enablement · **File:** `content/methods/waste-questions.yml`" in pages["methods/waste-questions.md"]
    # A page whose entity names neither shows only its file, for the playbook team; the public edition, nothing.
    assert "**File:** `content/stages/discover.yml`\n\n</footer>" in pages["stages/discover.md"]
    public = {p.path: p.markdown for p in build_pages(Project(small_playbook, small_playbook / "content", TEMPLATES),
                                                      "public").pages}
    assert "playbook-ownership" not in public["stages/discover.md"] and "**File:**" not in public["stages/close.md"]
    assert "**Owner:** Field Sales Ops &amp; Training · **Review by:** 2027-03-31\n" in public["stages/close.md"]


def test_a_failed_swap_puts_the_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    site = tmp_path / "site"
    build_atomically(site, lambda staging: (staging / "index.html").write_text("v1"))
    before = tree_hash(site)
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(Path(src).name)
        if Path(src).name.startswith(".site.building-"):
            raise OSError("the disk went read-only during the swap")
        real_replace(src, dst)

    monkeypatch.setattr("generator.engines.publish._exchange", lambda a, b: None)  # as without renameat2
    monkeypatch.setattr("generator.engines.publish.os.replace", replace)
    with pytest.raises(OSError, match="read-only"):
        build_atomically(site, lambda staging: (staging / "index.html").write_text("v2"))
    assert calls[:2] == ["site", calls[1]] and calls[1].startswith(".site.building-")  # old moved, new refused
    assert tree_hash(site) == before
    assert leftovers(tmp_path, "site") == []
