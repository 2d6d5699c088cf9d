"""The methods collection."""

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


class Method(Entity):
    """How we sell: a talk track, question bank, insight or objection handler."""

    name: Name = field("Name of the method.", "Downtime cost discovery")
    kind: Literal["talk-track", "question-bank", "insight", "objection"] = field(
        "What kind of method it is.", "question-bank"
    )
    summary: Text = field("What the method is for, in one or two sentences.", "Turns vague pain into a number.")
    when_to_use: Text = field("The situation that calls for it.", "Early discovery with operations buyers.")
    stages: list[StageRef] = field("Ids of the stages where it is used.", ["discovery"], min_length=1)
    steps: list[Line] = field(
        "Steps or talk-track lines, in order.", ["Ask about the last unplanned stop."], default=[]
    )
    questions: list[Line] = field("Questions to ask.", ["What did the last unplanned stop cost?"], default=[])
    examples: list[Line] = field(
        "Worked examples.", ["At a bottling plant, one stop cost a full shift of output."], default=[]
    )
