"""A CRM's existing stages read into a playbook's first files: Salesforce's retrieved OpportunityStage
value set (with or without Paths), or HubSpot's pipelines API response.

Nothing from the files is executed or expanded: XML goes through the hardened reader (no document
type declaration at all, so no entity; bounded in size and elements), text must be UTF-8, and every
problem is reported at its file and line, all at once.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from generator.content.xmlsafe import Bounds, Reader, Refused

NS = "{http://soap.sforce.com/2006/04/metadata}"
MAX_BYTES = 2 * 1024 * 1024
BOUNDS = Bounds(document_bytes=MAX_BYTES, total_bytes=8 * MAX_BYTES, elements=200_000, seconds=10)
# Salesforce's forecast categories → our category's id, name and roll-up role.
CATEGORIES = {
    "Pipeline": ("pipeline", "Pipeline", "excluded"),
    "BestCase": ("best-case", "Best case", "ceiling"),
    "MostLikely": ("most-likely", "Most likely", "call"),
    "Forecast": ("commit", "Commit", "call"),
    "Closed": ("closed", "Closed", "floor"),
    "Omitted": ("omitted", "Omitted", "excluded"),
}
_TAG = re.compile(r"<[^>]*>")


@dataclass
class ImportedStage:
    label: str | None
    name: str
    probability: float | None = None
    category: str | None = None  # Salesforce's forecast category
    closed: bool = False
    won: bool = False
    goal: str | None = None
    exit_criteria: list[str] = field(default_factory=list)
    where: str = ""  # file:line, for messages


@dataclass
class ImportedProcess:
    name: str
    steps: list[str]  # values' full names, in order
    where: str = ""


@dataclass
class Imported:
    values: dict[str, ImportedStage] = field(default_factory=dict)  # by the value's full name
    processes: list[ImportedProcess] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:64].rstrip("-")


def split_label(text: str) -> tuple[str | None, str]:
    """ "Stage 2 · Discovery" → ("Stage 2", "Discovery"); "Discovery" → (None, "Discovery")."""
    label, sep, name = text.partition(" · ")
    return (label.strip(), name.strip()) if sep and name.strip() else (None, text.strip())


def _read_xml(path: Path, shown: str, root_tag: str, problems: list[str]) -> ET.Element | None:
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        problems.append(f"{shown}: the file is over {MAX_BYTES:,} bytes: this is not a stage set-up")
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(f"{shown}:{line}: the file is not UTF-8 text: retrieve it again, or save it as UTF-8")
        return None
    try:
        root = Reader(BOUNDS).parse(io.BytesIO(data))
    except Refused as exc:
        problems.append(f"{shown}:{exc.line or 1}: {exc.message}: refused")
        return None
    if root.tag != NS + root_tag:
        found = root.tag.removeprefix(NS)
        problems.append(f"{shown}:1: expected a <{root_tag}> file (Salesforce metadata), found <{found}>")
        return None
    return root


def _text(element: ET.Element, tag: str) -> str | None:
    child = element.find(NS + tag)
    return child.text.strip() if child is not None and child.text and child.text.strip() else None


def guidance_parts(info: str) -> tuple[str | None, list[str]]:
    """Our own guidance read back (goal, exit criteria); anyone else's is the goal, as words."""
    goal = None
    found = re.search(r"<b>Goal:</b>(.*?)</p>", info, re.S)
    if found:
        goal = _words(found.group(1))
    criteria = [_words(x) for x in re.findall(r"<li>(.*?)</li>", info, re.S)]
    if goal is None and not criteria:
        text = _words(info)
        goal = text or None
    return goal, [c for c in criteria if c]


