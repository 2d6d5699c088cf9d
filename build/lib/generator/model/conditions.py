"""Conditions: the deals a rule applies to, and named thresholds written once.

Many rules apply only to some deals: "fill in the deal plan from $5k in small business or $10k in
mid-market", "a deal review for stage 3+ deals of $100k or more". Any activity, exit criterion,
method and meeting may carry a ``when:`` condition, and thresholds are named once in strategy.yml
(``thresholds:``) and referred to by id, so changing one is one edit.
"""

from __future__ import annotations

from pydantic import Field

from generator.model.base import (
    Part,
    ProcessRef,
    SegmentRef,
    StageRef,
    ThresholdRef,
    field,
    optional,
)
from generator.model.text import Name, Text

Amount = int | float


class Condition(Part):
    """Which deals something applies to; every part given must hold (left out: any)."""

    segments: list[SegmentRef] = optional("Ids of the segments (strategy.yml) the deal must be in.", ["mid-market"])
    processes: list[ProcessRef] = optional("Ids of the processes the deal must follow.", ["new-business"])
    stages: list[StageRef] = optional("Ids of the stages the deal must be at.", ["proposal"])
    at_least: Amount | None = optional("The deal is worth at least this much.", 10000)
    below: Amount | None = optional("The deal is worth less than this.", 100000)
    threshold: ThresholdRef | None = optional(
        "Id of a named threshold (strategy.yml): the deal is worth at least its amount for the deal's segment.",
        "deal-plan",
    )
    currency: str | None = optional("Currency of the amounts, if not the playbook's (strategy.yml).", "EUR")
    note: Text | None = optional("Anything else that decides it, in words.", "Strategic accounts only.")


class Threshold(Part):
    """A deal size written once and referred to by id from conditions (``threshold: deal-plan``)."""

    name: Name = field("What the threshold is for.", "Deal plan")
    description: Text | None = optional(
        "What happens at or above it.", "Deals at or above this size need a written deal plan."
    )
    amount: Amount | None = optional("The amount, the same in every segment.", 100000)
    amounts: dict[SegmentRef, Amount] = Field(
        default_factory=dict,
        description="The amount per segment id, where it differs by segment.",
        examples=[{"small-business": 5000, "mid-market": 10000}],
    )
    currency: str | None = optional("Currency of the amounts, if not the playbook's.", "EUR")
