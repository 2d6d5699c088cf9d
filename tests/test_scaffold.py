"""`playbook new`: a commented file for every kind that validates; bad and taken ids are refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model import COLLECTIONS
from generator.model.schema import schema_line
from generator.pipeline import Project, load_playbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
# Every kind of collection with one file per entity, from the declarations (a new one is tested too).
KINDS = [c.kind for c in COLLECTIONS.values() if not c.single]


def collection_of(kind: str) -> str:
    from generator.model.collections import LINK_KINDS

    return LINK_KINDS[kind]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    return tmp_path


def new(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args, "--root", str(root)])
    return result.exit_code, result.output


def test_every_kind_scaffolds_a_file_that_validates_but_cannot_pass_the_check(project: Path) -> None:
    for kind in KINDS:
        code, output = new(project, kind, f"fresh-{kind}")
        assert code == 0, output
        assert f"Wrote content/{collection_of(kind)}/fresh-{kind}.yml: replace every value marked REPLACE" in output
    playbook, validated = load_playbook(Project.at(project))  # raises ContentError listing any problem
    assert validated.entities["stages"]["fresh-stage"].name == "REPLACE: Fresh stage"  # from the id: never shared
    assert validated.entities["roles"]["fresh-role"].tenure_tracks[0].focus_metrics == ["visits"]  # a lead metric
    assert validated.entities["processes"]["fresh-process"].stages == ["close", "discover"]
    # Every invented value is a placeholder that `playbook check` reports as an error, at its line.
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 1
    stage = [
        line
        for line in result.output.splitlines()
        if line.startswith("content/stages/fresh-stage.yml") and "[placeholder]" in line
    ]
    text = (project / "content/stages/fresh-stage.yml").read_text().splitlines()
    assert stage and all(
        f"{n}:{text[n - 1].index('REPLACE') + 1}:" in line for line in stage for n in [int(line.split(":")[1])]
    )
    assert (
        "content/stages/fresh-stage.yml:23:8: error: this value is a placeholder left by `playbook new`: write the"
        " real one (or remove the line) [placeholder]"
    ) in stage
    assert any("activities:  # REPLACE" in text[int(line.split(":")[1]) - 1] for line in stage)


def test_a_new_file_can_start_from_a_copy_of_an_existing_one(project: Path) -> None:
    code, output = new(project, "stage", "negotiate", "--from", "close")
    assert code == 0 and "a copy of 'close'" in output
    assert (project / "content/stages/negotiate.yml").read_text() == (project / "content/stages/close.yml").read_text()
    code, output = new(project, "stage", "other", "--from", "clsoe")
    assert code == 1 and output.strip() == "Error: there is no stage 'clsoe' to copy: did you mean 'close'?"


@pytest.mark.parametrize("single", ["philosophy", "strategy"])
def test_single_pages_scaffold_and_validate(project: Path, single: str) -> None:
    (project / "content" / f"{single}.yml").unlink()
    code, output = new(project, single)
    assert code == 0, output
    _, validated = load_playbook(Project.at(project))
    assert single in validated.entities[single]


@pytest.mark.parametrize("kind", KINDS + ["philosophy", "strategy"])
def test_scaffold_passes_check_jsonschema_and_is_commented(tmp_path: Path, kind: str) -> None:
    root = tmp_path
    (root / "content").mkdir()
    if kind == "process":
        # With no stage yet, a process is a motion without stages (its rules, policies and roles).
        code, output = new(root, kind, "motion-one")
        assert code == 0, output
        assert "\nstages:" not in (root / "content/processes/motion-one.yml").read_text(encoding="utf-8")
        (root / "content/processes/motion-one.yml").unlink()
        (root / "content/stages").mkdir()
        (root / "content/stages/first.yml").write_text("name: First\n")
    code, output = new(root, kind, *([] if kind in ("philosophy", "strategy") else ["draft-one"]))
    assert code == 0, output
    collection = collection_of(kind)
    path = root / "content" / (f"{collection}.yml" if COLLECTIONS[collection].single else f"{collection}/draft-one.yml")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_line(collection)
    model = COLLECTIONS[collection].model
    for name, info in model.model_fields.items():
        if name not in ("id", "visibility", "review_by"):
            assert f"# {info.description}"[:60] in text, f"no help comment for {name}"
    assert "# owner: " in text
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--schemafile",
            str(ROOT / "schemas" / f"{collection}.schema.json"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_optional_fields_are_commented_out_and_work_when_uncommented(project: Path) -> None:
    new(project, "stage", "negotiate")
    path = project / "content" / "stages" / "negotiate.yml"
    text = path.read_text(encoding="utf-8")
    assert "# red_flags:\n# - No access to the budget holder.\n" in text
    path.write_text(text.replace("# red_flags:\n# - ", "red_flags:\n- "), encoding="utf-8")
    _, validated = load_playbook(Project.at(project))
    assert validated.entities["stages"]["negotiate"].red_flags == ["No access to the budget holder."]


def test_existing_id_is_refused_and_the_file_is_untouched(project: Path) -> None:
    before = (project / "content" / "stages" / "discover.yml").read_bytes()
    code, output = new(project, "stage", "discover")
    assert code == 1
    assert output.strip() == (
        f"Error: discover.yml already exists in {project / 'content' / 'stages'}: "
        "the id 'discover' is taken; choose another id or edit that file"
    )
    assert (project / "content" / "stages" / "discover.yml").read_bytes() == before


def test_existing_yaml_extension_also_counts(project: Path) -> None:
    (project / "content" / "stages" / "discover.yml").rename(project / "content" / "stages" / "discover.yaml")
    code, output = new(project, "stage", "discover")
    assert code == 1 and "discover.yaml already exists" in output


def test_existing_single_page_is_refused(project: Path) -> None:
    code, output = new(project, "philosophy")
    assert code == 1 and "philosophy.yml already exists" in output


@pytest.mark.parametrize(
    "bad, example",
    [("Bad_Id", "bad-id"), ("negotiate.yml", "negotiate-yml"), ("Top Deals", "top-deals"), ("über", "ber")],
)
def test_invalid_id_is_refused_with_a_suggestion(project: Path, bad: str, example: str) -> None:
    code, output = new(project, "stage", bad)
    assert code == 1
    assert output.strip() == (
        f"Error: '{bad}' is not a valid id: use lowercase letters, digits and hyphens (for example '{example}')"
    )
    assert not list((project / "content" / "stages").glob("*[A-Z_.]*.yml"))


def test_unknown_kind_gets_did_you_mean(project: Path) -> None:
    code, output = new(project, "stages-x", "one")
    assert code == 1
    assert output.strip() == (
        "Error: 'stages-x' is not a kind of content: did you mean 'stages'? (kinds: "
        + ", ".join(c.kind for c in COLLECTIONS.values())
        + ")"
    )
    assert "(kinds: philosophy, strategy, process, stage, " in output


def test_collection_needs_an_id(project: Path) -> None:
    code, output = new(project, "metric")
    assert code == 1
    assert "give the new file an id, for example: playbook new metric my-new-id" in output


def test_scaffold_without_other_content_still_validates_on_its_own(tmp_path: Path) -> None:
    """With no metrics yet, a reference that would need one is left out, and the file says why."""
    (tmp_path / "content").mkdir()
    code, _ = new(tmp_path, "role", "rep")
    assert code == 0
    text = (tmp_path / "content" / "roles" / "rep.yml").read_text()
    assert "tenure_tracks:\n- tenure: new" not in text or "focus_metrics" not in text.split("tenure_tracks:")[1][:80]
    load_playbook(Project.at(tmp_path))


# --- --from copies an entity of the same collection, and nothing else -----------------------------


def test_from_accepts_a_file_of_the_collection_by_its_path(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    close = (project / "content/stages/close.yml").read_text(encoding="utf-8")
    assert new(project, "stage", "by-absolute-path", "--from", str(project / "content/stages/close.yml"))[0] == 0
    assert (project / "content/stages/by-absolute-path.yml").read_text(encoding="utf-8") == close
    monkeypatch.chdir(project)
    assert new(project, "stage", "by-relative-path", "--from", "content/stages/close.yml")[0] == 0
    assert (project / "content/stages/by-relative-path.yml").read_text(encoding="utf-8") == close


def test_from_accepts_a_link_to_a_file_inside_the_collection(project: Path) -> None:
    (project / "content/stages/closing.yml").symlink_to(project / "content/stages/close.yml")
    assert new(project, "stage", "copied", "--from", "closing")[0] == 0
    assert (project / "content/stages/copied.yml").read_text() == (project / "content/stages/close.yml").read_text()


def refused(project: Path, given: str, message: str) -> None:
    before = sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*"))
    code, output = new(project, "stage", "copied", "--from", given)
    assert (code, output) == (1, f"Error: {message}\n")
    assert sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*")) == before


def test_from_refuses_a_path_that_climbs_out_of_the_collection(project: Path) -> None:
    (project / "secret.yml").write_text("name: Close\nAPI_TOKEN: do-not-publish\n", encoding="utf-8")
    given = str(project / "content/stages/../../secret.yml")
    refused(
        project,
        given,
        f"--from '{given}' is not a stage of this playbook: give the id of a stage, or a file in content/stages/",
    )
    refused(
        project,
        "../../secret",
        "--from '../../secret' is not a stage of this playbook: give the id of a stage, or a file in content/stages/",
    )


def test_from_refuses_an_absolute_path_outside_the_playbook(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "close.yml"
    outside.write_text("name: Not ours\n", encoding="utf-8")
    refused(
        project,
        str(outside),
        f"--from '{outside}' is not a stage of this playbook: give the id of a stage, or a file in content/stages/",
    )
    refused(
        project,
        "/etc/passwd",
        "--from '/etc/passwd' is not a stage of this playbook: give the id of a stage, or a file in content/stages/",
    )


def test_from_refuses_a_link_out_of_the_content_folder(project: Path) -> None:
    secret = project / "secret.yml"
    secret.write_text("name: Close\nAPI_TOKEN: do-not-publish\n", encoding="utf-8")
    (project / "content/stages/leak.yml").symlink_to(secret)
    message = "--from '{}': 'leak.yml' links to a file outside the content folder: copy the file in instead"
    refused(project, "leak", message.format("leak"))
    refused(project, str(project / "content/stages/leak.yml"), message.format(project / "content/stages/leak.yml"))


def test_from_refuses_a_link_to_another_collection(project: Path) -> None:
    (project / "content/stages/rep.yml").symlink_to(project / "content/roles/rep.yml")
    refused(
        project, "rep", "--from 'rep': 'rep.yml' links to a file outside content/stages/: copy from the file itself"
    )


def test_from_refuses_an_entity_of_another_collection(project: Path) -> None:
    refused(project, "rep", "there is no stage 'rep' to copy: 'rep' is a role; --from copies a stage")
    refused(
        project,
        str(project / "content/roles/rep.yml"),
        f"--from '{project / 'content/roles/rep.yml'}' is not a"
        " stage of this playbook: give the id of a stage, or a"
        " file in content/stages/",
    )


def test_from_refuses_a_file_that_is_not_utf8(project: Path) -> None:
    (project / "content/stages/latin.yml").write_bytes(b"name: D\xe9al\n")
    refused(
        project,
        "latin",
        "--from 'latin': content/stages/latin.yml is not UTF-8 text: save it as UTF-8 (`playbook validate` says where)",
    )


def test_from_a_path_in_the_collection_that_does_not_exist_suggests_an_id(project: Path) -> None:
    refused(
        project, str(project / "content/stages/clos.yml"), "there is no stage 'clos' to copy: did you mean 'close'?"
    )


def test_new_help_names_every_declared_kind() -> None:
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "KIND (process, stage, " in text and "philosophy or strategy) with the id ID." in text
    named = text.split("KIND (", 1)[1].split(")", 1)[0].replace(" or ", ", ").split(", ")
    assert named == [c.kind for c in COLLECTIONS.values() if not c.single] + ["philosophy", "strategy"]
    assert "Philosophy and strategy are one file each (philosophy.yml, strategy.yml) and take no ID." in text


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_new_validates_and_check_lists_its_placeholders(project: Path, kind: str) -> None:
    """Every collection, the v3 ones included: `new` writes a file that validates, and `check` fails
    on the placeholders of that very file, each at a line that holds REPLACE."""
    code, output = new(project, kind, f"fresh-{kind}")
    assert code == 0, output
    relative = f"content/{collection_of(kind)}/fresh-{kind}.yml"
    load_playbook(Project.at(project))  # raises ContentError listing any problem
    result = CliRunner().invoke(main, ["check", "--root", str(project), "--rule", "placeholder"])
    assert result.exit_code == 1
    text = (project / relative).read_text().splitlines()
    found = [line for line in result.output.splitlines() if line.startswith(relative + ":")]
    assert found, result.output
    assert all("REPLACE" in text[int(line.split(":")[1]) - 1] for line in found)


def test_the_v3_prompts_a_team_wants_are_written_out(project: Path) -> None:
    new(project, "stage", "fresh-stage")
    new(project, "scorecard", "fresh-scorecard")
    stage = (project / "content/stages/fresh-stage.yml").read_text()
    assert "\nprobability: 20  # REPLACE: check this\n" in stage
    card = (project / "content/scorecards/fresh-scorecard.yml").read_text()
    assert "factors:  # REPLACE: check this\n- name: 'REPLACE: What is scored'\n  options:\n" in card
    assert "thresholds:  # REPLACE: check this\n- name: 'REPLACE: The grade as the team says it'\n" in card
