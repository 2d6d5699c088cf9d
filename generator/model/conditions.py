"""Conditions: the deals a rule applies to, and named thresholds written once.

Many rules apply only to some deals: "fill in the deal plan from $5k in small business or $10k in
mid-market", "a deal review for stage 3+ deals of $100k or more", "SDR-sourced deals over $50k",
"accounts touched in the last 30 days". Any line, method and meeting may carry a ``when:``
condition. A condition compares the deal's amount strictly or inclusively (``over``, ``at_least``,
``under``, ``at_most``), names the deal and account attributes the playbook declares once in
strategy.yml (``attributes:``: a source, a product, current ARR, health, dates such as the close),
places the deal in a time window relative to one of those dates, and combines with ``all``, ``any``
and ``not``. Thresholds are named once in strategy.yml (``thresholds:``) and referred to by id, so
changing one is one edit.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from generator.model.base import (
    ID_PATTERN,
    Amount,
    Id,
    Part,
    ProcessRef,
    Ref,
    SegmentRef,
    StageRef,
    ThresholdRef,
    field,
    optional,
)
from generator.model.text import Name, Text

AttributeRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("attributes")]
# A length of time as written: "30 days", "1 month", "6 months", "2 weeks", "1 year".
DURATION = r"^[1-9][0-9]{0,3} (day|week|month|quarter|year)s?$"
Duration = Annotated[str, StringConstraints(pattern=DURATION)]
# How an amount or a number is compared, and how each comparison reads (as written).
COMPARISONS = {"over": "over", "at_least": "≥", "under": "under", "below": "<", "at_most": "at most"}


class Compare(Part):
    """A number compared, strictly (over, under) or inclusively (at least, at most)."""

    over: Amount | None = optional("More than this (strictly).", 50000)
    at_least: Amount | None = optional("This or more.", 10000)
    under: Amount | None = optional("Less than this (strictly).", 100000)
    at_most: Amount | None = optional("This or less.", 100000)


class Window(Part):
    """A time window relative to a date attribute: "in the last 30 days" is up to 30 days after the
    last touch; "1-6 months after close" is from 1 month to 6 months after the close date."""

    after: AttributeRef | None = optional("Id of the date attribute the window starts after.", "closed")
    before: AttributeRef | None = optional("Id of the date attribute the window ends before.", "renewal")
    from_: Duration | None = field(
        "How long after (or before) the date the window opens (left out: at once).",
        "1 month",
        alias="from",
        default=None,
    )
    to: Duration | None = optional(
        "How long after (or before) the date the window closes (left out: open).", "6 months"
    )


AttributeValues = list[Annotated[str, StringConstraints(pattern=ID_PATTERN)]]


class Condition(Part):
    """Which deals something applies to; every part given must hold (left out: any)."""

    segments: list[SegmentRef] = optional("Ids of the segments (strategy.yml) the deal must be in.", ["mid-market"])
    processes: list[ProcessRef] = optional("Ids of the processes the deal must follow.", ["new-business"])
    stages: list[StageRef] = optional("Ids of the stages the deal must be at.", ["proposal"])
    over: Amount | None = optional("The deal is worth more than this (strictly).", 50000)
    at_least: Amount | None = optional("The deal is worth at least this much.", 10000)
    under: Amount | None = optional("The deal is worth less than this (strictly).", 100000)
    below: Amount | None = optional("The deal is worth less than this (as 'under').", 100000)
    at_most: Amount | None = optional("The deal is worth at most this much.", 100000)
    attributes: dict[AttributeRef, AttributeValues | Compare] = Field(
        default_factory=dict,
        description="Deal or account attributes declared in strategy.yml, with the values they must have "
        "(any of a list) or a comparison for a number.",
        examples=[{"source": ["sdr-sourced"], "arr": {"over": 50000}}],
    )
    window: Window | None = optional(
        "A time window relative to a date attribute.", {"after": "last-touch", "to": "30 days"}
    )
    all: list[Condition] = optional("Conditions that must all hold.", [{"segments": ["mid-market"]}])
    any: list[Condition] = optional("Conditions of which at least one must hold.", [{"at_least": 100000}])
    not_: Condition | None = field(
        "A condition that must not hold.", {"attributes": {"source": ["partner"]}}, alias="not", default=None
    )
    threshold: ThresholdRef | None = optional(
        "Id of a named threshold (strategy.yml): the deal is worth at least its amount for the deal's segment.",
        "deal-plan",
    )
    currency: Name | None = optional("Currency of the amounts, if not the playbook's (strategy.yml).", "EUR")
    note: Text | None = optional("Anything else that decides it, in words.", "Strategic accounts only.")


class Threshold(Part):
    """A deal size written once and referred to by id from conditions (``threshold: deal-plan``)."""

    name: Name = field("What the threshold is for.", "Deal plan")
    description: Text | None = optional(
        "What happens at or above it.", "Deals at or above this size need a written deal plan."
    )
    compare: Literal["at_least", "over"] = field(
        "How a deal's size is compared with the amount: 'at_least' (the amount or more) or 'over' (more).",
        "over",
        default="at_least",
    )
    amount: Amount | None = optional("The amount, the same in every segment.", 100000)
    amounts: dict[SegmentRef, Amount] = Field(
        default_factory=dict,
        description="The amount per segment id, where it differs by segment.",
        examples=[{"small-business": 5000, "mid-market": 10000}],
    )
    currency: Name | None = optional("Currency of the amounts, if not the playbook's.", "EUR")


class Attribute(Part):
    """A deal or account attribute that conditions may name, declared once in strategy.yml."""

    name: Name | None = optional("How the attribute is said (left out: from its id).", "Lead source")
    description: Text | None = optional("Where its value comes from.", "The CRM's lead source field.")
    values: list[Id] = optional(
        "The values it may have, for an attribute that is not a number.", ["inbound", "partner"]
    )
    unit: Name | None = optional("Unit or currency, for an attribute that is a number.", "USD")
    date: bool = field("True for a date (the close, the last touch) that time windows count from.", True, default=False)

    @property
    def kind(self) -> str:
        return "date" if self.date else "values" if self.values else "number"


def said(attribute_id: str, attribute: Attribute | None) -> str:
    """An attribute as a reader says it: its name, or its id in words."""
    if attribute is not None and attribute.name:
        return attribute.name
    return re.sub(r"-", " ", attribute_id).capitalize()


Condition.model_rebuild()
