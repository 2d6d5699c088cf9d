"""Health rules of gates: a gate says what it checks."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.registry import Scope, Spot, rule


@rule("gate-has-criteria", "Every gate says what a deal must show to pass it.")
def gate_has_criteria(s: Scope) -> Iterator[Spot]:
    for process in s.all("processes"):
        for i, gate in enumerate(process.gates):
            if not gate.criteria:
                yield s.at(
                    process,
                    ("gates", i, "name"),
                    f"gate '{gate.id}' has no criteria: list under 'criteria' what a deal must show to pass it",
                )