def _words(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def read_salesforce(folder: Path) -> Imported:
    """The value set and any Paths under ``folder`` (source or metadata format, found by name)."""
    out = Imported()
    names = ("OpportunityStage.standardValueSet-meta.xml", "OpportunityStage.standardValueSet")
    found = sorted(p for n in names for p in folder.rglob(n))
    if not found:
        out.problems.append(
            f"{folder}: no OpportunityStage value set found: retrieve it with "
            "`sf project retrieve start --metadata StandardValueSet:OpportunityStage`"
        )
        return out
    value_file = found[0]
    shown = str(value_file)
    root = _read_xml(value_file, shown, "StandardValueSet", out.problems)
    if root is not None:
        _values(root, shown, out)
    for path in sorted(p for p in folder.rglob("*") if p.name.endswith((".pathAssistant-meta.xml", ".pathAssistant"))):
        path_root = _read_xml(path, str(path), "PathAssistant", out.problems)
        if path_root is not None:
            _path(path_root, str(path), out)
    if not out.processes and out.values:
        open_values = [k for k, v in out.values.items() if not v.closed]
        out.processes.append(
            ImportedProcess("Sales process", [*open_values, *(k for k in out.values if k not in open_values)])
        )
    return out


def _values(root: ET.Element, shown: str, out: Imported) -> None:
    for n, value in enumerate(root.findall(NS + "standardValue"), start=1):
        where = f"{shown}: standardValue {n}"
        full = _text(value, "fullName")
        if full is None:
            out.problems.append(f"{where}: the value has no <fullName>")
            continue
        if full in out.values:
            out.problems.append(
                f"{where}: the value '{full}' is already value {list(out.values).index(full) + 1}: list it once"
            )
            continue
        label, name = split_label(_text(value, "label") or full)
        probability = _text(value, "probability")
        number = None
        if probability is not None:
            try:
                number = float(probability)
            except ValueError:
                out.problems.append(f"{where}: probability '{probability[:20]}' is not a number")
            if number is not None and not 0 <= number <= 100:
                out.problems.append(f"{where}: probability {probability} is not from 0 to 100")
        category = _text(value, "forecastCategory")
        if category is not None and category not in CATEGORIES:
            out.problems.append(
                f"{where}: unknown forecast category '{category[:40]}'; use one of {', '.join(CATEGORIES)}"
            )
            category = None
        out.values[full] = ImportedStage(
            label,
            name,
            number,
            category,
            _text(value, "closed") == "true",
            _text(value, "won") == "true",
            _text(value, "description"),
            where=where,
        )


def _path(root: ET.Element, shown: str, out: Imported) -> None:
    name = _text(root, "masterLabel") or Path(shown).name.split(".")[0].replace("_", " ")
    steps = []
    for n, step in enumerate(root.findall(NS + "pathAssistantSteps"), start=1):
        value = _text(step, "picklistValueName")
        if value is None or value not in out.values:
            out.problems.append(f"{shown}: step {n}: '{value}' is not a value of OpportunityStage")
            continue
        info = _text(step, "info")
        if info:
            goal, criteria = guidance_parts(info)
            target = out.values[value]
            target.goal = goal or target.goal
            target.exit_criteria = criteria or target.exit_criteria
        steps.append(value)
    out.processes.append(ImportedProcess(name, steps, shown))


def read_hubspot(path: Path) -> Imported:
    """A pipelines API response (``{"results": [...]}``), or an export of ours."""
    out = Imported()
    shown = str(path)
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        out.problems.append(f"{shown}: the file is over {MAX_BYTES:,} bytes: this is not a pipelines response")
        return out
    try:
        doc: Any = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.problems.append(f"{shown}:{line}: the file is not UTF-8 text: save it as UTF-8")
        return out
    except json.JSONDecodeError as exc:
        out.problems.append(f"{shown}:{exc.lineno}: not valid JSON: {exc.msg}")
        return out
    pipelines = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(pipelines, list):
        out.problems.append(
            f"{shown}:1: expected a pipelines API response, an object with 'results': a list of pipelines"
        )
        return out
    for p, pipeline in enumerate(pipelines):
        where = f"{shown}: results[{p}]"
        if (
            not isinstance(pipeline, dict)
            or not isinstance(pipeline.get("label"), str)
            or not isinstance(pipeline.get("stages"), list)
        ):
            out.problems.append(f"{where}: expected a pipeline with a 'label' and 'stages'")
            continue
        stages = sorted((s for s in pipeline["stages"] if isinstance(s, dict)), key=lambda s: s.get("displayOrder", 0))
        steps = []
        for s, stage in enumerate(stages):
            here = f"{where}.stages[{s}]"
            label = stage.get("label")
            meta = stage.get("metadata") if isinstance(stage.get("metadata"), dict) else {}
            if not isinstance(label, str) or not label.strip():
                out.problems.append(f"{here}: the stage has no label")
                continue
            key = f"{pipeline['label']}\x00{label}"
            if key in out.values:
                out.problems.append(f"{here}: the stage '{label[:60]}' is already in this pipeline: list it once")
                continue
            number = None
            try:
                number = round(float(meta.get("probability")) * 100, 2) if meta.get("probability") is not None else None
            except (TypeError, ValueError):
                out.problems.append(
                    f"{here}: metadata.probability '{str(meta.get('probability'))[:20]}' is not a number"
                )
            if number is not None and not 0 <= number <= 100:
                out.problems.append(f"{here}: metadata.probability is not from 0.0 to 1.0")
            closed = str(meta.get("isClosed", "false")).lower() == "true"
            won = closed and (number or 0) >= 100
            category = "Closed" if won else "Omitted" if closed else None
            first, name = split_label(label)
            out.values[key] = ImportedStage(first, name, number, category, closed, won, where=here)
            steps.append(key)
        out.processes.append(ImportedProcess(pipeline["label"], steps, where))
    return out
