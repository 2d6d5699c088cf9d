"""Health rules of the scorecards: the same as the ICP's fit score, for every scoring model — bands
that do not overlap, grades a total can reach, a maximum that matches the factors."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.registry import Scope, Spot, rule
from generator.checks.strategy import maximum_of, overlapping_bands


@rule("scorecard-bands-overlap", "The bands of each scorecard factor do not overlap, so a value scores once.", "error")
def scorecard_bands_overlap(s: Scope) -> Iterator[Spot]:
    for card in s.all("scorecards"):
        for f, b, message in overlapping_bands(card.factors):
            yield s.at(card, ("factors", f, "bands", b), message)


@rule("scorecard-grade-reachable", "Every grade of a scorecard can be reached, and told from the others.", "error")
def scorecard_grade_reachable(s: Scope) -> Iterator[Spot]:
    for card in s.all("scorecards"):
        best = sum(maximum_of(f) for f in card.factors)
        seen: dict[int, str] = {}
        for g, grade in enumerate(card.thresholds):
            if grade.at_least > best:
                yield s.at(
                    card,
                    ("thresholds", g, "at_least"),
                    f"no score can reach grade '{grade.name}' at {grade.at_least}: the factors give at most {best}",
                )
            elif grade.at_least in seen:
                yield s.at(
                    card,
                    ("thresholds", g, "at_least"),
                    f"grade '{grade.name}' starts at {grade.at_least}, as grade '{seen[grade.at_least]}' does: "
                    "a score would earn both; give each grade its own lowest score",
                )
            seen.setdefault(grade.at_least, grade.name)
        if card.maximum is not None and card.maximum != best:
            yield s.at(card, ("maximum",), f"the maximum says {card.maximum}, but the factors give at most {best}")
