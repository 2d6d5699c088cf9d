"""Forecast categories resolved: the stages that may hold each, the stages that default to it, the
meetings that review it; and on each stage, its category and its time box's conditions resolved.

``resolve.py`` calls :func:`link_forecast` once every stage and meeting has its view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.model import forecast
from generator.model.conditions import Condition
from generator.model.lines import Line
from generator.model.view import View
from generator.model.views import ConditionView, Item, MeetingView, StageView


@dataclass(eq=False, repr=False)
class ForecastView(View[forecast.ForecastCategory]):
    stages: list[StageView] = field(default_factory=list)  # stages that may hold it, in stage order
    default_for: list[StageView] = field(default_factory=list)  # stages whose default it is
    meetings: list[MeetingView] = field(default_factory=list)
    entry_rules: list[Item] = field(default_factory=list)
    conventions: list[Item] = field(default_factory=list)

    @property
    def roll_up_text(self) -> str:
        return forecast.ROLL_UP.get(self.entity.roll_up or "", "")

    @property
    def salesforce(self) -> str:
        return forecast.salesforce_category(self.entity)


def in_forecast_order(views: Iterable[ForecastView]) -> list[ForecastView]:
    """Categories by their ``order``, then by name."""
    return sorted(views, key=lambda c: (c.entity.order or 10_000, c.title.casefold(), c.id))


def link_forecast(
    categories: dict[str, ForecastView],
    stage_order: list[StageView],
    meetings: Iterable[MeetingView],
    items: Callable[[Iterable[Line]], list[Item]],
    condition: Callable[[Condition | None], ConditionView | None],
) -> list[ForecastView]:
    """Connect categories, stages and meetings both ways; the categories come back in order."""
    for stage in stage_order:
        s = stage.entity
        stage.forecast = categories.get(s.forecast_category) if s.forecast_category else None
        if stage.forecast is not None:
            stage.forecast.default_for.append(stage)
        if s.time_box is not None:
            stage.time_box_longer = [(x.days, condition(x.when)) for x in s.time_box.longer]
    ordered = in_forecast_order(categories.values())
    for category in ordered:
        allowed = set(category.entity.stages)
        category.stages = [s for s in stage_order if s.id in allowed]
        category.entry_rules = items(category.entity.entry_rules)
        category.conventions = items(category.entity.conventions)
    for meeting in meetings:
        meeting.forecast_categories = [categories[i] for i in meeting.entity.forecast_categories if i in categories]
        for category in meeting.forecast_categories:
            category.meetings.append(meeting)
    return ordered
