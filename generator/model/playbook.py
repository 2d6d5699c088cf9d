"""The resolved playbook: every entity's view, in reading order, and where each one's page is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.model.collections import COLLECTIONS
from generator.model.forecast_views import ForecastView
from generator.model.rule_views import DocumentView, PolicyView
from generator.model.views import (
    CoachingView,
    CompetitorView,
    FrameworkView,
    MeetingView,
    MethodView,
    MetricView,
    PersonaView,
    PhilosophyView,
    ProcessView,
    RoleView,
    StageView,
    StrategyView,
    ValueView,
    View,
)

# Where each collection's pages are, and which view shows it.
PAGES: dict[str, tuple[str, type[View[Any]]]] = {
    "processes": ("process", ProcessView),
    "stages": ("stages", StageView),
    "forecast": ("forecast", ForecastView),
    "qualification": ("qualification", FrameworkView),
    "value": ("value", ValueView),
    "competitors": ("competitors", CompetitorView),
    "personas": ("personas", PersonaView),
    "roles": ("roles", RoleView),
    "methods": ("methods", MethodView),
    "metrics": ("metrics", MetricView),
    "coaching": ("coaching", CoachingView),
    "meetings": ("meetings", MeetingView),
    "policies": ("policies", PolicyView),
    "documents": ("documents", DocumentView),
}


@dataclass
class Playbook:
    """The whole resolved playbook, every list in reading order."""

    philosophy: PhilosophyView | None
    strategy: StrategyView | None
    processes: list[ProcessView]
    stages: list[StageView]
    forecast: list[ForecastView]
    qualification: list[FrameworkView]
    value: list[ValueView]
    competitors: list[CompetitorView]
    personas: list[PersonaView]
    roles: list[RoleView]
    methods: list[MethodView]
    metrics: list[MetricView]
    coaching: list[CoachingView]
    meetings: list[MeetingView]
    policies: list[PolicyView]
    documents: list[DocumentView]

    def views(self) -> list[tuple[str, View[Any]]]:
        """Every entity's view with its collection, in reading order."""
        found: list[tuple[str, View[Any]]] = []
        for name in COLLECTIONS:
            value = getattr(self, name)
            for view in value if isinstance(value, list) else ([value] if value is not None else []):
                found.append((name, view))
        return found

    def entity_pages(self) -> dict[tuple[str, str], str]:
        """Where each entity's page is, by the kind and id that a link in text names it with."""
        return {(COLLECTIONS[name].kind, view.id): view.page for name, view in self.views()}

    @property
    def lead_metrics(self) -> list[MetricView]:
        return [x for x in self.metrics if x.entity.kind == "lead"]

    @property
    def lag_metrics(self) -> list[MetricView]:
        return [x for x in self.metrics if x.entity.kind == "lag"]


def by_name(views: Iterable[Any]) -> list[Any]:
    return sorted(views, key=lambda v: (v.title.casefold(), v.id))
