"""End to end: real `mkdocs build` runs with the playbook plugin, and the search index they produce."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, TEMPLATES, mkdocs_in_process, playbook_in_process, write

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(root: Path, content: Path, docs: dict[str, str] | None = None) -> Path:
    """A tiny mkdocs.yml in ``root`` using the plugin on ``content`` and the repository's templates."""
    config = {
        "site_name": "Test playbook",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "tags", {"playbook": {"content_dir": str(content), "templates_dir": str(TEMPLATES)}}],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "pymdownx.tasklist"],
    }
    write(root, "mkdocs.yml", yaml.safe_dump(config))
    (root / "docs").mkdir(exist_ok=True)
    for path, text in (docs or {}).items():
        write(root / "docs", path, text)
    return root / "mkdocs.yml"


def mkdocs_build(config: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return mkdocs_in_process("build", "--strict", "-f", str(config), "-d", str(site), *extra, env=ENV)


def search_titles(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["title"] for doc in index["docs"]}


def test_real_build_has_a_page_per_entity_and_indexes_titles(small_playbook: Path, tmp_path: Path) -> None:
    config = make_project(tmp_path / "project", small_playbook / "content", {"about.md": "# About\n\nHand-written.\n"})
    site = tmp_path / "site"
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "stages/discover/index.html", "stages/close/index.html", "roles/rep/index.html",
                 "methods/waste-questions/index.html", "metrics/wins/index.html",
                 "coaching/count-the-waste/index.html", "personas/owner/index.html", "about/index.html"):
        assert (site / page).is_file(), page
    titles = search_titles(site)
    assert {"Discover", "Close", "Field Rep", "Area Manager", "Waste questions", "Count the waste"} <= {
        t.removeprefix("Stage 1 · ").removeprefix("Stage 2 · ") for t in titles
    }
    # The hand-written page is in the navigation, with the playbook team's pages after the reps' sections.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.index("coaching/") < home.index("team/health/") < home.index("about/")


def test_content_error_fails_the_build_with_located_lines(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace("name: Close", "name: Close\nname: Again"))
    config = make_project(tmp_path / "project", small_playbook / "content")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "content/stages/close.yml:3:1: name: duplicate key 'name' (first used on line 2)" in result.stderr
    assert "Traceback" not in result.stderr


def test_hand_written_page_may_not_be_replaced(small_playbook: Path, tmp_path: Path) -> None:
    config = make_project(tmp_path / "project", small_playbook / "content", {"roles/rep.md": "# Mine\n"})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "These hand-written pages would be replaced by generated ones; rename or move them: docs/roles/rep.md" in result.stderr


