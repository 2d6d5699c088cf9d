"""`playbook crm export|import`: the Salesforce and HubSpot files, read back and compared with the
playbook field by field; round trips; hostile import files refused at their place, nothing written."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.crm.salesforce import MAX_GUIDANCE, VALUE_SET
from generator.pipeline import Project, load_playbook

from .conftest import FIXTURES, REPO, write

NS = "{http://soap.sforce.com/2006/04/metadata}"
PLAYBOOKS = {"sample": REPO, "loomwise": REPO / "examples" / "loomwise", "small": FIXTURES / "small"}
CONFIG = "site_url: https://playbook.example.org/\n"
# One Path per record type: a playbook with several processes names a record type for each but one.
RECORD_TYPES = {"sample": {"customer-growth": "Growth"}, "loomwise": {"sales-assisted": "Sales_Assisted"}}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["crm", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(params=list(PLAYBOOKS))
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of one playbook (content and mkdocs.yml), with a crm.yml giving the base URL."""
    source: Path = PLAYBOOKS[request.param]
    shutil.copytree(source / "content", tmp_path / "content")
    record_types = RECORD_TYPES.get(request.param, {})
    write(
        tmp_path,
        "crm.yml",
        CONFIG + (f"salesforce:\n  record_types: {json.dumps(record_types)}\n" if record_types else ""),
    )
    return tmp_path


def texts(element: ET.Element, tag: str) -> list[str]:
    return [x.text or "" for x in element.iter(NS + tag)]


