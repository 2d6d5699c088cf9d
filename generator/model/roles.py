"""roles/: sales roles — purpose, levels, responsibilities, focus metrics, expectations."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from generator.model.base import Entity, Hideable, Id, MetricRef, Part, RoleRef, field, optional
from generator.model.conditions import Condition
from generator.model.lines import Line
from generator.model.strategy import slug
from generator.model.text import Name, Text


class TenureTrack(Hideable):
    tenure: Name = field("Which people the track is for: new, tenured, or the team's own words.", "new")
    description: Text | None = optional(
        "Who is on this track and when they move on.", "First two quarters in the role."
    )
    focus_metrics: list[MetricRef] = field(
        "Ids of the 1-3 lead metrics this track focuses on now.",
        ["qualified-meetings"],
        default_factory=list,
        max_length=3,
    )
    lag_metrics: list[MetricRef] = optional("Ids of the lag metrics the track is judged on.", ["win-rate"])


class Level(Hideable):
    """A job level within the role (P3-P6), with what it carries."""

    id: Id | None = field("Id targets refer to (`level: p4`); left out, it is made from the name.", "p4", default=None)
    name: Name = field("The job level's title.", "Senior Account Executive")
    description: Text | None = optional("What sets this level apart.", "Owns deals above $100k without help.")
    scope: Text | None = optional(
        "The deals, accounts or territory it covers.", "Chains of 20-200 stores in one region."
    )
    quota: Name | None = optional("Its quota, as the team states it.", "$600k new ARR a year")

    @model_validator(mode="after")
    def _id_from_name(self) -> Level:
        self.id = self.id or slug(self.name)
        return self


class Variant(Hideable):
    """A variant of the role that works differently (inbound, outbound, partner-sourced)."""

    id: Id | None = field(
        "Id targets refer to (`variant: inbound`); left out, it is made from the name.", "inbound", default=None
    )
    name: Name = field("Name of the variant.", "Inbound SDR")
    description: Text | None = optional("How it differs.", "Works the leads that come in through the website.")
    when: Condition | None = optional("Which deals or leads it works.", {"attributes": {"source": ["inbound"]}})

    @model_validator(mode="after")
    def _id_from_name(self) -> Variant:
        self.id = self.id or slug(self.name)
        return self


class Responsibility(Hideable):
    """What a role is accountable for, in words, or only by the metrics that measure it."""

    what: Text | None = optional("What the role is accountable for.", "Build pipeline in named accounts.")
    measured_by: list[MetricRef] = optional("Ids of the metrics that measure it.", ["pipeline-created"])

    @model_validator(mode="after")
    def _says_something(self) -> Responsibility:
        if self.what is None and not self.measured_by:
            raise PydanticCustomError(
                "empty_responsibility",
                "write what the role is accountable for ('what'), or the metrics that measure it ('measured_by')",
            )
        return self


class Expectations(Part):
    stop: list[Line] = optional("What people in this role should stop doing.", ["Demoing in the first meeting."])
    start: list[Line] = optional("What they should start doing.", ["Sending a written recap within a day."])
    continue_: list[Line] = field(
        "What they should keep doing.", ["Multi-threading early."], alias="continue", default_factory=list
    )


class Role(Entity):
    """A sales role: purpose, responsibilities, focus metrics per tenure and expectations."""

    name: Name = field("Name of the role.", "Account Executive")
    order: int | None = optional("Where the role comes in lists and the matrix (1 first); else by the process.", 2)
    motion: Literal["hunter", "farmer", "hybrid", "specialist", "leader"] | None = optional(
        "How the role sells: hunters win new logos, farmers grow existing customers.", "hunter"
    )
    purpose: Text | None = optional(
        "Why the role exists, in the customer's terms.", "Bring new plants onto the platform."
    )
    variants: list[Variant] = optional(
        "Variants of the role that work differently (apart from its levels).", [{"name": "Inbound SDR"}]
    )
    levels: list[Level] = optional("Job levels within the role.", [{"name": "Senior Account Executive"}])
    span: Name | None = optional("For a role that manages: how many it manages, in words.", "manages 3-10 reps")
    team_size: Name | None = optional("How many people hold the role, in words or a number.", "12 in two regions")
    reports_to: RoleRef | None = optional("Id of the role this one reports to.", "sales-manager")
    responsibilities: list[Responsibility] = optional(
        "What the role is accountable for, and the metrics that measure each part.",
        [{"what": "Build pipeline in named accounts.", "measured_by": ["pipeline-created"]}],
    )
    tenure_tracks: list[TenureTrack] = optional(
        "Focus metrics for new and tenured people (1-3 lead metrics each).",
        [{"tenure": "new", "focus_metrics": ["qualified-meetings"], "lag_metrics": ["win-rate"]}],
    )
    compensated_on: list[MetricRef] = optional("Ids of the metrics the role is paid on.", ["new-logo-revenue"])
    expectations: Expectations | None = optional(
        "What people in this role should stop, start and continue doing.",
        {
            "stop": ["Demoing in the first meeting."],
            "start": ["Sending a recap within a day."],
            "continue": ["Multi-threading early."],
        },
    )
    manager_commitments: list[Line] = optional(
        "What people in this role can expect from their manager.", ["A weekly 30-minute 1:1."]
    )
