"""Templates compiled in a helper process give exactly the pages compiled here give, and anything
the helper cannot do is done here: a template it could not compile, one changed since, no helper."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from jinja2.bccache import Bucket

from generator import precompile
from generator.errors import ContentError
from generator.pipeline import Project, build_pages
from generator.templating import environment

from .conftest import TEMPLATES


@pytest.fixture(autouse=True)
def small_playbooks_use_the_helper_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(precompile, "HELPER_FROM_FILES", 0)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A private copy of the templates, so that its environment starts cold."""
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


def pages(playbook: Path, templates: Path) -> list[tuple[str, str]]:
    return [(p.path, p.markdown) for p in build_pages(Project(playbook, playbook / "content", templates)).pages]


def test_the_helper_compiles_every_template_and_the_pages_are_the_same(
    small_playbook: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[str] = []
    load = precompile.Precompiled.load_bytecode

    def counting(self: precompile.Precompiled, bucket: Bucket) -> None:
        load(self, bucket)
        if bucket.code is not None:
            served.append(bucket.key)

    monkeypatch.setattr(precompile.Precompiled, "load_bytecode", counting)
    with_helper = pages(small_playbook, templates)
    assert len(served) == len(list(templates.rglob("*.j2")))  # every template came from the helper
    assert environment(str(templates)).bytecode_cache is None  # detached once the pages are made
    # The same pages when everything is compiled here (another copy, so another cold environment).
    here = tmp_path / "here"
    shutil.copytree(TEMPLATES, here)
    monkeypatch.setattr(precompile, "Precompiled", _refused)
    assert pages(small_playbook, here) == with_helper


def _refused(templates_dir: str) -> precompile.Precompiled:
    raise OSError("no more processes")


def _must_not_start(templates_dir: str) -> precompile.Precompiled:
    raise AssertionError("a helper was started")


def test_a_warm_environment_starts_no_helper(small_playbook: Path, templates: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = pages(small_playbook, templates)
    monkeypatch.setattr(precompile, "Precompiled", _must_not_start)
    assert pages(small_playbook, templates) == first


def test_a_template_the_helper_cannot_compile_is_reported_as_usual(small_playbook: Path, templates: Path) -> None:
    (templates / "metric.md.j2").write_text("# {{ item.title }}\n{% if %}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pages(small_playbook, templates)
    first = str(caught.value.problems[0])
    assert first.startswith("templates/metric.md.j2:2:1: while rendering content/metrics/")
    assert "Expected an expression" in first


def test_a_template_changed_after_the_helper_compiled_it_is_compiled_again(
    small_playbook: Path, templates: Path
) -> None:
    helper = precompile.Precompiled(str(templates))
    helper._collected()  # the helper has compiled the templates as they were
    (templates / "metric.md.j2").write_text("# Changed {{ item.title }}\n", encoding="utf-8")
    env = environment(str(templates))
    env.bytecode_cache = helper
    try:
        assert env.get_template("metric.md.j2").render(item={"title": "x"}).startswith("# Changed x")
        assert env.get_template("role.md.j2") is not None
    finally:
        env.bytecode_cache = None


def test_a_helper_that_fails_means_compiling_here(
    small_playbook: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", "/bin/false")  # starts, answers nothing, exits 1
    built = pages(small_playbook, templates)
    assert any(path == "process/close.md" for path, _ in built)


def test_only_a_large_playbook_starts_the_helper(
    small_playbook: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(precompile, "HELPER_FROM_FILES", 400)
    monkeypatch.setattr(precompile, "Precompiled", _must_not_start)
    assert precompile._content_files(small_playbook / "content") == 9  # in collection folders
    assert pages(small_playbook, templates)
    for i in range(400):
        (small_playbook / "content" / "methods" / f"m{i}.yml").write_text("x", encoding="utf-8")
    assert precompile._content_files(small_playbook / "content") == 409
    fresh = shutil.copytree(TEMPLATES, templates.parent / "fresh")  # a cold environment again
    with pytest.raises(AssertionError, match="a helper was started"):
        with precompile.templates_compiled_aside(fresh, small_playbook / "content"):
            pass


def test_the_helper_s_output_is_used_whole_or_not_at_all() -> None:
    packed = precompile._pack([("a", b"one"), ("b", b"\x00two")])
    assert precompile._unpack(packed) == {"a": b"one", "b": b"\x00two"}
    assert precompile._unpack(packed[:-1]) == {}
    assert precompile._unpack(b"") == {}
