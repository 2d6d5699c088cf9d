"""The roles collection."""

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


class TenureTrack(Hideable):
    tenure: Literal["new", "tenured"] = field("Which reps the track is for.", "new")
    description: Text = field("Who is on this track and when they move on.", "First two quarters in the role.")
    focus_metrics: list[MetricRef] = field(
        "Ids of the 1-3 lead metrics this track focuses on now.", ["qualified-meetings"], min_length=1, max_length=3
    )
    lag_metrics: list[MetricRef] = field("Ids of the lag metrics the track is judged on.", ["win-rate"], default=[])


class Responsibility(Hideable):
    what: Text = field("What the role is accountable for.", "Build pipeline in named accounts.")
    measured_by: list[MetricRef] = field("Ids of the metrics that measure it.", ["pipeline-created"], default=[])


class Expectations(Part):
    stop: list[Line] = field(
        "What people in this role should stop doing.", ["Demoing in the first meeting."], min_length=1
    )
    start: list[Line] = field("What they should start doing.", ["Sending a written recap within a day."], min_length=1)
    continue_: list[Line] = field(
        "What they should keep doing.", ["Multi-threading early."], alias="continue", min_length=1
    )


class Role(Entity):
    """A sales role: purpose, responsibilities, focus metrics per tenure and expectations."""

    name: Name = field("Name of the role.", "Account Executive")
    motion: Literal["hunter", "farmer", "hybrid", "specialist", "leader"] = field(
        "How the role sells: hunters win new logos, farmers grow existing customers.", "hunter"
    )
    purpose: Text = field("Why the role exists, in the customer's terms.", "Bring new plants onto the platform.")
    responsibilities: list[Responsibility] = field(
        "What the role is accountable for, and the metrics that measure each part.",
        [{"what": "Build pipeline in named accounts.", "measured_by": ["pipeline-created"]}],
        min_length=1,
    )
    tenure_tracks: list[TenureTrack] = field(
        "Focus metrics for new and tenured people.",
        [
            {
                "tenure": "new",
                "description": "First two quarters in the role.",
                "focus_metrics": ["qualified-meetings"],
                "lag_metrics": ["win-rate"],
            }
        ],
        min_length=1,
    )
    compensated_on: list[MetricRef] = field("Ids of the metrics the role is paid on.", ["new-logo-revenue"], default=[])
    expectations: Expectations = field(
        "What people in this role should stop, start and continue doing.",
        {
            "stop": ["Demoing in the first meeting."],
            "start": ["Sending a written recap within a day."],
            "continue": ["Multi-threading early."],
        },
    )
    manager_commitments: list[Line] = field(
        "What people in this role can expect from their manager.", ["A weekly 30-minute 1:1."], min_length=1
    )
