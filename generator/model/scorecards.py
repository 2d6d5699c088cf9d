"""scorecards/: scoring models — a lead score, a product-qualified grade, any fit score beside the
ICP's — each with the factors it scores, their bands or answers and points, and the named grades a
total earns (A from 70, B from 40).

The ICP's own fit score (``strategy.yml`` ``icp.scoring``) is the same shape with one threshold,
``good_fit``; both are shown by the same table and worked out by the same offline calculator.
"""

from __future__ import annotations

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from generator.model.base import Entity, Part, RoleRef, field, optional
from generator.model.strategy import Factor
from generator.model.text import Name, Text


class Grade(Part):
    """A named grade a total earns, from a score up to the next grade's."""

    name: Name = field("The grade as the team says it.", "A")
    at_least: int = field("The lowest total that earns it.", 70)
    description: Text | None = optional(
        "What happens to a lead or an account with this grade.", "Call within the hour."
    )


class Scorecard(Entity):
    """A scoring model: what is scored, the points each answer gives, and the grades of the total."""

    name: Name = field("Name of the scorecard.", "Lead score")
    summary: Text | None = optional(
        "What it scores, when, and who reads the result.", "Scores every inbound lead before it is routed."
    )
    scores: Name | None = optional("What one score is given to, in a word or two.", "inbound lead")
    factors: list[Factor] = field("What is scored, with its points.", [{"name": "Stores"}], min_length=1)
    thresholds: list[Grade] = optional(
        "The named grades of the total, each from its lowest score (`at_least`).",
        [{"name": "A", "at_least": 70}, {"name": "B", "at_least": 40}],
    )
    maximum: int | None = optional("The highest possible score, if not the sum of each factor's best.", 100)
    roles: list[RoleRef] = optional("Ids of the roles who score with it or act on its grades.", ["sdr"])

    @field_validator("thresholds")
    @classmethod
    def _distinct(cls, grades: list[Grade]) -> list[Grade]:
        names = [g.name.casefold() for g in grades]
        for g in grades:
            if names.count(g.name.casefold()) > 1:
                raise PydanticCustomError(
                    "grade_named_twice", "two grades are named '{name}': give each grade its own name", {"name": g.name}
                )
        return grades
