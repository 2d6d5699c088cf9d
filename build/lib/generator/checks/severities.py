"""The severity of each health rule in a project: ``playbook-check.yml``.

The severities live in ``playbook-check.yml`` beside ``mkdocs.yml`` so that a team can decide, in a
reviewed file, which gaps block a merge (``error``) and which are only shown (``warning``,
``info``), or silence a rule (``off``). A mistake in that file is reported like a content error.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.checks.registry import RULES, SEVERITIES
from generator.errors import ContentError, Problem, suggest

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
