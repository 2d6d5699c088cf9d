"""Accepted gaps: a team may accept a known finding where it lives, with a reason.

``check: {accept: {stage-exit-criteria: "the public handbook names none"}}`` in an entity's file
marks that rule's findings in that file as accepted: they are still counted and listed (never
hidden), but they do not fail ``playbook check``. An accept that matches no finding, or names no
rule, is itself a finding, so a gap that was closed (or a typo) does not leave a stale excuse behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator.checks.registry import RULES, Scope, Spot, rule
from generator.checks.report import Finding
from generator.errors import suggest

ACCEPT_RULE = "accept-matches"


@rule(ACCEPT_RULE, "Every gap a page accepts names a rule and still matches a finding there.")
def accept_matches(s: Scope) -> Iterator[Spot]:
    """Found by :func:`apply_accepts`, which needs every other rule's findings first."""
    return iter(())


def apply_accepts(s: Scope, findings: list[Finding], severity: str) -> list[Finding]:
    """``findings`` with the accepted ones marked, plus a finding for each accept that matches none."""
    marked = list(findings)
    extra: list[Finding] = []
    for entities in s.validated.entities.values():
        for entity in entities.values():
            accepts = entity.check.accept if entity.check else {}
            if not accepts:
                continue
            file = s.validated.document(entity).file
            for rule_id, reason in accepts.items():
                matched = False
                for i, finding in enumerate(marked):
                    if finding.rule == rule_id and finding.file == file:
                        marked[i] = replace(finding, accepted=reason)
                        matched = True
                if matched:
                    continue
                if rule_id not in RULES or rule_id == ACCEPT_RULE:
                    hint = suggest(rule_id, [r for r in RULES if r != ACCEPT_RULE])
                    message = f"'{rule_id}' is not a rule of the health check" + (f"; {hint}" if hint else "")
                else:
                    message = f"nothing here is found by '{rule_id}' any more: remove this accept"
                spot = s.at(entity, ("check", "accept", rule_id), message, key=True)
                extra.append(Finding(spot.file, spot.line, spot.column, ACCEPT_RULE, severity, spot.message))
    return marked + extra
