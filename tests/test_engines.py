"""The plugin and `playbook build` on both engines: MkDocs 1.6 and ProperDocs build the same site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')


def run(*cmd: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env or ENV, timeout=600, check=False)


def site_files(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix != ".gz":  # gzip headers hold the file name
            data = path.read_bytes()
            if path.suffix == ".html":
                data = GENERATOR_META.sub("", data.decode("utf-8")).encode("utf-8")
            files[path.relative_to(site).as_posix()] = data
    return files


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("engines") / "mkdocs"
    built = run(str(BIN / "playbook"), "build", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    assert 'content="mkdocs-1.6.' in (site / "index.html").read_text(encoding="utf-8")
    return site


def test_properdocs_builds_the_sample_with_the_plugin_as_mkdocs_does(mkdocs_site: Path, tmp_path: Path) -> None:
    built = run(str(BIN / "properdocs"), "build", "--strict", "-d", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    assert "ProperDocs" in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    ours, theirs = site_files(mkdocs_site), site_files(tmp_path / "site")
    assert len(ours) > 100 and sorted(ours) == sorted(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == []


def test_playbook_build_on_properdocs_by_option_and_by_variable(mkdocs_site: Path, tmp_path: Path) -> None:
    built = run(str(BIN / "playbook"), "build", "--engine", "properdocs", "--site-dir", str(tmp_path / "a"))
    assert built.returncode == 0, built.stderr
    assert site_files(tmp_path / "a") == site_files(mkdocs_site)
    built = run(str(BIN / "playbook"), "build", "--site-dir", str(tmp_path / "b"),
                env={**ENV, "PLAYBOOK_ENGINE": "properdocs"})
    assert built.returncode == 0, built.stderr
    assert "ProperDocs" in (tmp_path / "b/index.html").read_text(encoding="utf-8")


def test_a_content_problem_fails_the_properdocs_build_with_its_location(tmp_path: Path) -> None:
    from .test_mkdocs_build import make_project

    content = tmp_path / "content"
    (content / "stages").mkdir(parents=True)
    (content / "stages/discovery.yml").write_text("name: Discovery\ngoal: [not, text]\n", encoding="utf-8")
    config = make_project(tmp_path, content)
    built = run(str(BIN / "playbook"), "build", "--engine", "properdocs", "-f", str(config))
    assert built.returncode == 1
    assert "content/stages/discovery.yml:2:7: goal: expected text, got a list" in built.stderr


def test_an_unknown_engine_is_refused_with_the_choices() -> None:
    built = run(str(BIN / "playbook"), "build", env={**ENV, "PLAYBOOK_ENGINE": "sphinx"})
    assert built.returncode == 1
    assert built.stderr.strip() == "Error: PLAYBOOK_ENGINE='sphinx' is not an engine: use one of mkdocs, properdocs"