def test_salesforce_export_matches_the_playbook_field_by_field(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "sf"
    code, stdout, stderr = run("export", "salesforce", str(out), "--root", str(project))
    assert code == 0, stderr
    assert "sf project deploy start --source-dir" in stdout
    playbook, _ = load_playbook(Project.at(project))
    values = {v.findtext(NS + "fullName"): v for v in ET.parse(out / VALUE_SET).getroot().iter(NS + "standardValue")}
    for stage in (s for p in playbook.processes for s in p.stages):
        value = values[" ".join(stage.title.split())]
        assert float(value.findtext(NS + "probability") or "") == (stage.entity.probability or 0)
        assert value.findtext(NS + "closed") == "false"
        expected = stage.forecast.salesforce if stage.forecast else "Pipeline"
        assert value.findtext(NS + "forecastCategory") == expected
        assert len(value.findtext(NS + "label") or "") <= 255
    for process in playbook.processes:
        for outcome in process.outcomes:
            value = values[outcome.name]
            assert value.findtext(NS + "closed") == "true"
            assert value.findtext(NS + "won") == str(outcome.kind == "won").lower()
    paths = sorted((out / "force-app/main/default/pathAssistants").iterdir())
    assert len(paths) == len([p for p in playbook.processes if p.stages])
    for path in paths:
        root = ET.parse(path).getroot()
        assert root.findtext(NS + "entityName") == "Opportunity" and root.findtext(NS + "fieldName") == "StageName"
        for info in texts(root, "info"):
            assert len(info) <= MAX_GUIDANCE
            links = re.findall(r'href="([^"]*)"', info)
            assert len(links) == 1 and links[0].startswith("https://playbook.example.org/stages/")
            assert "<script" not in info.lower()
        for step in root.iter(NS + "pathAssistantSteps"):
            assert len(texts(step, "fieldNames")) <= 5
            assert step.findtext(NS + "picklistValueName") in values
    package = ET.parse(out / "package.xml").getroot()
    assert sorted(texts(package, "members")) == sorted([*(p.name.split(".")[0] for p in paths), "OpportunityStage"])
    assert json.loads((out / "sfdx-project.json").read_text())["packageDirectories"][0]["path"] == "force-app"


def hubspot_models(body: dict[str, Any]) -> Any:
    """The body loaded into the official client's input models, refusing any key they do not know."""
    from hubspot.crm.pipelines import PipelineInput, PipelineStageInput

    def load(model: Any, data: dict[str, Any]) -> Any:
        by_json = {v: k for k, v in model.attribute_map.items()}
        assert set(data) <= set(by_json), set(data) - set(by_json)
        return model(**{by_json[k]: v for k, v in data.items() if k != "stages"})

    pipeline = load(PipelineInput, body)
    pipeline.stages = [load(PipelineStageInput, stage) for stage in body["stages"]]
    return pipeline


def test_hubspot_export_loads_into_the_client_models(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pipelines.json"
    code, _, stderr = run("export", "hubspot", str(out), "--root", str(project))
    assert code == 0, stderr
    playbook, _ = load_playbook(Project.at(project))
    bodies = json.loads(out.read_text(encoding="utf-8"))["results"]
    processes = [p for p in playbook.processes if p.stages]
    assert [b["label"] for b in bodies] == [p.title for p in processes]
    for body, process in zip(bodies, processes, strict=True):
        model = hubspot_models(body)
        assert [s.label for s in model.stages][: len(process.stages)] == [
            " ".join(s.title.split()) for s in process.stages
        ]
        for stage, view in zip(model.stages, process.stages, strict=False):
            assert stage.metadata == {
                "probability": str(round((view.entity.probability or 0) / 100, 4)),
                "isClosed": "false",
            }


def stages_of(root: Path) -> list[tuple[Any, ...]]:
    playbook, _ = load_playbook(Project.at(root))
    return [
        (
            p.title,
            [
                (
                    s.entity.label,
                    s.entity.name or s.entity.label,
                    s.entity.probability or 0,
                    s.forecast.salesforce if s.forecast else None,
                )
                for s in p.stages
            ],
        )
        for p in playbook.processes
        if p.stages
    ]


@pytest.mark.parametrize("kind", ["salesforce", "hubspot"])
def test_round_trip(project: Path, tmp_path: Path, kind: str) -> None:
    exported = tmp_path / ("sf" if kind == "salesforce" else "pipelines.json")
    assert run("export", kind, str(exported), "--root", str(project))[0] == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    code, stdout, stderr = run("import", kind, str(exported), "--root", str(fresh))
    assert code == 0, stderr
    assert stdout.startswith("Wrote ") and "Run `playbook check` next." in stdout
    before, after = stages_of(project), stages_of(fresh)
    if kind == "hubspot":  # a HubSpot pipeline carries no forecast category for open stages
        before = [(t, [s[:3] + (None,) for s in stages]) for t, stages in before]
    else:  # Salesforce needs one: a stage without a category is exported (and comes back) as Pipeline
        before = [(t, [s[:3] + (s[3] or "Pipeline",) for s in stages]) for t, stages in before]
    assert sorted(after) == sorted(before)


def test_import_refuses_existing_files_without_force(tmp_path: Path) -> None:
    exported = tmp_path / "pipelines.json"
    write(tmp_path, "crm.yml", CONFIG)
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    assert run("export", "hubspot", str(exported), "--root", str(tmp_path))[0] == 0
    target = tmp_path / "target"
    assert run("import", "hubspot", str(exported), "--root", str(target))[0] == 0
    code, out, err = run("import", "hubspot", str(exported), "--root", str(target))
    assert code == 1 and out == ""
    assert "content/stages/discover.yml: the file exists: run again with --force to replace it" in err
    assert err.endswith("nothing was written.\n")
    assert run("import", "hubspot", str(exported), "--root", str(target), "--force")[0] == 0


VALUE_SET_START = '<?xml version="1.0" encoding="UTF-8"?>\n'
GOOD = (
    '<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata"><sorted>false</sorted>'
    "<standardValue><fullName>Discovery</fullName><label>Discovery</label><probability>10</probability>"
    "<forecastCategory>Pipeline</forecastCategory></standardValue></StandardValueSet>"
)
HOSTILE = {
    "entity declaration": (
        VALUE_SET_START
        + '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
        + GOOD.replace("Discovery<", "&b;<", 1),
        ":2: the XML declares a document type (<!DOCTYPE …>): refused",
    ),
    "external entity": (
        VALUE_SET_START
        + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        + GOOD.replace("Discovery<", "&e;<", 1),
        ":2: the XML declares a document type (<!DOCTYPE …>): refused",
    ),
    "wrong root": (
        VALUE_SET_START + GOOD.replace("StandardValueSet", "GlobalValueSet"),
        ":1: expected a <StandardValueSet> file (Salesforce metadata), found <GlobalValueSet>",
    ),
    "duplicate values": (
        VALUE_SET_START
        + GOOD.replace(
            "</StandardValueSet>", "<standardValue><fullName>Discovery</fullName></standardValue></StandardValueSet>"
        ),
        ": standardValue 2: the value 'Discovery' is already value 1: list it once",
    ),
    "probability out of range": (
        VALUE_SET_START + GOOD.replace(">10<", ">150<"),
        ": standardValue 1: probability 150 is not from 0 to 100",
    ),
    "unknown category": (
        VALUE_SET_START + GOOD.replace(">Pipeline<", ">Likely<"),
        ": standardValue 1: unknown forecast category 'Likely'; use one of Pipeline, BestCase,"
        " MostLikely, Forecast, Closed, Omitted",
    ),
    "malformed": (VALUE_SET_START + GOOD[:-5], ":2: the XML is not well-formed: unclosed token: refused"),
}


def refused(tmp_path: Path, kind: str, source: Path) -> str:
    target = tmp_path / "target"
    target.mkdir(exist_ok=True)
    code, out, err = run("import", kind, str(source), "--root", str(target))
    assert code == 1 and out == "", out
    assert not (target / "content").exists() or not any((target / "content").rglob("*.yml"))
    assert err.endswith("nothing was written.\n")
    return err


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_salesforce_files_are_refused_at_their_place(tmp_path: Path, name: str) -> None:
    text, message = HOSTILE[name]
    folder = tmp_path / "retrieved"
    path = write(folder, "standardValueSets/OpportunityStage.standardValueSet-meta.xml", text)
    assert f"{path}{message}" in refused(tmp_path, "salesforce", folder)


def test_non_utf8_and_huge_files_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "retrieved"
    path = folder / "standardValueSets" / "OpportunityStage.standardValueSet-meta.xml"
    path.parent.mkdir(parents=True)
    path.write_bytes((VALUE_SET_START + GOOD.replace("Discovery<", "D\xe9couverte<", 1)).encode("latin-1"))
    assert f"{path}:2: the file is not UTF-8 text" in refused(tmp_path, "salesforce", folder)
    path.write_bytes(VALUE_SET_START.encode() + b" " * (3 * 1024 * 1024) + GOOD.encode())
    assert f"{path}: the file is over 2,097,152 bytes" in refused(tmp_path, "salesforce", folder)
    pipelines = tmp_path / "pipelines.json"
    pipelines.write_bytes(b'{"results": [{"label": "Caf\xe9", "stages": []}]}')
    assert f"{pipelines}:1: the file is not UTF-8 text" in refused(tmp_path, "hubspot", pipelines)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"pipelines": []}', ":1: expected a pipelines API response, an object with 'results': a list of pipelines"),
        ('{"results": [', ":1: not valid JSON: Expecting value"),
        (
            '{"results": [{"label": "A", "stages": [{"label": "X", "metadata": {"probability": "2"}}]}]}',
            ": results[0].stages[0]: metadata.probability is not from 0.0 to 1.0",
        ),
        (
            '{"results": [{"label": "A", "stages": [{"label": "X"}, {"label": "X"}]}]}',
            ": results[0].stages[1]: the stage 'X' is already in this pipeline: list it once",
        ),
    ],
)
def test_hostile_hubspot_files_are_refused_at_their_place(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "pipelines.json", text)
    assert f"{path}{message}" in refused(tmp_path, "hubspot", path)


