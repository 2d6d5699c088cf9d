"""Running the health check for a project: its severities file, and the ``playbook check`` command.

The severities live in ``playbook-check.yml`` beside ``mkdocs.yml`` so that a team can decide, in a
reviewed file, which gaps block a merge (``error``) and which are only shown (``warning``,
``info``), or silence a rule (``off``). A mistake in that file is reported like a content error.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from .checks import RULES, SEVERITIES, HealthReport, run_checks
from .errors import ContentError, Problem, suggest
from .validate import Validated

if TYPE_CHECKING:  # the pipeline imports this module to put the health page on the site
    from .pipeline import Project

CONFIG_FILE = "playbook-check.yml"


def load_severities(root: Path) -> dict[str, str]:
    """Rule id → severity from ``ROOT/playbook-check.yml``; empty when there is no such file."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return {}
    problems: list[Problem] = []

    def problem(node: yaml.Node, where: str, message: str) -> None:
        problems.append(Problem(CONFIG_FILE, node.start_mark.line + 1, node.start_mark.column + 1, where, message))

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError([Problem(CONFIG_FILE, line, col, "", f"YAML syntax error: {exc.problem}")]) from None
    severities: dict[str, str] = {}
    if node is None:
        return severities
    top = dict((k.value, v) for k, v in node.value) if isinstance(node, yaml.MappingNode) else None
    if top is None or set(top) - {"severities"}:
        raise ContentError(
            [Problem(CONFIG_FILE, 1, 1, "", "expected one field, 'severities', holding rule-id: severity lines")]
        )
    table = top.get("severities")
    if table is None or not isinstance(table, yaml.MappingNode):
        raise ContentError([Problem(CONFIG_FILE, 1, 1, "severities", "expected rule-id: severity lines")])
    for key, value in table.value:
        rule_id = str(key.value)
        if rule_id not in RULES:
            hint = suggest(rule_id, RULES) or "rules: " + ", ".join(RULES)
            problem(key, f"severities.{rule_id}", f"unknown rule '{rule_id}': {hint}")
            continue
        # Read the text as written: an unquoted `off` is YAML 1.1's false, but here it means "off".
        severity = str(value.value).lower() if isinstance(value, yaml.ScalarNode) else ""
        if severity not in (*SEVERITIES, "off"):
            problem(
                value, f"severities.{rule_id}", f"'{value.value}' is not a severity; use error, warning, info or off"
            )
            continue
        severities[rule_id] = severity
    if problems:
        raise ContentError(problems)
    return severities


def check_project(project: Project, validated: Validated, today: datetime.date | None = None) -> HealthReport:
    """The health report of a project whose content already validated."""
    content = _shown(project.content_dir, project.root)
    return run_checks(validated, severities=load_severities(project.root), today=today, content=content)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def format_text(report: HealthReport) -> str:
    lines = [str(f) for f in report.findings]
    counts = ", ".join(
        f"{report.count(s)} {s}{'s' if report.count(s) != 1 and s != 'info' else ''}" for s in SEVERITIES
    )
    verdict = "The sales system is complete." if not report.findings else f"Health check: {counts}."
    return "\n".join([*lines, verdict])


def format_json(report: HealthReport) -> str:
    data = {
        "findings": [f.as_dict() for f in report.findings],
        "rules": [
            {"id": r.id, "severity": r.severity, "title": r.title, "findings": len(report.of(r.id))}
            for r in report.rules
        ],
        "summary": {s: report.count(s) for s in SEVERITIES},
        "failed": report.failed,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


@click.command("check")
@click.option("--root", default=".", show_default=True, help="Project folder holding content/ and playbook-check.yml.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date to check review_by against (default: today).",
)
def check_command(root: str, fmt: str, today: datetime.datetime | None) -> None:
    """Is our sales system complete? Apply the health rules; exit 1 if any finding is an error."""
    from .pipeline import Project, load_playbook

    project = Project.at(Path(root))
    try:
        _, validated = load_playbook(project)
        report = check_project(project, validated, today.date() if today else None)
    except ContentError as exc:
        click.echo(exc.report(), err=True)
        click.echo("Fix these first: the health check runs only on valid content and settings.", err=True)
        sys.exit(1)
    click.echo(format_json(report) if fmt == "json" else format_text(report))
    sys.exit(1 if report.failed else 0)
