"""Every field a team writes reaches the reader: on its entity's own page, and (text) in search.

The playbook is made from the model (``tests/field_playbook.py``): a field added to a model is
filled and looked for the day it is added. A field deliberately on no page is listed, with the
reason, in ``generator/model/shown.py`` (NOT_SHOWN); any other field missing from its page fails.
"""

from __future__ import annotations

import json
import tempfile
from fnmatch import fnmatchcase
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model.collections import COLLECTIONS
from generator.model.reference import all_fields
from generator.model.schema import collection_schema
from generator.model.shown import NOT_SHOWN, not_shown_reason
from generator.pipeline import Project, build_pages

from .field_playbook import FieldPlaybook, Files, Leaf, built_site, field_playbook

# Fields the coverage playbook cannot yet fill with a value that validates, and why. Each one is a
# gap in this test, not in the site: teach tests/field_playbook.py and remove the line.
CANNOT_FILL = {
    "strategy.*.window.before": "a time window counts from 'after' or 'before': the main entity writes "
    "'after', and a collection of one file has no second entity to write 'before'",
    "philosophy.*.window.before": "as strategy's",
}


class _Visible(HTMLParser):
    """The text a reader sees: everything outside script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.text)


@cache
def pages_by_source() -> dict[str, str]:
    """The field playbook rendered in-process: content file → its page's Markdown."""
    return _render(field_playbook().files)


def _render(files: Files) -> dict[str, str]:
    root = Path(tempfile.mkdtemp(prefix="field-variant-"))
    FieldPlaybook(files, []).write(root)
    site = build_pages(Project.at(root))
    return {page.source: page.markdown for page in site.pages if page.source}


def _html_path(page_path: str) -> str:
    stem = page_path.removesuffix(".md")
    return f"{stem.removesuffix('index')}index.html" if stem.endswith("index") else f"{stem}/index.html"


def _shown(leaf: Leaf) -> bool:
    return not_shown_reason(leaf.collection, leaf.path) is None


def _property_names(node: object) -> set[str]:
    if isinstance(node, dict):
        found = set(node.get("properties", {}))
        return found.union(*(_property_names(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_property_names(v) for v in node))
    return set()


def test_the_walk_reaches_every_field_of_the_schemas() -> None:
    """The reference's walk of the models misses no property of the JSON Schemas editors use."""
    for name, collection in COLLECTIONS.items():
        names = _property_names(collection_schema(collection))
        walked = {f.key for f in all_fields(collection.model)}
        assert names <= walked, f"{name}: fields the walk misses: {sorted(names - walked)}"


def test_every_field_is_filled() -> None:
    playbook = field_playbook()
    gaps = {k: why for k, why in playbook.unfilled.items() if not any(fnmatchcase(k, p) for p in CANNOT_FILL)}
    assert not gaps, "the coverage playbook could not fill: " + "; ".join(f"{k} ({v})" for k, v in gaps.items())
    paths = {leaf.key for leaf in playbook.leaves} | set(playbook.unfilled)
    for name, collection in COLLECTIONS.items():
        leaves = {f"{name}.{f.path}" for f in all_fields(collection.model) if f.part is None or f.recursive}
        missing = {k for k in leaves - paths if not any(fnmatchcase(k, p) for p in CANNOT_FILL)}
        assert not missing, f"{name}: fields the coverage playbook left out: {sorted(missing)}"


def test_not_shown_names_real_fields() -> None:
    keys = {f"{name}.{f.path}" for name, c in COLLECTIONS.items() for f in all_fields(c.model)}
    stale = [pattern for pattern in NOT_SHOWN if not any(fnmatchcase(k, pattern) for k in keys)]
    assert not stale, f"NOT_SHOWN names no field: {stale}"


def test_every_text_field_shows_on_its_own_page_and_in_search() -> None:
    playbook = field_playbook()
    _root, site = built_site()
    pages = {page.source: page.path for page in build_pages(Project.at(_root)).pages if page.source}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    missing: list[str] = []
    unsearchable: list[str] = []
    for leaf in playbook.leaves:
        if not leaf.is_text or not _shown(leaf):
            continue
        page = pages[playbook.source(leaf.collection, leaf.entity)]
        html = (site / _html_path(page)).read_text(encoding="utf-8")
        if leaf.value not in visible_text(html):
            missing.append(f"{leaf.key} ({leaf.value}) on {page}")
            continue
        url = page.removesuffix(".md").removesuffix("index") + ("/" if not page.endswith("index.md") else "")
        texts = " ".join(d["title"] + " " + d["text"] for d in index if d["location"].split("#")[0] == url)
        if leaf.value not in texts:
            unsearchable.append(f"{leaf.key} ({leaf.value}) on {page}")
    assert not missing, "text fields missing from their page: " + "; ".join(missing)
    assert not unsearchable, "text fields not in the search index: " + "; ".join(unsearchable)


def _judged() -> list[Leaf]:
    return [leaf for leaf in field_playbook().leaves if not leaf.is_text and _shown(leaf)]


@pytest.mark.parametrize("leaf", _judged(), ids=lambda leaf: f"{leaf.key}@{leaf.entity}")
def test_every_other_field_changes_its_own_page(leaf: Leaf) -> None:
    """A number, id, link, choice or date: the page differs when the field is left out or changed."""
    playbook = field_playbook()
    source = playbook.source(leaf.collection, leaf.entity)
    try:
        variant = _render(playbook.variant(leaf))
    except ContentError as exc:
        pytest.fail(f"{leaf.key}: the playbook without it does not validate, so it cannot be judged:\n{exc.report()}")
    assert variant[source] != pages_by_source()[source], (
        f"{leaf.key} ({leaf.value!r}) makes no difference to {source}'s page: show it, or list it in "
        "NOT_SHOWN (generator/model/shown.py) with the reason"
    )
