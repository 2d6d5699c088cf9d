"""Running the health check: every rule that is not switched off, over validated content."""

from __future__ import annotations

import datetime

from generator.checks import completeness as _completeness  # noqa: F401  (importing registers the rules)
from generator.checks import forecast as _forecast  # noqa: F401
from generator.checks import gates as _gates  # noqa: F401
from generator.checks.accepts import ACCEPT_RULE, apply_accepts
from generator.checks import placeholders as _placeholders  # noqa: F401
from generator.checks import rules as _rules  # noqa: F401
from generator.checks import scorecards as _scorecards  # noqa: F401
from generator.checks import strategy as _strategy  # noqa: F401
from generator.checks import targets as _targets  # noqa: F401
from generator.checks.registry import RULES, Rule, Scope
from generator.checks.report import Finding, HealthReport
from generator.model.playbook import Playbook
from generator.model.validated import Validated


def run_checks(
    validated: Validated,
    playbook: Playbook,
    *,
    severities: dict[str, str] | None = None,
    today: datetime.date | None = None,
    content: str = "content",
) -> HealthReport:
    """Apply every rule that is not switched off; ``today`` is injectable so tests are stable."""
    scope = Scope(validated, playbook, today or datetime.date.today(), content)
    chosen = severities or {}
    rules: list[Rule] = []
    findings: list[Finding] = []
    for r in RULES.values():
        severity = chosen.get(r.id, r.severity)
        if severity == "off":
            continue
        rules.append(Rule(r.id, r.title, severity, r.check))
        findings += [Finding(s.file, s.line, s.column, r.id, severity, s.message) for s in r.check(scope)]
    # Gaps accepted where they live are marked (still listed); stale accepts become findings.
    accept_severity = chosen.get(ACCEPT_RULE, RULES[ACCEPT_RULE].severity)
    findings = apply_accepts(scope, findings, accept_severity)
    if accept_severity == "off":
        findings = [f for f in findings if f.rule != ACCEPT_RULE]
    return HealthReport(rules, sorted(findings, key=lambda f: f.order))
