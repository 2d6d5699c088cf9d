"""metrics/: lead metrics (behaviours a rep controls) and lag metrics (results)."""

from __future__ import annotations

from typing import Literal

from generator.model.base import Entity, MetricRef, field, optional
from generator.model.text import Name, Text


class Metric(Entity):
    """A lead metric (a behaviour a rep controls) or a lag metric (a result)."""

    name: Name = field("Name of the metric.", "Economic-buyer meetings")
    kind: Literal["lead", "lag"] = field("'lead' for behaviours a rep controls, 'lag' for results.", "lead")
    definition: Text | None = optional("Exactly what counts.", "A meeting in which the budget holder spoke.")
    unit: Name | None = optional("Unit of measurement.", "meetings per week")
    how_measured: Text | None = optional(
        "Where the number comes from.", "CRM activity with the 'EB present' box ticked."
    )
    target: Name | None = optional("The current target, if there is one.", "2 per week")
    drives: list[MetricRef] = optional("Ids of the metrics this one moves (lead to lag).", ["win-rate"])
