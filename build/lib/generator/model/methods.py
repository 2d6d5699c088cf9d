"""methods/: how we sell — talk tracks, question banks, insights, objection handling."""

from __future__ import annotations

from typing import Literal

from generator.model.base import Entity, StageRef, field, optional
from generator.model.conditions import Condition
from generator.model.lines import Line
from generator.model.text import Name, Text


class Method(Entity):
    """How we sell: a talk track, question bank, insight or objection handler."""

    name: Name = field("Name of the method.", "Downtime cost discovery")
    kind: Literal["talk-track", "question-bank", "insight", "objection", "other"] | None = optional(
        "What kind of method it is.", "question-bank"
    )
    summary: Text | None = optional(
        "What the method is for, in one or two sentences.", "Turns vague pain into a number."
    )
    when_to_use: Text | None = optional("The situation that calls for it.", "Early discovery with operations buyers.")
    when: Condition | None = optional("Which deals it is for (left out: every deal).", {"segments": ["mid-market"]})
    stages: list[StageRef] = optional("Ids of the stages where it is used (a stage may also list it).", ["discovery"])
    steps: list[Line] = optional("Steps or talk-track lines, in order.", ["Ask about the last unplanned stop."])
    questions: list[Line] = optional(
        "Questions to ask; the first three are the key ones, shown on stage pages.",
        ["What did the last unplanned stop cost?"],
    )
    examples: list[Line] = optional("Worked examples.", ["At a bottling plant, one stop cost a full shift of output."])
