"""processes/: one sales motion's process — its stages in order, its outcomes, its transitions."""

from __future__ import annotations

from typing import Literal

from generator.model.base import Entity, Hideable, Id, SegmentRef, StageRef, StepRef, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text


class Outcome(Hideable):
    """An end of the process: won, lost, disqualified, or any other named end."""

    id: Id = field("Id of the outcome, for transitions (`to: [lost]`).", "lost")
    name: Name = field("Name of the outcome as the team says it.", "Closed lost")
    kind: Literal["won", "lost", "disqualified", "other"] = field("What sort of end it is.", "lost", default="other")
    how: Text | None = optional("How a deal gets here.", "The buyer chose another supplier or no decision.")
    record: list[Line] = optional("What to record when a deal ends here.", ["The loss reason, from the CRM's list."])
    next: list[Line] = optional("What to do next.", ["Hand the account to nurture for six months."])
    from_: list[StageRef] = field(
        "Ids of the stages a deal may end here from (left out: the last stage of the process).",
        ["qualify"],
        alias="from",
        default_factory=list,
    )


class Transition(Hideable):
    """A move other than on to the next stage: back to an earlier one, or a jump ahead."""

    from_: StageRef = field("Id of the stage the deal moves from.", "proposal", alias="from")
    to: list[StepRef] = field("Ids of the stages or outcomes it may move to.", ["discovery"], min_length=1)
    when: Text | None = optional("When this move is right.", "The buyer's requirements changed.")


class Process(Entity):
    """One sales motion's process: its stages in order, how it ends, and the moves between stages."""

    name: Name = field("Name of the process.", "New business")
    order: int | None = optional("Where the process comes among the processes (1 first); else by name.", 1)
    description: Text | None = optional(
        "What sort of deals follow it.", "Mid-market and enterprise grocers buying their first sensors."
    )
    serves: Text | None = optional("The motion or buyers it serves, in words.", "Outbound, hunters")
    segments: list[SegmentRef] = optional("Ids of the segments (strategy.yml) it serves.", ["mid-market"])
    stages: list[StageRef] = field(
        "Ids of the stages, in order. Inserting a stage is one line here.", ["prospecting", "discovery"], min_length=1
    )
    outcomes: list[Outcome] = optional(
        "How deals end: won, lost, disqualified, or another named end.",
        [{"id": "won", "name": "Closed won", "kind": "won", "from": ["commit"]}],
    )
    transitions: list[Transition] = optional(
        "Moves other than on to the next stage (back-steps, jumps, early ends).",
        [{"from": "proposal", "to": ["discovery"], "when": "The buyer's requirements changed."}],
    )
