"""The personas collection."""

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


class Persona(Entity):
    """A buyer persona: what they care about and what is on their mind."""

    name: Name = field("The persona's job title as buyers use it.", "Plant Manager")
    summary: Text = field("Who they are in one or two sentences.", "Owns output, safety and cost for one site.")
    priorities: list[Line] = field("What they are measured on.", ["Overall equipment effectiveness"], min_length=1)
    values: list[Line] = field("What they value in a supplier.", ["Proof from a similar plant"], min_length=1)
    questions: list[Line] = field(
        "Questions on their mind when they meet us.", ["Will this add work for my team?"], min_length=1
    )
    stages: list[StageRef] = field("Ids of the stages where this persona is involved.", ["discovery"], default=[])
