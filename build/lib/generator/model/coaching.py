"""coaching/: coaching scripts a manager runs in a 1:1 to build one behaviour."""

from __future__ import annotations

from generator.model.base import (
    Entity,
    MethodRef,
    MetricRef,
    RoleRef,
    RubricLevel,
    StageRef,
    field,
    optional,
)
from generator.model.lines import Line
from generator.model.text import Name, Text


class CoachingScript(Entity):
    """A coaching conversation a manager runs in a 1:1 to build one behaviour."""

    name: Name = field("Title of the script.", "Quantify the pain")
    behaviour: Text | None = optional("The behaviour being coached.", "Puts a number on the buyer's problem.")
    moves: list[MetricRef] = optional("Ids of the metrics this behaviour moves.", ["documented-pain-calls"])
    roles: list[RoleRef] = optional("Ids of the roles it is for.", ["account-executive"])
    stages: list[StageRef] = optional("Ids of the stages it applies to (a stage may also list it).", ["discovery"])
    methods: list[MethodRef] = optional("Ids of the methods it reinforces.", ["downtime-cost"])
    cadence: Text | None = optional("When and how often to run it.", "Weekly, after a call recording is available.")
    prepare: list[Line] = optional("What the manager prepares beforehand.", ["Listen to one call."])
    open: Text | None = optional("How the manager opens the conversation.", "Let's look at Tuesday's call together.")
    questions: list[Line] = optional("Questions the manager asks.", ["What did it cost them?"])
    observe: list[Line] = optional("What to look for (a checklist).", ["Rep asked for a number."])
    rubric: list[RubricLevel] = optional(
        "How to rate the behaviour, where the team has a scale.",
        [{"rating": 1, "label": "Developing"}, {"rating": 3, "label": "Proficient"}],
    )
    commitments: list[Line] = optional("What the rep commits to before the next 1:1.", ["Ask the cost question."])
