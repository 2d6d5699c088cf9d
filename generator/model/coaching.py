"""The coaching collection."""

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


class RubricLevel(Hideable):
    rating: int = field("The score, 1 (lowest) upwards.", 1, ge=1, le=5)
    label: Name = field("Short name of the level.", "Developing")
    description: Text = field("What the manager sees at this level.", "Asks about pain but accepts the first answer.")


class CoachingScript(Entity):
    """A coaching conversation a manager runs in a 1:1 to build one behaviour."""

    name: Name = field("Title of the script.", "Quantify the pain")
    behaviour: Text = field("The behaviour being coached.", "Puts a number on the buyer's problem.")
    moves: list[MetricRef] = field("Ids of the metrics this behaviour moves.", ["documented-pain-calls"], min_length=1)
    roles: list[RoleRef] = field("Ids of the roles it is for.", ["account-executive"], min_length=1)
    stages: list[StageRef] = field("Ids of the stages it applies to.", ["discovery"], min_length=1)
    methods: list[MethodRef] = field("Ids of the methods it reinforces.", ["downtime-cost"], default=[])
    cadence: Text = field("When and how often to run it.", "Weekly, after a call recording is available.")
    prepare: list[Line] = field("What the manager prepares beforehand.", ["Listen to one call."], min_length=1)
    open: Text = field("How the manager opens the conversation.", "Let's look at Tuesday's call together.")
    questions: list[Line] = field("Questions the manager asks.", ["What did it cost them?"], min_length=1)
    observe: list[Line] = field("What to look for (a checklist).", ["Rep asked for a number."], min_length=1)
    rubric: list[RubricLevel] = field(
        "How to rate the behaviour: at least two levels.",
        [
            {"rating": 1, "label": "Developing", "description": "Accepts the first answer."},
            {"rating": 3, "label": "Proficient", "description": "Gets the buyer to name a number."},
        ],
        min_length=2,
    )
    commitments: list[Line] = field(
        "What the rep commits to before the next 1:1.", ["Ask the cost question on every call."], min_length=1
    )
