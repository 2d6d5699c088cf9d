"""personas/: buyer personas."""

from __future__ import annotations

from generator.model.base import Entity, StageRef, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text


class Persona(Entity):
    """A buyer persona: what they care about and what is on their mind."""

    name: Name = field("The persona's job title as buyers use it.", "Plant Manager")
    summary: Text | None = optional(
        "Who they are in one or two sentences.", "Owns output, safety and cost for one site."
    )
    priorities: list[Line] = optional("What they are measured on.", ["Overall equipment effectiveness"])
    values: list[Line] = optional("What they value in a supplier.", ["Proof from a similar plant"])
    questions: list[Line] = optional("Questions on their mind when they meet us.", ["Will this add work for my team?"])
    stages: list[StageRef] = optional("Ids of the stages where this persona is involved.", ["discovery"])