@pytest.mark.skipif(not (REPO / "content" / "stages").is_dir(), reason="sample content not present")
class CardGrids(HTMLParser):
    """What sits directly in each ``grid cards`` block, and what each card holds besides its title.

    Markdown that loses a card's indentation leaves the card with its title only and the text as a
    paragraph after the list: the reader sees an empty card with a stray line below the grid."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.grids: list[int] = []  # depths of the open grids
        self.strays: list[str] = []
        self.cards: list[list[str]] = []  # per card, the tags inside it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "hr", "meta", "link"):
            return
        classes = (dict(attrs).get("class") or "").split()
        depth = len(self.stack)
        if self.grids and depth == self.grids[-1] + 1 and tag != "ul":
            self.strays.append(tag)
        if self.grids and depth == self.grids[-1] + 2 and tag == "li":
            self.cards.append([])
        elif self.grids and depth > self.grids[-1] + 2 and self.cards:
            self.cards[-1].append(tag)
        if tag == "div" and {"grid", "cards"} <= set(classes):
            self.grids.append(depth)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if self.grids and len(self.stack) == self.grids[-1] and tag == "div":
            self.grids.pop()


def test_card_grids_keep_their_text_inside_the_cards() -> None:
    parser = CardGrids()
    parser.feed('<div class="grid cards"><ul><li><p><strong>A</strong></p><p><a>x</a></p></li>'
                '<li><p><strong>B</strong></p></li></ul><p>stray</p></div>')
    assert parser.strays == ["p"] and parser.cards == [["p", "strong", "p", "a"], ["p", "strong"]]


def test_repository_root_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    """`mkdocs build --strict` in the repository root builds the bundled sample playbook."""
    site = tmp_path / "site"
    result = subprocess.run([*MKDOCS, "build", "--strict", "-d", str(site)], cwd=REPO, capture_output=True,
                            text=True, env=ENV, timeout=600)
    assert result.returncode == 0, result.stderr
    titles = search_titles(site)
    expected = []
    for collection in ("stages", "roles", "methods", "coaching"):
        for path in sorted((REPO / "content" / collection).glob("*.yml")):
            expected.append(yaml.safe_load(path.read_text(encoding="utf-8"))["name"])
    shown = [html.unescape(title) for title in titles]  # the index holds titles as HTML ("&amp;")
    missing = [name for name in expected if not any(name in title for title in shown)]
    assert not missing, f"titles missing from the search index: {missing}"
    # Every card of every grid holds more than its title, and nothing falls out below a grid.
    grids = 0
    for page in sorted(site.rglob("*.html")):
        parser = CardGrids()
        parser.feed(page.read_text(encoding="utf-8"))
        grids += len(parser.cards)
        assert not parser.strays, f"{page.relative_to(site)}: {parser.strays} below a card grid"
        empty = [tags for tags in parser.cards if tags.count("p") < 2]
        assert not empty, f"{page.relative_to(site)}: a card with only its title"
    assert grids >= 10  # six role cards and four "at a glance" cards on the home page


def test_a_playbook_of_bare_minimum_files_builds_and_check_lists_what_is_missing(tmp_path: Path) -> None:
    # Only what the model requires (and one exit criterion): no process, metric, method or philosophy.
    content = tmp_path / "content"
    write(content, "stages/discovery.yml", "name: Discovery\nexit_criteria:\n  - The buyer agreed the problem.\n")
    write(content, "roles/rep.yml", "name: Account Executive\npurpose: Win new logos.\n")
    write(content, "coaching/first-calls.yml", "name: First calls\n")
    config = make_project(tmp_path, content)
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site/stages/discovery/index.html").is_file()
    assert (tmp_path / "site/coaching/first-calls/index.html").is_file()
    check = playbook_in_process("check", "--root", str(tmp_path), env=ENV)
    lines = check.stdout.splitlines()
    assert check.returncode == 1  # four-parts is an error: there is no process, method or metric
    assert "content/processes/:1:1: error: no process lists the stages: add content/processes/sales-process.yml [four-parts]" in lines
    assert ("content/stages/discovery.yml:1:1: warning: stage 'discovery' has no goal: add 'goal', what the stage"
            " achieves for the buyer and for us [stage-goal]") in lines
    assert "content/stages/discovery.yml:1:1: warning: stage 'discovery' is in no process: list it under 'stages' in a process file [stage-in-process]" in lines
    assert "content/coaching/first-calls.yml:1:1: info: coaching script 'first-calls' has no rubric: add 'rubric' if the team rates this behaviour [coaching-rubric]" in lines


def test_the_loomwise_example_builds_as_a_project_of_its_own(tmp_path: Path) -> None:
    example = REPO / "examples" / "loomwise"
    built = playbook_in_process("build", "-f", str(example / "mkdocs.yml"), "--site-dir", str(tmp_path / "site"), env=ENV)
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    for process in ("self-serve", "sales-assisted"):  # two processes, each with its map and its matrix
        assert (site / "process" / process / "index.html").is_file()
        assert (site / "process" / f"{process}-matrix" / "index.html").is_file()
    assert "SPICED" in (site / "qualification/spiced/index.html").read_text(encoding="utf-8")
    assert "Loomwise Sales Playbook" in (site / "index.html").read_text(encoding="utf-8")
    check = playbook_in_process("check", "--root", str(example), "--today", "2026-12-01", env=ENV)
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[-1] == "Health check: 0 errors, 0 warnings, 2 info."
