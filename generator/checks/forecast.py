"""Health rules of the forecast: every category can be held somewhere, and probabilities rise along a process."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.registry import Scope, Spot, rule


@rule("forecast-category-held", "Every forecast category (but closed business, the floor) is one some stage may hold.")
def forecast_category_held(s: Scope) -> Iterator[Spot]:
    defaults = {getattr(x, "forecast_category", None) for x in s.all("stages")}
    for category in s.all("forecast"):
        if category.stages or category.id in defaults or category.roll_up == "floor":
            continue  # a floor category holds closed deals: outcomes, not stages
        yield s.at(
            category,
            ("name",),
            f"no stage may hold forecast category '{category.id}': list the stages under 'stages'",
        )


@rule("probability-rises", "Win probabilities do not go down along a process's stages.")
def probability_rises(s: Scope) -> Iterator[Spot]:
    stages = s.validated.entities["stages"]
    for process in s.all("processes"):
        previous = None
        for stage_id in process.stages:
            stage = stages.get(stage_id)
            probability = getattr(stage, "probability", None)
            if stage is None or probability is None:
                continue
            if previous is not None and probability < previous[1]:
                yield s.at(
                    stage,
                    ("probability",),
                    f"probability {probability:g} is lower than {previous[1]:g} at '{previous[0]}', "
                    f"the stage before it in process '{process.id}'",
                )
            previous = (stage_id, probability)
