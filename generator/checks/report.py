"""What the health check found: findings, the report, and the report as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from collections import Counter
from dataclasses import dataclass, field
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
    # The team's reason, when the entity's file accepts this rule's findings (`check: {accept: …}`).
    accepted: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        shown = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"
        return shown + (f" (accepted: {self.accepted})" if self.accepted is not None else "")

    @property
    def order(self) -> tuple[int, str, int, int, str]:
        """Errors first, then warnings, then info; each group in file order."""
        return (SEVERITIES.index(self.severity), self.file, self.line, self.column, self.rule)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "accepted": self.accepted,
        }


@dataclass(frozen=True)
class HealthReport:
    """The findings, plus every rule with the severity in force, for the CLI and the health page."""

    rules: list[Rule]
    findings: list[Finding]

    def count(self, severity: str, *, accepted: bool | None = None) -> int:
        """Findings of ``severity``; only the accepted (or only the open) ones when ``accepted`` says so."""
        return sum(
            1
            for f in self.findings
            if f.severity == severity and (accepted is None or (f.accepted is not None) == accepted)
        )

    @property
    def failed(self) -> bool:
        """An error that the team has not accepted fails the check."""
        return self.count("error", accepted=False) > 0

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.accepted is not None]

    def only(self, *, min_severity: str = "info", rules: tuple[str, ...] = ()) -> HealthReport:
        """The report narrowed to findings at least as severe as ``min_severity`` (and of ``rules``)."""
        most = SEVERITIES.index(min_severity)
        kept = [
            f for f in self.findings if SEVERITIES.index(f.severity) <= most and (not rules or f.rule in rules)
        ]
        return HealthReport([r for r in self.rules if not rules or r.id in rules], kept)

    def of(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule_id]


def _counted(number: int, severity: str) -> str:
    return f"{number} {severity}{'s' if number != 1 and severity != 'info' else ''}"


def format_text(report: HealthReport) -> str:
    """Findings, errors first (each group in file order), then a summary per rule and severity."""
    lines = [str(f) for f in sorted(report.findings, key=lambda f: f.order)]
    if not report.findings:
        return "The sales system is complete."
    per_rule = Counter((f.rule, f.severity, f.accepted is not None) for f in report.findings)
    summary = [
        f"  {rule}: {_counted(number, severity)}" + (" (accepted)" if accepted else "")
        for (rule, severity, accepted), number in sorted(
            per_rule.items(), key=lambda item: (SEVERITIES.index(item[0][1]), item[0][0], item[0][2])
        )
    ]
    counts = ", ".join(_counted(report.count(s), s) for s in SEVERITIES)
    accepted = len(report.accepted)
    verdict = f"Health check: {counts}" + (f", of which {accepted} accepted." if accepted else ".")
    return "\n".join([*lines, "", "By rule:", *summary, verdict])


def format_json(report: HealthReport) -> str:
    data = {
        "findings": [f.as_dict() for f in sorted(report.findings, key=lambda f: f.order)],
        "rules": [
            {"id": r.id, "severity": r.severity, "title": r.title, "findings": len(report.of(r.id))}
            for r in report.rules
        ],
        "summary": {s: report.count(s) for s in SEVERITIES},
        "accepted": len(report.accepted),
        "failed": report.failed,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
