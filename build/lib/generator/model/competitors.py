"""competitors/: battlecards — who they are, when we meet them, how we win."""

from __future__ import annotations

from generator.model.base import Entity, Hideable, MethodRef, PersonaRef, StageRef, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text


class Objection(Hideable):
    objection: Text = field("What the buyer says.", "Coldwatch is cheaper per store.")
    response: Text | None = optional("How we answer.", "Compare the cost of one spoiled delivery.")
    method: MethodRef | None = optional("Id of the objection method to use.", "objection-price")


class Competitor(Entity):
    """A battlecard: a competitor as buyers see it, and how we win against it."""

    name: Name = field("The competitor's name.", "Coldwatch")
    summary: Text | None = optional("Who they are, in a sentence or two.", "A hardware vendor selling loggers.")
    when_we_meet: Text | None = optional("When reps run into them.", "In tenders run by facilities teams.")
    stages: list[StageRef] = optional("Ids of the stages where they show up.", ["discovery"])
    personas: list[PersonaRef] = optional("Ids of the personas who favour them.", ["facilities-director"])
    strengths: list[Line] = optional("Their strengths, as buyers see them.", ["Low price per sensor."])
    weaknesses: list[Line] = optional("Their weaknesses, as buyers see them.", ["No alerts outside opening hours."])
    how_we_win: list[Line] = optional("How we win against them.", ["Bring the night-shift insight early."])
    trap_questions: list[Line] = optional(
        "Questions that bring their weaknesses to light.", ["Who is told when a freezer fails at 3 a.m.?"]
    )
    objections: list[Objection] = optional(
        "What buyers say when they compare us, and how we answer.",
        [{"objection": "Coldwatch is cheaper per store.", "response": "Compare the cost of one spoiled delivery."}],
    )
    wins: list[Line] = optional("Why we won against them.", ["The buyer had lost a night's stock before."])
    losses: list[Line] = optional("Why we lost against them.", ["Price was the only criterion."])
