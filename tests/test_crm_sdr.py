"""The Salesforce export read by Salesforce's own metadata library, @salesforce/source-deploy-retrieve
(pinned in package-lock.json), through tests/crm/check_sfdx.mjs: every file resolves to the metadata
type and name we meant, package.xml lists exactly them, the elements are those of Salesforce's
metadata types, and the source converts to metadata-API format offline. The converted files are
then read back and compared with the playbook. No org is contacted: the script refuses every
network connection, and runs with a home folder of its own, so no saved authentication is read.

Skips on a machine without Node or `npm ci`; in CI (CI set) that is a failure.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.crm.salesforce import API_VERSION, ROOT, VALUE_SET, path_name
from generator.pipeline import Project, load_playbook

from .conftest import FIXTURES, REPO, write

SCRIPT = REPO / "tests" / "crm" / "check_sfdx.mjs"
SDR = REPO / "node_modules" / "@salesforce" / "source-deploy-retrieve" / "package.json"
NS = "{http://soap.sforce.com/2006/04/metadata}"
PATHS = f"{ROOT}/pathAssistants"
# The mapping of each playbook: the sample's own crm.yml; the others name a base URL, a record type
# for all but one process (one Path per record type) and a few key fields.
PLAYBOOKS = {
    "sample": (REPO, (REPO / "crm.yml").read_text(encoding="utf-8")),
    "loomwise": (
        REPO / "examples" / "loomwise",
        "site_url: https://playbook.loomwise.example/\n"
        "salesforce:\n  record_types: {sales-assisted: Sales_Assisted}\n"
        "  key_fields: {discovery: [Amount, NextStep, Custom_Score__c]}\n",
    ),
    "small": (FIXTURES / "small", "site_url: https://playbook.example.org/\n"),
}


@pytest.fixture(scope="module")
def node() -> str:
    """The node on PATH, with the library installed by `npm ci`."""
    found = shutil.which("node")
    missing = "node is not on PATH" if found is None else f"{SDR} is missing: run `npm ci`"
    if found is None or not SDR.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"{missing} (the CI script installs Node and runs `npm ci`)")
        pytest.skip(f"{missing} (this test runs in CI)")
    return found


def check(node: str, project: Path, out: Path) -> tuple[int, dict[str, Any]]:
    """The script's exit code and JSON summary for the DX project in ``project``."""
    home = out.parent / "home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),  # no saved org, no authentication file, no config of the machine's user
        "SF_DISABLE_TELEMETRY": "true",
        "SF_DISABLE_LOG_FILE": "true",
        "SF_AUTOUPDATE_DISABLE": "true",
    }
    result = subprocess.run(
        [node, str(SCRIPT), str(project), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=180,
        check=False,
    )
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"no summary from {SCRIPT.name}: {result.stdout}\n{result.stderr}") from None
    return result.returncode, summary


def export(name: str, tmp_path: Path, change: Callable[[Path], Any] = lambda root: None) -> tuple[Path, Any, str]:
    """The playbook ``name`` (its copy changed by ``change``) exported with its mapping; the export
    folder, the loaded playbook and the command's output."""
    source, mapping = PLAYBOOKS[name]
    root = tmp_path / "project"
    shutil.copytree(source / "content", root / "content")
    write(root, "crm.yml", mapping)
    change(root)
    out = tmp_path / "dx"
    result = CliRunner().invoke(main, ["crm", "export", "salesforce", str(out), "--root", str(root)])
    assert result.exit_code == 0, result.output
    playbook, _ = load_playbook(Project.at(root))
    return out, playbook, result.output


def members(package: Path) -> tuple[set[tuple[str, str]], str | None]:
    root = ET.parse(package).getroot()
    assert root.tag == f"{NS}Package"
    found = {
        (t.findtext(f"{NS}name") or "", m.text or "") for t in root.iter(f"{NS}types") for m in t.iter(f"{NS}members")
    }
    return found, root.findtext(f"{NS}version")


