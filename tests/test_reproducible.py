"""Reproducible builds: two builds of the same commit are byte-identical, dated by the commit."""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from generator.engines.publish import build_epoch

from .test_mkdocs_build import ENV, make_project
from .test_publish import PLAYBOOK, tree_hash

COMMIT_EPOCH = 1772625600  # 2026-03-04 12:00:00 UTC
COMMIT_DAY = 1772582400  # 2026-03-04 00:00:00 UTC: MkDocs stamps the sitemap's gzip header with the day


def with_site_url(config: Path) -> Path:
    """MkDocs writes sitemap entries (with their dates) only when it knows the site's address."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**settings, "site_url": "https://playbook.example.invalid/"}), encoding="utf-8")
    return config


def git(root: Path, *args: str) -> None:
    env = {**ENV, "GIT_AUTHOR_DATE": f"@{COMMIT_EPOCH} +0000", "GIT_COMMITTER_DATE": f"@{COMMIT_EPOCH} +0000"}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def build(config: Path, site: Path, **env: str) -> None:
    clean = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([*PLAYBOOK, "build", "-f", str(config), "--site-dir", str(site)],
                            capture_output=True, text=True, env={**clean, **env}, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def gzip_mtime(path: Path) -> int:
    return int(struct.unpack("<I", path.read_bytes()[4:8])[0])


def test_two_builds_of_one_commit_are_byte_identical(small_playbook: Path, tmp_path: Path) -> None:
    config = with_site_url(make_project(small_playbook, small_playbook / "content", {"about.md": "# About\n\nHi.\n"}))
    git(small_playbook, "init", "-q")
    git(small_playbook, "add", ".")
    git(small_playbook, "commit", "-q", "-m", "Playbook")

    build(config, tmp_path / "one")
    time.sleep(1.1)  # a build stamped with the wall clock would now differ, at least in the gzip header
    build(config, tmp_path / "two")

    assert tree_hash(tmp_path / "one") == tree_hash(tmp_path / "two")
    sitemap = (tmp_path / "one" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-03-04</lastmod>" in sitemap
    assert gzip_mtime(tmp_path / "one" / "sitemap.xml.gz") == COMMIT_DAY
    assert sitemap.count("<loc>https://playbook.example.invalid/") >= 10
    assert gzip.decompress((tmp_path / "one" / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    # The build set the date for MkDocs and did not leave it set for whatever runs next.
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_source_date_epoch_wins_over_the_commit_date(small_playbook: Path, tmp_path: Path) -> None:
    config = with_site_url(make_project(small_playbook, small_playbook / "content"))
    git(small_playbook, "init", "-q")
    git(small_playbook, "add", ".")
    git(small_playbook, "commit", "-q", "-m", "Playbook")
    build(config, tmp_path / "site", SOURCE_DATE_EPOCH="1800000000")  # 2027-01-15
    assert "<lastmod>2027-01-15</lastmod>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip_mtime(tmp_path / "site" / "sitemap.xml.gz") == 1800000000 - 1800000000 % 86400


def test_outside_git_the_newest_source_file_dates_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "content"
    content.mkdir()
    for name, stamp in (("a.yml", 1700000000), ("b.yml", 1700000500)):
        (content / name).write_text("x: 1\n")
        os.utime(content / name, (stamp, stamp))
    assert build_epoch(tmp_path, [content]) == "1700000500"
    assert build_epoch(tmp_path, [tmp_path / "missing"]) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert build_epoch(tmp_path, [content]) == "1234567890"
