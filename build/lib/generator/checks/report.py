"""What the health check found: findings, the report, and the report as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # what a healthy playbook has, in one sentence
    severity: str  # the default
    check: Callable[[Any], Iterable[Any]]  # takes a registry.Scope, yields registry.Spots


@dataclass(frozen=True, order=True)
class Finding:
    """One health problem, at one place in one file."""

    file: str
    line: int
    column: int
    rule: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class HealthReport:
    """The findings, plus every rule with the severity in force, for the CLI and the health page."""

    rules: list[Rule]
    findings: list[Finding]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    def of(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule_id]


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
