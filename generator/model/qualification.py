"""qualification/: a deal-qualification framework (MEDDICC, BANT, SPICED or the company's own)."""

from __future__ import annotations

from generator.model.base import Entity, Hideable, Id, Part, StageRef, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text


class StageSpan(Part):
    """A range of stages, in the order of the process that holds them, both ends included."""

    from_: StageRef = field("Id of the first stage.", "discovery", alias="from")
    to: StageRef = field("Id of the last stage.", "proposal")


class Element(Hideable):
    """One thing to know about a deal, and by when."""

    id: Id = field("Id of the element; others refer to it as framework.element.", "economic-buyer")
    letter: Name | None = optional("The letter or short label it has in the framework.", "E")
    name: Name = field("Name of the element.", "Economic buyer")
    meaning: Text | None = optional("What it means for a deal.", "The person who can release the budget.")
    questions: list[Line] = optional("Questions that uncover it.", ["Who signs off a purchase of this size?"])
    evidence: list[Line] = optional("What counts as known.", ["We met them and they named the budget."])
    due: StageRef | None = optional("Id of the stage by which it must be known.", "discovery")
    worked_in: list[StageRef] | StageSpan = field(
        "The stages in which it is worked on: a list of ids, or a range ({from: discovery, to: proposal}).",
        ["discovery", "demo"],
        default_factory=list,
    )


class Framework(Entity):
    """A qualification framework: what must be known about a deal, and by which stage."""

    name: Name = field("Name of the framework.", "MEDDICC")
    summary: Text | None = optional("What it is for, in a sentence or two.", "What we must know to forecast a deal.")
    elements: list[Element] = optional(
        "Its elements, in the framework's order.",
        [{"id": "economic-buyer", "letter": "E", "name": "Economic buyer", "due": "discovery"}],
    )
