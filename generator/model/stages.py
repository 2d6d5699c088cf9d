"""The stages collection."""

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


class Activity(Hideable):
    role: RoleRef = field("Id of the role doing these actions.", "account-executive")
    actions: list[Line] = field("What the role does in this stage.", ["Book the discovery call."], min_length=1)


class Stage(Entity):
    """One step of the buying and selling journey."""

    order: int = field("Position of the stage in the process, starting at 1.", 1, ge=1)
    name: Name = field("Name of the stage.", "Discovery")
    goal: Text = field("What the stage achieves for the buyer and for us.", "Agree the problem worth solving.")
    buyer_view: Text = field(
        "What the buyer is thinking and doing at this point.",
        "We know something is wrong, but not yet what it costs us.",
    )
    activities: list[Activity] = field(
        "Who does what in this stage.",
        [{"role": "account-executive", "actions": ["Book the discovery call."]}],
        min_length=1,
    )
    exit_criteria: list[Line] = field(
        "Verifiable facts that must be true to leave the stage.",
        ["Pain documented in the buyer's words."],
        min_length=1,
    )
    red_flags: list[Line] = field(
        "Signs the deal is not really progressing.", ["No access to the budget holder."], default=[]
    )
