"""Rendering: golden Markdown for the small fixture, content shown literally, template errors located."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import Project, build_pages

from .conftest import FIXTURES, TEMPLATES, write


def small_site(root: Path | None = None):  # type: ignore[no-untyped-def]
    root = root or FIXTURES / "small"
    return build_pages(Project(root, root / "content", TEMPLATES))


@pytest.mark.parametrize("fixture", ["small", "healthy"])
def test_pages_match_golden_files(fixture: str) -> None:
    """The small and the healthy fixtures render to the reviewed Markdown in fixtures/*/expected/ (the
    healthy one has every collection, so every page kind has a golden file).

    After an intended template change, run with UPDATE_GOLDEN=1 and review the diff before committing.
    """
    golden = FIXTURES / fixture / "expected"
    site = small_site(FIXTURES / fixture)
    # "What's new" is made from the git history of the fixture, so it changes with every commit to it;
    # tests/test_changes.py checks it against a history of its own.
    actual = {page.path: page.markdown for page in site.pages if page.path != "team/whats-new.md"}
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in actual.items():
            write(golden, path, text)
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in golden.rglob("*.md")}
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path] == expected[path], f"{path} differs from its golden file"


def test_one_page_per_entity_and_a_navigation_section_per_part() -> None:
    site = small_site()
    paths = {page.path for page in site.pages}
    for entity_page in ("stages/discover.md", "stages/close.md", "roles/rep.md", "roles/manager.md",
                        "methods/waste-questions.md", "metrics/visits.md", "metrics/wins.md", "process/sales-process.md",
                        "coaching/count-the-waste.md", "personas/owner.md", "philosophy.md", "index.md"):
        assert entity_page in paths
    titles = [entry.title for entry in site.nav]
    # The reps' sections first; the playbook team's pages apart, last (What's new joins them).
    assert titles == ["Home", "Why we sell", "Strategy & ICP", "Process", "Stages", "Buyers", "Roles", "Methods",
                      "Metrics", "Coaching", "For the playbook team"]
    team = site.nav[-1]
    assert [c.title for c in team.children] == ["System health", "Editor's guide", "Content model", "Tags", "What's new"]
    stages = site.nav[4]
    assert [c.path for c in stages.children] == ["stages/discover.md", "stages/close.md", "stages/cards.md"]


def test_template_syntax_in_content_appears_literally(small_playbook: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace("goal: Agree a trial.", "goal: 'Agree {{ price }} and {% if x %}'"))
    site = small_site(small_playbook)
    page = next(p for p in site.pages if p.path == "stages/close.md")
    # In the Markdown each brace is escaped (it could open an attribute list); read, it is as written.
    assert "Agree \\{\\{ price }} and \\{% if x %}" in page.markdown
    import markdown

    assert "Agree {{ price }} and {% if x %}" in markdown.markdown(page.markdown, extensions=["attr_list", "md_in_html", "admonition"])


def test_raw_html_in_content_is_escaped(small_playbook: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace("goal: Agree a trial.", "goal: '<script>alert(1)</script> & more'"))
    page = next(p for p in small_site(small_playbook).pages if p.path == "stages/close.md")
    assert "&lt;script>alert(1)&lt;/script> &amp; more" in page.markdown
    assert "<script>" not in page.markdown


def test_template_error_names_the_template_line_and_entity(small_playbook: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copytree(TEMPLATES, templates, dirs_exist_ok=True)  # partials/ included
    (templates / "stage.md.j2").write_text("# {{ stage.title }}\n\n{{ stage.no_such_field }}\n")
    with pytest.raises(ContentError) as caught:
        build_pages(Project(small_playbook, small_playbook / "content", templates))
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "templates/stage.md.j2:3:1: while rendering content/stages/close.yml: 'Stage' has no attribute 'no_such_field'",
        "templates/stage.md.j2:3:1: while rendering content/stages/discover.yml: 'Stage' has no attribute 'no_such_field'",
    ]


def test_template_syntax_error(small_playbook: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copytree(TEMPLATES, templates, dirs_exist_ok=True)  # partials/ included
    (templates / "metric.md.j2").write_text("# {{ item.title }}\n{% if %}\n")
    with pytest.raises(ContentError) as caught:
        build_pages(Project(small_playbook, small_playbook / "content", templates))
    first = str(caught.value.problems[0])
    assert first.startswith("templates/metric.md.j2:2:1: while rendering content/metrics/")
    assert "Expected an expression" in first
