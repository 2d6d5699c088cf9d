"""strategy.yml: where we play — priorities, segments, the ideal client profile, named thresholds."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from generator.model.base import Amount, Entity, Hideable, Id, Part, PersonaRef, field, optional
from generator.model.conditions import Attribute, Condition, Threshold
from generator.model.lines import Line
from generator.model.text import Name, Text


class Priority(Hideable):
    name: Name = field("The priority in a few words.", "Win mid-market food and beverage plants")
    description: Text | None = optional(
        "Why it matters this year and what it changes in the field.",
        "Food plants replace monitoring every five years; this year many contracts end.",
    )


def slug(name: str) -> str:
    """An id made from a name: ``Mid-market grocers`` → ``mid-market-grocers``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "segment"


class Segment(Hideable):
    id: Id | None = field(
        "Id used by conditions (`when: {segments: [...]}`) and thresholds; left out, it is made from the name.",
        "mid-market",
        default=None,
    )
    name: Name = field("Name of the target segment.", "Mid-market process manufacturers")
    description: Text | None = optional(
        "Who is in the segment and why we win there.", "Plants with 200-2,000 staff that run around the clock."
    )
    personas: list[PersonaRef] = optional("Ids of the buyer personas met in this segment.", ["plant-manager"])

    @model_validator(mode="after")
    def _id_from_name(self) -> Segment:
        if self.id is None:
            self.id = slug(self.name)
        return self


class IcpCriterion(Hideable):
    name: Name = field("The ICP criterion.", "Runs 24/7 production")
    description: Text | None = optional("How a rep verifies it.", "Ask for the shift pattern.")


class Band(Part):
    """A range of a measured factor and the points it scores."""

    label: Name | None = optional("How the range is said, if not by its numbers.", "Mid-sized")
    at_least: Amount | None = optional("The lowest value in the range.", 15)
    below: Amount | None = optional("The first value above the range.", 500)
    points: int = field("Points scored (negative to count against).", 6)


class Option(Part):
    """One answer to a factor that is not measured, and the points it scores."""

    label: Name = field("The answer.", "Personal e-mail address")
    points: int = field("Points scored (negative to count against).", -10)


class Factor(Part):
    name: Name = field("What is scored.", "Employees")
    unit: Name | None = optional("Unit of the measured value, for numeric bands.", "employees")
    description: Text | None = optional("Where the value comes from.", "From the company's own website.")
    bands: list[Band] = optional(
        "Ranges of a measured value and their points; the bands of one factor must not overlap.",
        [{"at_least": 15, "below": 500, "points": 6}],
    )
    options: list[Option] = optional(
        "Answers and their points, for a factor that is not a number.", [{"label": "Company domain", "points": 0}]
    )
    otherwise: int = field("Points when no band or option applies.", 0, default=0)


class Scoring(Part):
    factors: list[Factor] = field("What is scored, with its points.", [{"name": "Employees"}], min_length=1)
    good_fit: int = field("The score from which an account is a good fit.", 60)
    maximum: int | None = optional("The highest possible score, if not the sum of each factor's best.", 100)


class IdealClientProfile(Part):
    summary: Text | None = optional(
        "The ideal client in one or two sentences.", "A plant that loses money every hour a line stops."
    )
    criteria: list[IcpCriterion] = optional(
        "What makes an account a fit.", [{"name": "Runs 24/7 production", "description": "Ask for the shift pattern."}]
    )
    disqualifiers: list[Line] = optional("What rules an account out.", ["No maintenance team on site."])
    scoring: Scoring | None = optional(
        "Points that score how well an account fits, with the good-fit threshold.",
        {"good_fit": 60, "factors": [{"name": "Employees", "bands": [{"at_least": 15, "below": 500, "points": 6}]}]},
    )


class NamedException(Part):
    """A named way around a rule, written once: gates and criteria waive themselves by its id
    (``unless: fast-lane``), so the exception reads the same wherever it applies."""

    name: Name = field("The exception as the team says it.", "Fast lane")
    description: Text | None = optional(
        "Which deals qualify and what still applies.",
        "Repeat grocers adding stores under an existing framework agreement.",
    )
    when: Condition | None = optional(
        "The deals it covers, as a condition.", {"attributes": {"source": ["expansion"]}, "under": 20000}
    )
    approver: Name | None = optional("Who may grant it, in words.", "The regional sales manager")


class Strategy(Entity):
    """Where we play: priorities, segments, the ideal client profile, the off-profile rule and the
    deal-size thresholds that rules elsewhere refer to."""

    name: Name = field("Title of the strategy page.", "Strategy and ideal client profile", default="Strategy & ICP")
    currency: Name = field(
        "Currency of every amount in the playbook, unless a rule says otherwise.", "USD", default="USD"
    )
    priorities: list[Priority] = optional(
        "This year's strategic priorities for the field.",
        [{"name": "Win mid-market food plants", "description": "Contracts end this year."}],
    )
    segments: list[Segment] = optional(
        "Target segments.",
        [{"id": "mid-market", "name": "Mid-market process manufacturers", "personas": ["plant-manager"]}],
    )
    icp: IdealClientProfile | None = optional(
        "The ideal client profile.",
        {"summary": "A plant that loses money every hour a line stops.", "disqualifiers": ["No maintenance team."]},
    )
    off_profile_rule: Text | None = optional(
        "What a rep must state and who must agree before pursuing an off-profile deal (below the good-fit score).",
        "Write the rationale in the opportunity and get your manager's approval.",
    )
    thresholds: dict[Id, Threshold] = Field(
        default_factory=dict,
        description="Named deal sizes, by id, that conditions refer to (`when: {threshold: deal-plan}`).",
        examples=[{"deal-plan": {"name": "Deal plan", "amounts": {"small-business": 5000, "mid-market": 10000}}}],
    )
    exceptions: dict[Id, NamedException] = Field(
        default_factory=dict,
        description="Named exceptions, by id, that gates and criteria refer to (`unless: fast-lane`).",
        examples=[{"fast-lane": {"name": "Fast lane", "description": "Repeat grocers under an existing agreement."}}],
    )
    attributes: dict[Id, Attribute] = Field(
        default_factory=dict,
        description="The deal and account attributes conditions may name, by id: values, a number's unit, or a date.",
        examples=[
            {"source": {"values": ["inbound", "outbound", "partner"]}, "arr": {"unit": "USD"}, "closed": {"date": True}}
        ],
    )
