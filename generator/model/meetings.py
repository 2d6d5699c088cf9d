"""meetings/: the cadence of execution — deal reviews, forecast calls, pipeline and account reviews."""

from __future__ import annotations

from typing import Literal

from generator.model.base import (
    Entity,
    ForecastRef,
    FrameworkRef,
    Hideable,
    RoleRef,
    RubricLevel,
    StageRef,
    field,
    optional,
)
from generator.model.conditions import Condition
from generator.model.lines import Line
from generator.model.text import Name, Text

MeetingKind = Literal["deal-review", "forecast-call", "pipeline-review", "account-plan-review", "one-to-one", "other"]


class AgendaItem(Hideable):
    part: Name = field("What this part of the meeting covers.", "Deals at risk")
    minutes: int = field("How long it takes, in minutes.", 10, ge=1, le=600)
    notes: Text | None = optional("How to run it.", "Each rep names one deal and the next step.")


class Meeting(Entity):
    """A meeting format: who comes, how often, which deals, a timed agenda and what comes out."""

    name: Name = field("Name of the meeting.", "Deal review")
    kind: (
        Literal["deal-review", "forecast-call", "pipeline-review", "account-plan-review", "one-to-one", "other"] | None
    ) = optional("What sort of meeting it is.", "deal-review")
    purpose: Text | None = optional("What the meeting is for.", "Decide the next step on the deals that matter most.")
    attendees: list[RoleRef] = optional("Ids of the roles that attend.", ["account-executive", "sales-manager"])
    also: list[Line] = optional("Who else attends, in words.", ["The solutions engineer on the deal, if any."])
    cadence: Text | None = optional(
        "When it happens, as the team says it.", "Live on the 15th and in the last five working days of the month."
    )
    brings: Text | None = optional("Which deals are brought, in words.", "Every deal in stage 3 or later.")
    when: Condition | None = optional("Which deals are brought, as a condition.", {"at_least": 100000})
    agenda: list[AgendaItem] = optional(
        "The parts of the meeting, in order, with their minutes.", [{"part": "Deals at risk", "minutes": 10}]
    )
    questions: list[Line] = optional("The questions asked, in order.", ["What has the buyer done since last week?"])
    outputs: list[Line] = optional("What comes out of it.", ["A next step with a date for each deal."])
    stages: list[StageRef] = optional("Ids of the stages whose deals it reviews, where one applies.", ["proposal"])
    qualification: list[FrameworkRef] = optional("Ids of the qualification frameworks it checks.", ["meddicc"])
    forecast_categories: list[ForecastRef] = optional(
        "Ids of the forecast categories whose deals it reviews or calls (content/forecast/).", ["commit"]
    )
    rubric: list[RubricLevel] = optional(
        "How to rate a deal or a rep, where there is a scale.", [{"rating": 1, "label": "At risk"}]
    )
