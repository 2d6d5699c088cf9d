"""Where the generator was installed from becomes the requirement `playbook init` writes (PEP 610)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.authoring.tool_source import installed_record, installed_requirement, requirement_for

from .conftest import REPO

COMMIT = "0123456789abcdef0123456789abcdef01234567"
SHA256 = "a" * 64


def test_a_vcs_install_is_pinned_at_its_commit() -> None:
    record = {
        "url": "https://git.example.com/tools/playbook.git",
        "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
    }
    tool = requirement_for(record, "0.2.0")
    assert tool.line == f"sales-playbook @ git+https://git.example.com/tools/playbook.git@{COMMIT}"
    assert tool.source == f"from https://git.example.com/tools/playbook.git at the git commit {COMMIT}"
    assert "write a newer commit" in tool.change and "hosts the tool elsewhere" in tool.change


def test_a_vcs_install_from_a_subdirectory_keeps_it() -> None:
    record = {
        "url": "ssh://git@git.example.com/tools/mono.git",
        "subdirectory": "playbook",
        "vcs_info": {"vcs": "git", "commit_id": COMMIT},
    }
    assert requirement_for(record, "0.2.0").line == (
        f"sales-playbook @ git+ssh://git@git.example.com/tools/mono.git@{COMMIT}#subdirectory=playbook"
    )


def test_a_local_folder_is_written_and_said_to_be_local() -> None:
    tool = requirement_for({"url": "file:///home/ana/src/playbook", "dir_info": {}}, "0.2.0")
    assert tool.line == "sales-playbook @ file:///home/ana/src/playbook"
    assert tool.source == "from the folder file:///home/ana/src/playbook on this machine"
    assert tool.change.startswith("this is a path on this machine: CI and your colleagues cannot install from it")
    editable = requirement_for({"url": "file:///home/ana/src/playbook", "dir_info": {"editable": True}}, "0.2.0")
    assert editable.source.endswith("(an editable install of a source checkout)")


@pytest.mark.parametrize(
    "info",
    [{"hashes": {"sha256": SHA256}}, {"hash": f"sha256={SHA256}"}, {"hashes": {"md5": "b" * 32, "sha256": SHA256}}],
)
def test_an_archive_is_pinned_with_its_hash(info: dict[str, object]) -> None:
    tool = requirement_for({"url": "https://files.example.com/sales_playbook-0.2.0.tar.gz", "archive_info": info}, None)
    # A hash in the URL is checked by pip without turning on hash-checking for every other requirement.
    assert tool.line == f"sales-playbook @ https://files.example.com/sales_playbook-0.2.0.tar.gz#sha256={SHA256}"
    assert tool.source == "from the archive https://files.example.com/sales_playbook-0.2.0.tar.gz (pip checks its hash)"


def test_an_archive_without_a_hash_and_a_local_wheel() -> None:
    assert requirement_for({"url": "https://files.example.com/p.tar.gz", "archive_info": {}}, "1").line == (
        "sales-playbook @ https://files.example.com/p.tar.gz"
    )
    local = requirement_for({"url": "file:///tmp/sales_playbook-0.2.0-py3-none-any.whl", "archive_info": {}}, "1")
    assert local.change.startswith("this is a path on this machine")


def test_no_record_means_an_index_install_pinned_by_name_with_a_note() -> None:
    tool = requirement_for(None, "0.2.0")
    assert tool.line == "sales-playbook==0.2.0"
    assert tool.source == "by name and version (installed from a package index)"
    assert tool.change.startswith("this installs only where a package index your team uses serves sales-playbook")


def test_credentials_in_a_url_are_left_out_and_said_so() -> None:
    record = {"url": "https://ana:s3cret@git.example.com/p.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}
    tool = requirement_for(record, "0.2.0")
    assert tool.line == f"sales-playbook @ git+https://git.example.com/p.git@{COMMIT}"
    assert "s3cret" not in tool.line + tool.source + tool.change
    assert tool.change.endswith("the credentials in the URL were left out: give CI access another way")


@pytest.mark.parametrize(
    "record",
    [
        {"url": "https://x.example/p.git\n--index-url https://evil.example/", "vcs_info": {"commit_id": COMMIT}},
        {"url": "https://x.example/p.git", "vcs_info": {"vcs": "git", "commit_id": "main\n--extra-index-url x"}},
        {"url": "https://x.example/p.git", "vcs_info": {"vcs": "cvs", "commit_id": COMMIT}},
        {"url": "https://x.example/p.tar.gz"},
        {"dir_info": {}},
        {},
    ],
)
def test_a_record_that_cannot_be_used_falls_back_to_the_name_and_never_adds_a_line(record: dict[str, object]) -> None:
    tool = requirement_for(record, "0.2.0")
    assert tool.line == "sales-playbook==0.2.0"
    assert "\n" not in tool.line + tool.source + tool.change


def test_the_installed_package_is_read_from_its_real_record() -> None:
    # The test environment installs this checkout in editable mode (make .venv): a local folder.
    record, version = installed_record()
    assert record is not None and record["dir_info"] == {"editable": True}
    assert Path(record["url"].removeprefix("file://")) == REPO.resolve()
    tool = installed_requirement()
    assert tool.line == f"sales-playbook @ {REPO.resolve().as_uri()}"
    assert version and tool.source.endswith("(an editable install of a source checkout)")


def test_a_source_tree_egg_info_ahead_on_the_path_does_not_hide_the_installed_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Running from a checkout puts its build's sales_playbook.egg-info (no install record) first.
    egg = tmp_path / "sales_playbook.egg-info"
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: sales-playbook\nVersion: 9.9\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    record, _ = installed_record()
    assert record is not None and record["dir_info"] == {"editable": True}
