"""metrics/: lead metrics (behaviours a rep controls) and lag metrics (results), with their targets.

A metric's target often varies: by role, role variant or level, by segment or tenure track, by
period (each quarter, or cumulative through Q3). ``targets`` lists each as written; ``actual``
records where the number stands, and when.
"""

from __future__ import annotations

import datetime
from typing import Literal

from generator.model.base import Entity, Hideable, Id, MetricRef, Part, RoleRef, SegmentRef, field, optional
from generator.model.conditions import Amount, Condition
from generator.model.text import Name, Text


class Target(Hideable):
    """One target value, and whom and when it is for (each part left out: everyone, always)."""

    value: Amount = field("The target, as a number.", 12)
    unit: Name | None = optional("Its unit, if not the metric's.", "meetings per quarter")
    role: RoleRef | None = optional("Id of the role the target is for.", "account-executive")
    variant: Id | None = optional("Id of a variant of that role (roles/: variants).", "inbound")
    level: Id | None = optional("Id of a level of that role (roles/: levels).", "p4")
    track: Name | None = optional("The tenure track of that role it is for (its 'tenure').", "new")
    segment: SegmentRef | None = optional("Id of the segment (strategy.yml) it is for.", "mid-market")
    period: Name | None = optional("The period it covers, as the team says it.", "Q3")
    cumulative: bool = field("True when it counts from the start of the year through the period.", True, default=False)
    when: Condition | None = optional("Which deals it counts (left out: every deal).", {"at_least": 10000})
    note: Text | None = optional("Anything else about it.", "Ramps to the full target in the third month.")


class Actual(Part):
    """Where the metric stands, and on which date."""

    value: Amount = field("The measured value.", 9)
    on: datetime.date = field("The date it was measured (YYYY-MM-DD).", "2027-03-31")
    note: Text | None = optional("Where it comes from, or what it covers.", "Quarter to date, all regions.")


class Metric(Entity):
    """A lead metric (a behaviour a rep controls) or a lag metric (a result)."""

    name: Name = field("Name of the metric.", "Economic-buyer meetings")
    kind: Literal["lead", "lag"] | None = optional(
        "'lead' for behaviours a rep controls, 'lag' for results; left out when it is not known.", "lead"
    )
    definition: Text | None = optional("Exactly what counts.", "A meeting in which the budget holder spoke.")
    unit: Name | None = optional("Unit of measurement.", "meetings per week")
    how_measured: Text | None = optional(
        "Where the number comes from.", "CRM activity with the 'EB present' box ticked."
    )
    target: Name | None = optional("The current target in words, if there is one for everyone.", "2 per week")
    targets: list[Target] = optional(
        "Targets that vary by role, variant, level, track, segment or period.",
        [{"value": 12, "role": "account-executive", "period": "Q1"}],
    )
    actual: Actual | None = optional("Where the metric stands now.", {"value": 9, "on": "2027-03-31"})
    drives: list[MetricRef] = optional("Ids of the metrics this one moves (lead to lag).", ["win-rate"])