@pytest.mark.parametrize("name", list(PLAYBOOKS))
def test_the_metadata_library_resolves_and_converts_the_export(node: str, name: str, tmp_path: Path) -> None:
    out, playbook, _ = export(name, tmp_path)
    code, summary = check(node, out, tmp_path / "converted")
    assert code == 0 and summary["ok"], summary["problems"]
    processes = [p for p in playbook.processes if p.stages]
    paths = {path_name(p.title): p for p in processes}
    intended = {("StandardValueSet", "OpportunityStage", VALUE_SET)} | {
        ("PathAssistant", n, f"{PATHS}/{n}.pathAssistant-meta.xml") for n in paths
    }

    # Every file resolved, to the type and name we meant, and package.xml lists exactly those.
    assert {(c["type"], c["fullName"], c["file"]) for c in summary["components"]} == intended
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {f for _, _, f in intended} | {"package.xml", "sfdx-project.json"}
    wanted = {(t, n) for t, n, _ in intended}
    assert {(m["type"], m["fullName"]) for m in summary["manifest"]["members"]} == wanted
    assert summary["manifest"]["version"] == summary["sourceApiVersion"] == API_VERSION

    # Converted to metadata-API format: one file per component, and a package.xml listing them.
    converted = tmp_path / "converted"
    expected_files = {"standardValueSets/OpportunityStage.standardValueSet"} | {
        f"pathAssistants/{n}.pathAssistant" for n in paths
    }
    assert set(summary["conversion"]["files"]) == expected_files | {"package.xml"}
    assert {(c["type"], c["fullName"]) for c in summary["conversion"]["converted"]} == wanted
    listed, version = members(converted / "package.xml")
    assert listed == wanted and version == API_VERSION

    # The converted files, read back and compared with the playbook.
    value_set = ET.parse(converted / "standardValueSets/OpportunityStage.standardValueSet").getroot()
    assert value_set.tag == f"{NS}StandardValueSet"
    values = {v.findtext(f"{NS}fullName"): v for v in value_set.iter(f"{NS}standardValue")}
    for stage in (s for p in processes for s in p.stages):
        label = " ".join(stage.title.split())
        value = values[label]
        assert value.findtext(f"{NS}label") == label
        assert (value.findtext(f"{NS}probability") or "").isdigit()  # Salesforce keeps whole percentages
        assert float(value.findtext(f"{NS}probability") or "nan") == float(stage.entity.probability or 0)
        assert value.findtext(f"{NS}forecastCategory") == (stage.forecast.salesforce if stage.forecast else "Pipeline")
        assert (value.findtext(f"{NS}closed"), value.findtext(f"{NS}won")) == ("false", "false")
    for outcome in (o for p in processes for o in p.outcomes):
        value = values[" ".join(outcome.name.split())]
        won = outcome.kind == "won"
        assert value.findtext(f"{NS}closed") == "true" and value.findtext(f"{NS}won") == str(won).lower()
        assert (float(value.findtext(f"{NS}probability") or "nan"), value.findtext(f"{NS}forecastCategory")) == (
            (100.0, "Closed") if won else (0.0, "Omitted")
        )
    site_url = (
        "https://playbook.rimefield.example/",
        "https://playbook.loomwise.example/",
        "https://playbook.example.org/",
    )
    for path_file, process in paths.items():
        path = ET.parse(converted / f"pathAssistants/{path_file}.pathAssistant").getroot()
        assert path.tag == f"{NS}PathAssistant" and path.findtext(f"{NS}masterLabel") == process.title
        steps = list(path.iter(f"{NS}pathAssistantSteps"))
        names = [s.findtext(f"{NS}picklistValueName") for s in steps]
        assert names[: len(process.stages)] == [" ".join(s.title.split()) for s in process.stages]
        assert names[len(process.stages) :] == [" ".join(o.name.split()) for o in process.outcomes]
        for step, stage in zip(steps, process.stages, strict=False):
            info = html.unescape(step.findtext(f"{NS}info") or "")
            assert any(f'href="{u}stages/{stage.id}/"' in info for u in site_url), info
    if name == "sample":  # the key fields of the shipped crm.yml reach their stage's Path step
        path = ET.parse(converted / "pathAssistants/New_Business.pathAssistant").getroot()
        discovery = next(s for p in processes for s in p.stages if s.id == "discovery")
        step = next(
            s
            for s in path.iter(f"{NS}pathAssistantSteps")
            if s.findtext(f"{NS}picklistValueName") == " ".join(discovery.title.split())
        )
        assert [f.text for f in step.iter(f"{NS}fieldNames")] == ["Amount", "NextStep"]


