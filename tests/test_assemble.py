"""One assembly for the plugin and the export: the same navigation (escaped), the same withheld pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.engines.assemble import assemble
from generator.pipeline import Project

from .conftest import FIXTURES
from .test_edition import HAND_WRITTEN
from .test_mkdocs_build import ENV, MKDOCS, make_project, mkdocs_build

PLAYBOOK = [str(Path(sys.executable).parent / "playbook")]
HOSTILE = "<img src=x onerror=alert(1)>"


class NavReader(HTMLParser):
    """The primary navigation of a Material page: every element inside it, and its link texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside the primary <nav>
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: list[str] = []
        self._in_title = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav" and "md-nav--primary" in classes and not self.depth:
            self.depth = 1
            return
        if self.depth:
            self.tags.append((tag, dict(attrs)))
            if tag == "nav":
                self.depth += 1
            if tag == "span" and "md-ellipsis" in classes:
                self._in_title = 1
            elif self._in_title:
                self._in_title += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1
        if self._in_title and tag == "span":
            self._in_title -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title and data.strip():
            self.titles.append(data.strip())


def read_nav(page: Path) -> NavReader:
    reader = NavReader()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


def export(config: Path, folder: Path, *extra: str) -> None:
    result = subprocess.run(
        [*PLAYBOOK, "export", str(folder), "-f", str(config), *extra],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def plain_build(folder: Path) -> Path:
    """The exported project built by plain MkDocs (strict), without our plugin; returns the site."""
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(folder / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_names_with_html_are_text_in_the_navigation_of_the_plain_built_export(
    small_playbook: Path, tmp_path: Path
) -> None:
    content = small_playbook / "content"
    for path, old in (
        ("stages/discover.yml", "name: Discover"),
        ("roles/rep.yml", "name: Field Rep"),
        ("methods/waste-questions.yml", "name: Waste questions"),
    ):
        file = content / path
        file.write_text(file.read_text(encoding="utf-8").replace(old, f"{old} '{HOSTILE}'", 1), encoding="utf-8")
    config = make_project(tmp_path / "project", content)
    export(config, tmp_path / "export")
    exported = (tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8")
    assert HOSTILE not in exported and "&lt;img src=x onerror=alert(1)>" in exported
    site = plain_build(tmp_path / "export")

    nav = read_nav(site / "index.html")
    assert nav.titles, "no navigation found"
    assert [tag for tag, _ in nav.tags if tag in ("img", "script", "iframe")] == []
    assert [attrs for _, attrs in nav.tags if any(name.startswith("on") for name in attrs)] == []
    # The names are there, as text.
    for name in ("Discover", "Field Rep", "Waste questions"):
        assert any(t.endswith(f"{name} '{HOSTILE}'") for t in nav.titles), (name, nav.titles)


def engine_site(engine: str, config: Path, tmp_path: Path) -> Path:
    """The public site built by the plugin (a strict `mkdocs build`) or from the export (plain MkDocs)."""
    if engine == "plugin":
        result = mkdocs_build(config, tmp_path / "site")
        assert result.returncode == 0, result.stderr
        return tmp_path / "site"
    export(config, tmp_path / "export")
    return plain_build(tmp_path / "export")


def html_path(page: str) -> str:
    """Where MkDocs (directory URLs) writes the page ``page``."""
    stem = page.removesuffix(".md")
    return "index.html" if stem == "index" else (stem.removesuffix("/index") + "/index.html").lstrip("/")


@pytest.mark.parametrize("engine", ["plugin", "export"])
def test_the_plugin_and_the_export_publish_one_navigation_and_withhold_the_same_pages(
    engine: str, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURES / "editions" / "content", tmp_path / "project" / "content")
    config = make_project(tmp_path / "project", tmp_path / "project" / "content", HAND_WRITTEN)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["plugins"][2]["playbook"]["edition"] = "public"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    assembly = assemble(Project.from_config(config), [])
    # The withheld set, named once here: the internal method, role and metric, the internal hand-written page.
    assert assembly.withheld == {
        "methods/competitor-pricing.md",
        "roles/pricing-desk.md",
        "metrics/discount-depth.md",
        "desk-handbook.md",
    }

    site = engine_site(engine, config, tmp_path)
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert [page for page in sorted(assembly.withheld) if html_path(page) in built] == []
    expected = {html_path(page) for page in [*assembly.files, *assembly.hand_written]} | {"404.html"}
    assert built == expected

    # The navigation every page shows: the same titles, in the same order, whichever engine built it.
    def titles(nav: list[object]) -> list[str]:
        out: list[str] = []
        for entry in nav:
            if entry in assembly.hand_written:  # a hand-written page: the theme shows its heading
                out.append((tmp_path / "project" / "docs" / entry).read_text(encoding="utf-8").split("\n")[0][2:])
            elif isinstance(entry, dict):
                for title, value in entry.items():
                    out.append(title.replace("&lt;", "<"))
                    out += titles(value) if isinstance(value, list) else []
        return out

    assert _distinct(read_nav(site / "about" / "index.html").titles) == _distinct(titles(assembly.nav))


def _distinct(titles: list[str]) -> list[str]:
    """Titles in order of first appearance (Material prints a section's title twice)."""
    seen: dict[str, None] = {}
    for title in titles:
        if title != "Test playbook":
            seen.setdefault(title, None)
    return list(seen)


def test_assemble_reports_a_hand_written_page_in_the_way(small_playbook: Path, tmp_path: Path) -> None:
    from generator.engines.assemble import PageClash

    config = make_project(tmp_path / "project", small_playbook / "content", {"roles/rep.md": "# Mine\n"})
    with pytest.raises(PageClash) as caught:
        assemble(Project.from_config(config))
    assert str(caught.value) == (
        "These hand-written pages would be replaced by generated ones; rename or move them: docs/roles/rep.md"
    )
    export_run = subprocess.run(
        [*PLAYBOOK, "export", str(tmp_path / "export"), "-f", str(config)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert export_run.returncode == 1
    assert "Export failed: These hand-written pages would be replaced by generated ones" in export_run.stderr
    assert "docs/roles/rep.md" in export_run.stderr
