"""Words as written: names and labels with mixed case, acronyms, parentheses, colons and commas reach
every place that shows them unchanged (titles, navigation, tables, cards), or visibly shortened."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.pipeline import Project, build_pages
from generator.site.render import NavEntry

WORDS = {
    "tenure": "New AE (first 180 days)",
    "stage": "SDR: inbound, EMEA",
    "method": "MEDDPPICC",
    "role": "eCommerce Lead",
}


def _playbook(root: Path) -> Path:
    rep = root / "content/roles/rep.yml"
    rep.write_text(
        rep.read_text(encoding="utf-8")
        .replace("name: Field Rep", f"name: {WORDS['role']}")
        .replace("tenure: new", f"tenure: {WORDS['tenure']}"),
        encoding="utf-8",
    )
    stage = root / "content/stages/discover.yml"
    stage.write_text(
        re.sub(r"^name: .*$", f'name: "{WORDS["stage"]}"', stage.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    method = root / "content/methods/waste-questions.yml"
    method.write_text(
        re.sub(r"^name: .*$", f"name: {WORDS['method']}", method.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    return root


def _nav_titles(entries: list[NavEntry]) -> list[str]:
    return [t for e in entries for t in (e.title, *_nav_titles(e.children))]


@pytest.fixture
def site(small_playbook: Path):  # type: ignore[no-untyped-def]
    return build_pages(Project.at(_playbook(small_playbook)))


def test_names_keep_their_case_and_punctuation_in_titles_and_navigation(site) -> None:  # type: ignore[no-untyped-def]
    titles = {p.title for p in site.pages}
    nav = _nav_titles(site.nav)
    for key in ("stage", "method", "role"):
        assert any(WORDS[key] in t for t in titles), f"{WORDS[key]!r} in no page title as written: {sorted(titles)}"
        assert any(WORDS[key] in t for t in nav), f"{WORDS[key]!r} not in the navigation as written"


def test_tenure_track_keeps_the_teams_words_on_the_role_page(site) -> None:  # type: ignore[no-untyped-def]
    role = next(p for p in site.pages if p.path == "roles/rep.md")
    assert WORDS["tenure"] in role.markdown
    assert "New ae" not in role.markdown


def test_names_reach_every_page_that_shows_them_unchanged_or_marked_shortened(site) -> None:  # type: ignore[no-untyped-def]
    """Wherever a name's first word shows, the whole name follows, or a shortened form ending in '…'."""
    for page in site.pages:
        for key in ("stage", "method", "role"):
            name = WORDS[key]
            first = name.split()[0]
            for found in re.finditer(re.escape(first), page.markdown):
                rest = page.markdown[found.start() : found.start() + len(name) + 1]
                if rest.startswith(name):
                    continue
                shortened = re.match(
                    re.escape(first) + r"[^\n|]*?…", rest + page.markdown[found.start() + len(rest) :][:80]
                )
                lowered = page.markdown.lower().count(name.lower()) > page.markdown.count(name)
                assert shortened or not lowered, f"{page.path}: {name!r} shown as {rest!r}"
