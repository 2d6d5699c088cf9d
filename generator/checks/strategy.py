"""Health rules of the strategy: a complete ideal client profile, and a scoring that can work."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.registry import Scope, Spot, rule
from generator.model.references import iter_refs
from generator.model.strategy import Factor, Scoring


@rule("icp-complete", "The strategy states an ideal client profile: criteria, disqualifiers, an off-profile rule.")
def icp_complete(s: Scope) -> Iterator[Spot]:
    strategy = s.one("strategy")
    if strategy is None:
        yield s.missing_file(
            "strategy.yml",
            "there is no ideal client profile: add content/strategy.yml with "
            "icp.criteria, icp.disqualifiers and off_profile_rule",
        )
        return
    icp = strategy.icp
    missing = [
        name
        for name, value in (
            ("icp.criteria", icp.criteria if icp else None),
            ("icp.disqualifiers", icp.disqualifiers if icp else None),
            ("off_profile_rule", strategy.off_profile_rule),
        )
        if not value
    ]
    if missing:
        yield s.at(
            strategy,
            ("icp",) if icp else ("name",),
            "the ideal client profile has no " + " and no ".join(f"'{m}'" for m in missing),
        )


@rule("threshold-used", "Every named threshold in the strategy is used by some rule (a condition refers to it).")
def threshold_used(s: Scope) -> Iterator[Spot]:
    strategy = s.one("strategy")
    if strategy is None or not strategy.thresholds:
        return
    used = {
        ref_id
        for entities in s.validated.entities.values()
        for entity in entities.values()
        for _, target, ref_id in iter_refs(entity)
        if target == "thresholds"
    }
    for threshold_id in strategy.thresholds:
        if threshold_id not in used:
            yield s.at(
                strategy,
                ("thresholds", threshold_id),
                f"no rule refers to the threshold '{threshold_id}': refer to it from a condition "
                f"(`when: {{threshold: {threshold_id}}}`) or remove it",
                key=True,
            )


def maximum_of(factor: Factor) -> int:
    """The most points a factor can give."""
    return max([b.points for b in factor.bands] + [o.points for o in factor.options] + [factor.otherwise])


def maximum_score(scoring: Scoring) -> int:
    return scoring.maximum if scoring.maximum is not None else sum(maximum_of(f) for f in scoring.factors)


def overlapping_bands(factors: list[Factor]) -> Iterator[tuple[int, int, str]]:
    """(factor, band, message) for each band that overlaps an earlier one of its factor."""
    for f, factor in enumerate(factors):
        low = float("-inf")
        spans = sorted(
            (
                (b.at_least if b.at_least is not None else low, b.below if b.below is not None else float("inf"), i)
                for i, b in enumerate(factor.bands)
            ),
        )
        for (_, a_end, a), (b_start, _, b) in zip(spans, spans[1:]):
            if b_start < a_end:
                yield (
                    f,
                    b,
                    f"this band of '{factor.name}' overlaps band {a + 1}: a value from {_n(b_start)} "
                    f"to {_n(a_end)} would score twice; make 'at_least' of one the 'below' of the other",
                )


@rule("icp-bands-overlap", "The bands of each ICP scoring factor do not overlap, so a value scores once.", "error")
def icp_bands_overlap(s: Scope) -> Iterator[Spot]:
    strategy = s.one("strategy")
    scoring = strategy.icp.scoring if strategy and strategy.icp else None
    for f, b, message in overlapping_bands(scoring.factors if scoring else []):
        yield s.at(strategy, ("icp", "scoring", "factors", f, "bands", b), message)


@rule("icp-good-fit-reachable", "The ICP's good-fit score can be reached with the points there are.", "error")
def icp_good_fit_reachable(s: Scope) -> Iterator[Spot]:
    strategy = s.one("strategy")
    scoring = strategy.icp.scoring if strategy and strategy.icp else None
    if scoring is None:
        return
    best = sum(maximum_of(f) for f in scoring.factors)
    if scoring.good_fit > best:
        yield s.at(
            strategy,
            ("icp", "scoring", "good_fit"),
            f"no account can reach the good-fit score {scoring.good_fit}: the factors give at most {best}",
        )
    elif scoring.maximum is not None and scoring.maximum != best:
        yield s.at(
            strategy,
            ("icp", "scoring", "maximum"),
            f"the maximum says {scoring.maximum}, but the factors give at most {best}",
        )


def _n(value: float) -> str:
    return "any" if value in (float("inf"), float("-inf")) else f"{value:g}"