BREAKAGES = {
    "wrong root element": (
        lambda d: _edit(d / VALUE_SET, "StandardValueSet ", "ValueSet ", "</StandardValueSet>", "</ValueSet>"),
        "root element ValueSet, expected StandardValueSet",
    ),
    "no namespace": (
        lambda d: _edit(d / VALUE_SET, ' xmlns="http://soap.sforce.com/2006/04/metadata"', ""),
        "namespace missing",
    ),
    "wrong suffix": (
        lambda d: (d / VALUE_SET).rename(d / VALUE_SET.replace(".standardValueSet-", ".valueSet-")),
        "Could not infer a metadata type",
    ),
    "unknown element": (
        lambda d: _edit(d / VALUE_SET, "<won>", "<winning>true</winning><won>"),
        "<winning> is not an element of StandardValue",
    ),
    "forecast category not Salesforce's": (
        lambda d: _edit(d / VALUE_SET, "<forecastCategory>Pipeline<", "<forecastCategory>Commit<"),
        "'Commit' is not one of ForecastCategories",
    ),
    "elements out of order": (
        lambda d: _edit(
            d / VALUE_SET,
            "<sorted>false</sorted>",
            "",
            "</StandardValueSet>",
            "<sorted>false</sorted></StandardValueSet>",
        ),
        "<sorted> comes after <standardValue>",
    ),
    "a Path without its record type": (
        lambda d: [_edit(p, "<recordTypeName>", "<!--", "</recordTypeName>", "-->") for p in (d / PATHS).iterdir()],
        "<recordTypeName> is missing",
    ),
    "a Path missing from package.xml": (
        lambda d: _edit(d / "package.xml", "<members>Sales_Process</members>", ""),
        "package.xml: PathAssistant:Sales_Process is not listed",
    ),
    "a project file Salesforce's schema refuses": (
        lambda d: _edit(d / "sfdx-project.json", '"name"', '"packages": 1, "name"'),
        "sfdx-project.json: The config file",
    ),
}


def _edit(path: Path, *pairs: str) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, f"{old!r} is not in {path.name}: the breakage no longer applies"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bare-minimum playbook's export (the first test shows the library accepts it)."""
    out, _, _ = export("small", tmp_path_factory.mktemp("small"))
    return out


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_the_check_fails_on_a_file_salesforce_would_refuse(
    node: str, small_export: Path, breakage: str, tmp_path: Path
) -> None:
    out = tmp_path / "dx"
    shutil.copytree(small_export, out)
    damage, message = BREAKAGES[breakage]
    damage(out)
    code, summary = check(node, out, tmp_path / "converted")
    assert code == 1 and not summary["ok"]
    assert any(message in p for p in summary["problems"]), summary["problems"]


def test_a_fractional_probability_is_rounded_and_said(node: str, tmp_path: Path) -> None:
    """Salesforce keeps a stage's probability as a whole percentage (the Field Reference gives
    OpportunityStage.DefaultProbability no decimal places): 12.5 is written as 13, and said."""

    def fractional(root: Path) -> None:
        stage = root / "content" / "stages" / "discover.yml"
        stage.write_text(stage.read_text(encoding="utf-8") + "probability: 12.5\n", encoding="utf-8")

    out, _, output = export("small", tmp_path, fractional)
    assert "Changed to fit Salesforce's limits:" in output
    assert "stage value 'Stage 1 · Discover': probability 12.5 rounded to 13" in output
    code, summary = check(node, out, tmp_path / "converted")
    assert code == 0, summary["problems"]
    converted = ET.parse(tmp_path / "converted" / "standardValueSets/OpportunityStage.standardValueSet").getroot()
    value = next(v for v in converted.iter(f"{NS}standardValue") if v.findtext(f"{NS}label") == "Stage 1 · Discover")
    assert value.findtext(f"{NS}probability") == "13"
