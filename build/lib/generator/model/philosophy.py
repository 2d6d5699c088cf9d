"""philosophy.yml: why we sell."""

from __future__ import annotations

from generator.model.base import Entity, Hideable, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text


class Principle(Hideable):
    name: Name = field("A short name for the principle.", "Diagnose before you prescribe")
    description: Text | None = optional(
        "What the principle means in practice.", "We do not demo until we can name the pain."
    )


class EthicalLine(Hideable):
    guideline: Text = field("A line that no quota overrides.", "We never promise a roadmap date we do not own.")
    dilemma: Text | None = optional(
        "A realistic situation where the line is tested.",
        "It is the last day of the quarter and the buyer asks for a discount we are not allowed to give.",
    )
    answer: Text | None = optional("What we do in that situation, and why.", "We say we do not know and find out.")


class Philosophy(Entity):
    """Why we sell: purpose, identity, principles, ethics and what leaders commit to."""

    name: Name = field("Title of the philosophy page.", "Why we sell", default="Philosophy")
    purpose: Text | None = optional(
        "Why the sales role exists, framed around the customer's results.",
        "We help operations leaders run plants that never stop unexpectedly.",
    )
    rep_identity: Text | None = optional(
        "Who a rep is to the customer.", "A business-improvement advisor who happens to carry a quota."
    )
    principles: list[Principle] = optional(
        "The principles that follow from the purpose.",
        [{"name": "Diagnose before you prescribe", "description": "We do not demo until we can name the pain."}],
    )
    ethics: list[EthicalLine] = optional(
        "Ethical lines, each with a dilemma that tests it and what we do.",
        [
            {
                "guideline": "We never promise a roadmap date we do not own.",
                "dilemma": "A buyer will sign today if we promise a feature by June.",
                "answer": "We say we do not know and find out.",
            }
        ],
    )
    leader_commitments: list[Line] = optional(
        "What sales leaders commit to model themselves.", ["We inspect pipeline the same way every week."]
    )