def test_content_never_becomes_markup_in_the_export(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    write(tmp_path, "crm.yml", CONFIG)
    stage = tmp_path / "content/stages/close.yml"
    stage.write_text(
        stage.read_text().replace("goal: Agree a trial.", 'goal: "<script>alert(1)</script> [x](https://evil.example)"')
    )
    out = tmp_path / "sf"
    assert run("export", "salesforce", str(out), "--root", str(tmp_path))[0] == 0
    info = "".join(texts(ET.parse(next((out / "force-app/main/default/pathAssistants").iterdir())).getroot(), "info"))
    assert "<script>" not in info and html.escape("<script>") in info
    assert "evil.example" not in info


def test_two_processes_on_one_record_type_are_refused(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    write(tmp_path, "crm.yml", "site_url: https://playbook.example.org/\n")
    code, _, err = run("export", "salesforce", str(tmp_path / "sf"), "--root", str(tmp_path))
    assert code == 1 and not (tmp_path / "sf").exists()
    assert err.startswith(
        "crm.yml: processes 'new-business' and 'customer-growth' have the same record type '__Master__': Salesforce"
        " allows one Path per record type; set salesforce.record_types"
    )


def test_no_base_url_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    code, _, err = run("export", "salesforce", str(tmp_path / "sf"), "--root", str(tmp_path))
    assert code == 1
    assert err.startswith("crm.yml: no base URL for the links to stage pages: set site_url in mkdocs.yml or in crm.yml")
