"""The playbook as a Salesforce DX source-format project: the Opportunity stage picklist
(``StandardValueSet`` OpportunityStage), a Path (``PathAssistant``) per process, ``package.xml`` and
``sfdx-project.json``. Deployed by an admin with ``sf project deploy start --source-dir DIR``.

Salesforce's documented limits are kept (see docs/crm.md): a stage value's label and API name
(255 characters), a value's description (255), a Path step's guidance for success (1,000
characters), key fields per step (5), a value's probability (a whole percentage, 0-100), a Path's
API name (letters, digits and single underscores, starting with a letter, at most 40). Longer text
is shortened at a word, with "…" and the link to the full page, a fractional probability is rounded,
and each change is reported.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from generator.crm.config import CrmConfig, CrmError
from generator.crm.steps import Pipeline, Step

API_VERSION = "60.0"
NAMESPACE = "http://soap.sforce.com/2006/04/metadata"
ROOT = "force-app/main/default"
VALUE_SET = f"{ROOT}/standardValueSets/OpportunityStage.standardValueSet-meta.xml"
MAX_LABEL = 255  # OpportunityStage: MasterLabel and ApiName, 255 characters
MAX_DESCRIPTION = 255  # OpportunityStage.Description: 255 characters
MAX_GUIDANCE = 1000  # a Path step's guidance for success: 1,000 characters
MAX_PATH_NAME = 40
DEFAULT_RECORD_TYPE = "__Master__"


@dataclass
class Export:
    files: dict[str, str] = field(default_factory=dict)  # path in DIR → text
    notes: list[str] = field(default_factory=list)  # what was shortened, for the command's output


def shorten(text: str, limit: int, tail: str = "…") -> str:
    """``text`` cut at a word so that it and ``tail`` fit in ``limit`` characters."""
    if len(text) <= limit:
        return text
    room = max(limit - len(tail), 0)
    cut = text[:room].rsplit(" ", 1)[0] if " " in text[:room] else text[:room]
    return cut.rstrip(" ,;:") + tail


def path_name(title: str) -> str:
    """A Path's API name from a process's name: "New business" → ``New_Business``."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "_".join(w[:1].upper() + w[1:] for w in words) or "Process"
    if not name[0].isalpha():
        name = "P_" + name
    return name[:MAX_PATH_NAME].rstrip("_")


def guidance(step: Step, url: str) -> tuple[str, bool]:
    """The step's guidance for success as the rich text Salesforce shows: goal, exit criteria,
    qualification elements due, and the link to the full stage page; every word escaped. Too long,
    whole lines are kept while they fit, then "…" and the link (the second value says so)."""
    link = f'<p><a href="{html.escape(url, quote=True)}">The full stage page in the playbook</a></p>'
    more = "<p>…</p>"
    room = MAX_GUIDANCE - len(link) - len(more)
    text, shortened = "", False
    if step.goal:
        goal = f"<p><b>Goal:</b> {html.escape(step.goal)}</p>"
        if len(goal) > room:
            goal = f"<p><b>Goal:</b> {html.escape(shorten(step.goal, room // 2))}</p>"
            shortened = True
        text += goal
    if step.exit_criteria:
        items = ""
        for criterion in step.exit_criteria:
            item = f"<li>{html.escape(criterion)}</li>"
            if len(text) + len("<p><b>Exit criteria:</b></p><ul></ul>") + len(items + item) > room:
                shortened = True
                break
            items += item
        if items:
            text += f"<p><b>Exit criteria:</b></p><ul>{items}</ul>"
    if step.elements_due:
        due = f"<p><b>Qualification due:</b> {html.escape(', '.join(step.elements_due))}</p>"
        if len(text + due) <= room:
            text += due
        else:
            shortened = True
    return text + (more if shortened else "") + link, shortened


