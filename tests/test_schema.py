"""The editor schemas: committed, current, complete, and agreeing with an independent validator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.model import COLLECTIONS
from generator.model.schema import guide, render_schemas, schema_line, stale_schemas, write_schemas

from .conftest import TEMPLATES, run_in_process

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small" / "content"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def run_check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's own command line, run in this process (it is a click command)."""
    from check_jsonschema import main

    return run_in_process(main, "check-jsonschema", "--schemafile", str(schema), *map(str, files))


def test_check_jsonschema_as_a_program_fails_a_broken_file(tmp_path: Path) -> None:
    """One run of the real program, as editors and CI run it (the others run it in this process)."""
    broken = tmp_path / "visits.yml"
    broken.write_text((SMALL / "metrics" / "visits.yml").read_text().replace("unit:", "units:"))
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(ROOT / "schemas" / "metrics.schema.json"),
                             str(broken)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "'units' was unexpected" in result.stdout + result.stderr


def test_committed_schemas_are_current() -> None:
    stale = stale_schemas(ROOT / "schemas")
    assert not stale, f"schemas/{', schemas/'.join(stale)} are stale: run `playbook schema` and commit the result"


def test_stale_schema_is_detected_and_rewritten(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    (tmp_path / "roles.schema.json").write_text("{}", encoding="utf-8")
    assert stale_schemas(tmp_path) == ["roles.schema.json"]
    assert write_schemas(tmp_path) == ["roles.schema.json"]
    assert stale_schemas(tmp_path) == []


def _properties(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (path, property schema) in a JSON Schema, including those in $defs."""
    found = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            found.append((f"{path}.{name}", prop))
        for key, value in node.items():
            found += _properties(value, f"{path}.{key}" if key != "properties" else path)
    elif isinstance(node, list):
        for item in node:
            found += _properties(item, path)
    return found


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_every_field_has_description_and_example(name: str) -> None:
    schema = json.loads(render_schemas()[name])
    props = _properties(schema)
    assert props
    missing = [p for p, s in props if not s.get("description") or not s.get("examples")]
    assert not missing, f"{name}: fields without a description or an example: {missing}"
    weak = [p for p, s in props if "..." in json.dumps(s.get("examples"))]
    assert not weak, f"{name}: examples that trail off with '...': {weak}"


def test_schemas_forbid_unknown_fields_and_name_the_collection() -> None:
    roles = json.loads(render_schemas()["roles.schema.json"])
    assert roles["additionalProperties"] is False
    assert "content/roles/" in roles["title"]
    assert "id" not in roles["properties"], "the id is the file name, never a field"
    assert roles["properties"]["expectations"]["anyOf"][0]["$ref"].endswith("/Expectations")
    assert "continue" in roles["$defs"]["Expectations"]["properties"]


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_fixture_and_sample_content_pass_check_jsonschema(collection: str) -> None:
    """The small fixture and the bundled sample playbook (content/) are valid for the independent validator."""
    c = COLLECTIONS[collection]
    files = []
    # The fixtures, the bundled sample and every example: a collection new in v3 may be in the sample only.
    folders = [SMALL, SMALL.parent.parent / "healthy" / "content", ROOT / "content",
               *sorted(p for p in (ROOT / "examples").glob("*/content") if p.is_dir())]
    for folder in folders:
        files += [f for f in ([folder / f"{collection}.yml"] if c.single else sorted((folder / collection).glob("*.yml")))
                  if f.is_file()]
    assert files, f"no fixture, sample or example has {collection}"
    result = run_check_jsonschema(ROOT / "schemas" / f"{collection}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unquoted_yaml_date_passes_check_jsonschema(tmp_path: Path) -> None:
    metric = tmp_path / "visits.yml"
    metric.write_text((SMALL / "metrics" / "visits.yml").read_text() + "owner: Bakery team\nreview_by: 2027-03-31\n")
    result = run_check_jsonschema(ROOT / "schemas" / "metrics.schema.json", metric)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "mutation, expected",
    [
        (lambda text: text.replace("kind: lead", "kind: leading"), "'leading' is not one of"),
        (lambda text: text.replace("unit:", "units:"), "'units' was unexpected"),
        (lambda text: text.replace("name: First visits\n", ""), "'name' is a required property"),
        (lambda text: text.replace("drives: [wins]", "drives: wins"), "'wins' is not of type 'array'"),
    ],
    ids=["bad-choice", "unknown-field", "missing-field", "text-for-list"],
)
def test_broken_file_fails_check_jsonschema(tmp_path: Path, mutation: Any, expected: str) -> None:
    broken = tmp_path / "visits.yml"
    broken.write_text(mutation((SMALL / "metrics" / "visits.yml").read_text()))
    result = run_check_jsonschema(ROOT / "schemas" / "metrics.schema.json", broken)
    assert result.returncode == 1
    assert expected in result.stdout + result.stderr


def test_vscode_maps_every_content_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for name, c in COLLECTIONS.items():
        key = f"./schemas/{name}.schema.json"
        assert (ROOT / key).is_file()
        expected = f"content/{name}.yml" if c.single else f"content/{name}/*.yml"
        assert expected in mapping[key]


def test_sample_content_files_point_at_their_schema() -> None:
    content = ROOT / "content"
    files = [(n, p) for n, c in COLLECTIONS.items()
             for p in ([content / f"{n}.yml"] if c.single else sorted((content / n).glob("*.yml")))
             if p.is_file()]
    if not files:
        pytest.skip("no sample content yet")
    wrong = [p.relative_to(ROOT).as_posix() for n, p in files
             if p.read_text(encoding="utf-8").splitlines()[0] != schema_line(n)]
    assert not wrong, f"first line should be the yaml-language-server schema line: {wrong}"
    # and the relative path in that line really leads to the schema
    for name, path in files[:1] + files[-1:]:
        target = schema_line(name).split("$schema=", 1)[1]
        assert (path.parent / target).resolve() == (ROOT / "schemas" / f"{name}.schema.json").resolve()


def test_schema_command_check_flags_stale_and_writes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["schema", "--root", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "Run `playbook schema`" in result.output
    result = runner.invoke(main, ["schema", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(render_schemas())
    assert runner.invoke(main, ["schema", "--root", str(tmp_path), "--check"]).exit_code == 0


def test_guide_explains_every_field_from_the_schema() -> None:
    sections = {s.name: s for s in guide()}
    assert set(sections) == set(COLLECTIONS)
    role_fields = {f.path: f for f in sections["roles"].fields}
    focus = role_fields["tenure_tracks[].focus_metrics"]
    # Optional since content model v3: `playbook check` (track-has-focus) asks for it instead.
    assert not focus.required and "1-3 lead metrics" in focus.description and focus.example == "[qualified-meetings]"
    assert role_fields["review_by"].kind == "date (YYYY-MM-DD)"
    assert role_fields["motion"].kind.startswith("one of `hunter`")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_schema_files_are_tracked_not_ignored() -> None:
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT, capture_output=True, check=False)
    if inside.returncode != 0:
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "check-ignore", "schemas/roles.schema.json"], cwd=ROOT, capture_output=True,
                            check=False)
    assert result.returncode == 1, "schemas/ must be committed, not ignored"


def test_editors_guide_page_lists_every_field(tmp_path: Path) -> None:
    from generator.pipeline import Project, build_pages

    shutil.copytree(SMALL, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    site = build_pages(Project.at(tmp_path))
    page = next(p for p in site.pages if p.path == "team/guide.md")
    assert "Editor's guide" in [n.title for n in site.nav[-1].children]
    for section in guide():
        assert f"## {section.name} {{ #{section.name} }}" in page.markdown
        for field in section.fields:
            assert f"| `{field.path}` |" in page.markdown, f"{section.name}.{field.path} missing from the guide"
    assert "| `tenure_tracks[].focus_metrics` | list; each item: id | no | Ids of the 1-3 lead metrics" in page.markdown



def test_vscode_recommends_the_yaml_language_server() -> None:
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text())["recommendations"]
    assert "redhat.vscode-yaml" in recommended  # the extension that reads yaml.schemas and $schema lines
