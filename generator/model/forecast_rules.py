"""Rules across files for forecast categories: a stage's default category must allow the stage, and
the stage's probability must not be under the category's minimum."""

from __future__ import annotations

from generator.errors import Problem
from generator.model.forecast import ForecastCategory
from generator.model.validated import Validated


def check_forecast(validated: Validated) -> list[Problem]:
    """A stage's default category allows the stage; a stage's probability is not under its category's minimum."""
    problems = []
    categories = validated.entities.get("forecast", {})
    for stage in validated.entities["stages"].values():
        ref = getattr(stage, "forecast_category", None)
        category = categories.get(ref) if ref else None
        if not isinstance(category, ForecastCategory):
            continue  # unknown ids are reported with the other references
        doc = validated.documents[("stages", stage.id)]
        if category.stages and stage.id not in category.stages:
            allowed = ", ".join(category.stages)
            problems.append(
                doc.problem(
                    ("forecast_category",),
                    f"forecast category '{ref}' does not allow stage '{stage.id}' (it allows: {allowed}); "
                    f"add '{stage.id}' to its stages in content/forecast/{ref}.yml, or name another category",
                )
            )
        probability = getattr(stage, "probability", None)
        if probability is not None and category.min_probability is not None and probability < category.min_probability:
            problems.append(
                doc.problem(
                    ("probability",),
                    f"probability {probability:g} is under the minimum of its forecast category '{ref}' "
                    f"({category.min_probability:g})",
                )
            )
    return problems
