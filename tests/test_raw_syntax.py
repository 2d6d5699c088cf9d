"""No raw syntax reaches a reader: on every page of the sample, of each example and of the
field-coverage playbook, the text outside code holds no Markdown link syntax, no ``**``, no
attribute list and no Jinja delimiter (issue 19, "Make the class impossible", 2). The search
results show the same text, so the search index is read too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.pipeline import Project, build_pages

from .built_sites import Page, pages_of, projects, search_entries, visible_text

RAW = {
    "a Markdown link": re.compile(r"\[[^\]\n]*\]\([^)\s]*\)"),
    "'**'": re.compile(r"\*\*"),
    "an attribute list": re.compile(r"\{:[^}]*\}|\{\s*[#.][A-Za-z][\w-]*[^}]*\}"),
    "a Jinja delimiter": re.compile(r"\{\{|\{%|%\}|\}\}"),
}


def raw_syntax(pages: tuple[Page, ...]) -> list[str]:
    found = []
    for page in pages:
        for what, pattern in RAW.items():
            for match in pattern.finditer(page.text):
                around = page.text[max(0, match.start() - 40) : match.end() + 40]
                found.append(f"/{page.url}: {what}: …{around}…")
    return found


@pytest.mark.parametrize("project", projects())
def test_no_page_shows_raw_syntax(project: str) -> None:
    found = raw_syntax(pages_of(project))
    assert not found, f"{len(found)} places show raw syntax:\n" + "\n".join(found[:40])


@pytest.mark.parametrize("project", projects())
def test_no_search_result_shows_raw_syntax(project: str) -> None:
    found = raw_syntax(search_entries(project))
    assert not found, f"{len(found)} search entries show raw syntax:\n" + "\n".join(found[:40])


def test_the_check_finds_each_kind_of_raw_syntax() -> None:
    """The patterns find what they look for, and leave plain text alone."""
    shown = [
        Page("a/", "Start [MEDDPPICC](qualification:meddppicc) now"),
        Page("b/", "a **bold** claim"),
        Page("c/", "Heading {: .note }"),
        Page("d/", "Hello {{ name }} and {% if x %}"),
        Page("e/", "Plain text [in brackets] (and parentheses), 2 * 3 = 6, {braces}."),
    ]
    found = raw_syntax(tuple(shown))
    assert [line.split(":")[0] for line in found] == ["/a/", "/b/", "/b/", "/c/", "/d/", "/d/", "/d/", "/d/"]


def test_a_matrix_cell_shows_an_id_link_and_bold_in_an_action_as_words(small_playbook: Path) -> None:
    """An action written with an id link and bold reads as words in the stage × role matrix, as on
    the stage page: not ``Start [MEDDPPICC](qualification:meddppicc)``."""
    import markdown

    stage = small_playbook / "content" / "stages" / "discover.yml"
    action = "Ask the [waste questions](method:waste-questions) **before** the visit."
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("[Visit the shop at opening.]", f"['{action}']"), encoding="utf-8"
    )
    page = next(p for p in build_pages(Project.at(small_playbook)).pages if p.path == "process/sales-process-matrix.md")
    html = markdown.markdown(page.markdown, extensions=["tables", "attr_list", "md_in_html"])
    shown = visible_text(html)
    assert "Ask the waste questions before the visit." in shown
    assert not raw_syntax((Page("process/sales-process-matrix/", shown),))
