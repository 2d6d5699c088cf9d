"""The metrics collection."""

from __future__ import annotations

import datetime  # noqa: F401
from typing import Literal  # noqa: F401

from generator.model.base import (  # noqa: F401
    Entity,
    Hideable,
    Id,
    MethodRef,
    MetricRef,
    Name,
    Part,
    PersonaRef,
    RoleRef,
    StageRef,
    Text,
    field,
)
from generator.model.lines import Line  # noqa: F401


class Metric(Entity):
    """A lead metric (a behaviour a rep controls) or a lag metric (a result)."""

    name: Name = field("Name of the metric.", "Economic-buyer meetings")
    kind: Literal["lead", "lag"] = field("'lead' for behaviours a rep controls, 'lag' for results.", "lead")
    definition: Text = field("Exactly what counts.", "A meeting in which the budget holder spoke.")
    unit: Name = field("Unit of measurement.", "meetings per week")
    how_measured: Text = field("Where the number comes from.", "CRM activity with the 'EB present' box ticked.")
    drives: list[MetricRef] = field("Ids of the metrics this one moves (lead to lag).", ["win-rate"], default=[])
    target: str | None = field("The current target, if there is one.", "2 per week", default=None)