def _value(step: Step, notes: list[str]) -> str:
    label = shorten(step.label, MAX_LABEL)
    if label != step.label:
        notes.append(f"stage value '{step.label[:60]}…': label shortened to {MAX_LABEL} characters")
    probability = int(step.probability + 0.5)  # a whole percentage, halves up
    if probability != step.probability:
        notes.append(
            f"stage value '{label}': probability {step.probability:g} rounded to {probability} "
            "(Salesforce keeps whole percentages)"
        )
    lines = [
        "    <standardValue>",
        f"        <fullName>{escape(label)}</fullName>",
        "        <default>false</default>",
    ]
    if step.goal:  # the elements in the order of Salesforce's schema (CustomValue, then StandardValue)
        lines.append(f"        <description>{escape(shorten(step.goal, MAX_DESCRIPTION))}</description>")
    lines += [
        f"        <label>{escape(label)}</label>",
        f"        <closed>{str(step.closed).lower()}</closed>",
        f"        <forecastCategory>{step.category}</forecastCategory>",
        f"        <probability>{probability}</probability>",
        f"        <won>{str(step.won).lower()}</won>",
        "    </standardValue>",
    ]
    return "\n".join(lines)


def _xml(root: str, body: list[str]) -> str:
    return (
        "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{NAMESPACE}">', *body, f"</{root}>"])
        + "\n"
    )


def export_salesforce(pipelines: list[Pipeline], config: CrmConfig, base_url: str) -> Export:
    """Every file of the project, by its path in DIR; nothing is written here."""
    out = Export()
    values: dict[str, Step] = {}
    for pipeline in pipelines:
        for step in pipeline.steps:
            values.setdefault(shorten(step.label, MAX_LABEL), step)
    out.files[VALUE_SET] = _xml(
        "StandardValueSet", ["    <sorted>false</sorted>", *(_value(s, out.notes) for s in values.values())]
    )
    names: dict[str, str] = {}
    record_types: dict[str, str] = {}
    problems = []
    for pipeline in pipelines:
        process = pipeline.process
        name = path_name(process.title)
        record_type = config.salesforce.record_types.get(process.id, DEFAULT_RECORD_TYPE)
        if name in names:
            problems.append(
                f"processes '{names[name]}' and '{process.id}' make the same Path name '{name}': rename one"
            )
        if record_type in record_types:
            problems.append(
                f"crm.yml: processes '{record_types[record_type]}' and '{process.id}' have the same record type "
                f"'{record_type}': Salesforce allows one Path per record type; set salesforce.record_types"
            )
        names[name] = process.id
        record_types[record_type] = process.id
        steps = []
        for step in pipeline.steps:
            body = (
                [
                    f"        <fieldNames>{escape(f)}</fieldNames>"
                    for f in config.salesforce.key_fields.get(step.stage.id, [])
                ]
                if step.stage
                else []
            )
            if step.stage is not None:
                url = f"{base_url}{step.stage.page.removesuffix('.md')}/"
                info, shortened = guidance(step, url)
                if shortened:
                    out.notes.append(f"{process.id} · {step.label}: guidance shortened to {MAX_GUIDANCE} characters")
                body.append(f"        <info>{escape(info)}</info>")
            body.append(f"        <picklistValueName>{escape(shorten(step.label, MAX_LABEL))}</picklistValueName>")
            steps += ["    <pathAssistantSteps>", *body, "    </pathAssistantSteps>"]
        out.files[f"{ROOT}/pathAssistants/{name}.pathAssistant-meta.xml"] = _xml(
            "PathAssistant",
            [
                "    <active>true</active>",
                "    <entityName>Opportunity</entityName>",
                "    <fieldName>StageName</fieldName>",
                f"    <masterLabel>{escape(shorten(process.title, 80))}</masterLabel>",
                *steps,
                f"    <recordTypeName>{escape(record_type)}</recordTypeName>",
            ],
        )
    if problems:
        raise CrmError(problems)
    members = "".join(f"        <members>{n}</members>\n" for n in sorted(names))
    out.files["package.xml"] = _xml(
        "Package",
        [
            f"    <types>\n{members}        <name>PathAssistant</name>\n    </types>",
            "    <types>\n        <members>OpportunityStage</members>\n"
            "        <name>StandardValueSet</name>\n    </types>",
            f"    <version>{API_VERSION}</version>",
        ],
    )
    project = {
        "packageDirectories": [{"path": "force-app", "default": True}],
        "name": "playbook",
        "sourceApiVersion": API_VERSION,
    }
    out.files["sfdx-project.json"] = json.dumps(project, indent=2) + "\n"
    return out
