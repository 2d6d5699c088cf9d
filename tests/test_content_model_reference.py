"""The content-model reference: generated from the models, complete, on the site and in docs/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.model.collections import COLLECTIONS
from generator.model.reference import all_fields, reference
from generator.model.reference_docs import DOCS_FILE, END, START, docs_stale
from generator.model.schema import collection_schema, write_schemas
from generator.model.shown import NOT_SHOWN, page_of
from generator.pipeline import Project, build_pages

from .conftest import REPO

PLAYBOOK = [sys.executable, "-m", "generator"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _property_names(node: object) -> set[str]:
    if isinstance(node, dict):
        found = set(node.get("properties", {}))
        return found.union(*(_property_names(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_property_names(v) for v in node))
    return set()


def test_reference_lists_every_field_of_every_collection() -> None:
    entries = {c.name: c for c in reference()}
    assert set(entries) == set(COLLECTIONS)
    for name, collection in COLLECTIONS.items():
        schema = collection_schema(collection)
        paths = [f.path for f in entries[name].fields]
        # Every top-level field of the schema, and every field name anywhere in it, is in the reference.
        assert set(schema["properties"]) <= set(paths), name
        keys = {p.replace("[]", "").split(".")[-1] for p in paths}
        assert _property_names(schema) <= keys, f"{name}: {sorted(_property_names(schema) - keys)}"
        assert paths == [f.path for f in all_fields(collection.model)]
        for entry in entries[name].fields:
            assert entry.description, f"{name}.{entry.path} has no description"
            assert entry.shown, f"{name}.{entry.path} says no page"


def test_reference_says_where_each_field_is_shown() -> None:
    stages = {f.path: f for f in next(c for c in reference() if c.name == "stages").fields}
    assert stages["goal"].shown == page_of("stages") == "the stage's page"
    assert stages["visibility"].shown.startswith("not shown: ")
    assert NOT_SHOWN["*.visibility"] in stages["visibility"].shown
    strategy = next(c for c in reference() if c.name == "strategy")
    assert strategy.fields[0].shown in ("the strategy page", f"not shown: {NOT_SHOWN.get('*.visibility')}")


def test_site_has_the_reference_page_in_the_team_section(small_playbook: Path) -> None:
    site = build_pages(Project.at(small_playbook))
    page = next(p for p in site.pages if p.path == "team/content-model.md")
    team = next(e for e in site.nav if e.title == "For the playbook team")
    assert "team/content-model.md" in [c.path for c in team.children]
    for name, collection in COLLECTIONS.items():
        assert f"## {name} {{ #{name} }}" in page.markdown
        for f in all_fields(collection.model):
            assert f"`{f.path}`" in page.markdown, f"{name}.{f.path} is not on the Content model page"


def test_committed_docs_reference_is_current() -> None:
    text = (REPO / DOCS_FILE).read_text(encoding="utf-8")
    assert START in text and END in text
    assert not docs_stale(REPO), f"{DOCS_FILE} is stale: run `playbook schema` and commit the result"
    generated = text[text.index(START) : text.index(END)]
    for name, collection in COLLECTIONS.items():
        assert f"### {name}\n" in generated
        for f in all_fields(collection.model):
            assert f"| `{f.path}` |" in generated, f"{name}.{f.path} is not in {DOCS_FILE}"


def _project_with_docs(root: Path, generated: str) -> Path:
    write_schemas(root / "schemas")
    (root / "docs").mkdir(parents=True)
    (root / DOCS_FILE).write_text(f"# Hand-written\n\nProse.\n\n{START}\n{generated}\n{END}\n\nMore prose.\n")
    return root


def test_schema_check_fails_on_a_stale_docs_reference_and_schema_rewrites_it(tmp_path: Path) -> None:
    root = _project_with_docs(tmp_path, "| `old` | text | no | gone | | |")
    check = subprocess.run(
        [*PLAYBOOK, "schema", "--check", "--root", str(root)], capture_output=True, text=True, env=ENV, timeout=120
    )
    assert check.returncode == 1
    assert f"Stale field reference in {DOCS_FILE}. Run `playbook schema` to update." in check.stderr
    written = subprocess.run(
        [*PLAYBOOK, "schema", "--root", str(root)], capture_output=True, text=True, env=ENV, timeout=120
    )
    assert written.returncode == 0, written.stderr
    assert f"Wrote the field reference into {DOCS_FILE}" in written.stdout
    text = (root / DOCS_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Hand-written\n\nProse.\n") and text.endswith(f"{END}\n\nMore prose.\n")
    assert "`old`" not in text and "| `levels[].description` |" in text
    again = subprocess.run(
        [*PLAYBOOK, "schema", "--check", "--root", str(root)], capture_output=True, text=True, env=ENV, timeout=120
    )
    assert again.returncode == 0, again.stderr


def test_a_project_without_the_markers_has_no_generated_docs(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / DOCS_FILE).write_text("# Our own notes\n", encoding="utf-8")
    assert not docs_stale(tmp_path)
    assert not docs_stale(tmp_path / "elsewhere")
