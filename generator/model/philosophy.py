"""The philosophy collection."""

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


class Principle(Hideable):
    name: Name = field("A short name for the principle.", "Diagnose before you prescribe")
    description: Text = field("What the principle means in practice.", "We do not demo until we can name the pain.")


class EthicalLine(Hideable):
    guideline: Text = field("A line that no quota overrides.", "We never promise a roadmap date we do not own.")
    dilemma: Text = field(
        "A realistic situation where the line is tested.",
        "It is the last day of the quarter and the buyer asks for a discount we are not allowed to give.",
    )
    answer: Text = field("What we do in that situation, and why.", "We say we do not know and find out.")


class Philosophy(Entity):
    """Why we sell: purpose, identity, principles, ethics and what leaders commit to."""

    name: Name = field("Title of the philosophy page.", "Why we sell", default="Philosophy")
    purpose: Text = field(
        "Why the sales role exists, framed around the customer's results.",
        "We help operations leaders run plants that never stop unexpectedly.",
    )
    rep_identity: Text = field(
        "Who a rep is to the customer.", "A business-improvement advisor who happens to carry a quota."
    )
    principles: list[Principle] = field(
        "The principles that follow from the purpose.",
        [{"name": "Diagnose before you prescribe", "description": "We do not demo until we can name the pain."}],
        min_length=1,
    )
    ethics: list[EthicalLine] = field(
        "Ethical lines, each with a dilemma that tests it.",
        [
            {
                "guideline": "We never promise a roadmap date we do not own.",
                "dilemma": "A buyer will sign today if we promise a feature by June.",
                "answer": "We say we do not know and find out.",
            }
        ],
        min_length=1,
    )
    leader_commitments: list[Line] = field(
        "What sales leaders commit to model themselves.",
        ["We inspect pipeline the same way every week."],
        min_length=1,
    )
