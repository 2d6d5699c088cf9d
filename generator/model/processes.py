"""processes/: one sales motion's process — its stages in order, its outcomes, its transitions, the
gates between stages; or a track that runs alongside another process, each phase spanning some of its
stages; or a motion with no stages at all (product-led, reseller), told by its rules."""

from __future__ import annotations

from typing import Literal

from generator.model.base import (
    Entity,
    ExceptionRef,
    Hideable,
    Id,
    Part,
    PolicyRef,
    ProcessRef,
    RoleRef,
    SegmentRef,
    StageRef,
    StepRef,
    field,
    optional,
)
from generator.model.lines import Criterion, Line, Step
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


class Gate(Hideable):
    """A named checkpoint before a stage: what must be true to enter it, and the named exceptions
    (strategy.yml ``exceptions:``) under which a deal may pass without it."""

    id: Id = field("Id of the gate, for links (`process:new-business#gate-id`).", "qualified-opportunity")
    name: Name = field("Name of the gate as the team says it.", "Qualified-opportunity gate")
    before: StageRef = field(
        "Id of the stage the gate guards: a deal enters it only through the gate.", "site-assessment"
    )
    description: Text | None = optional("Why the gate is there.", "No site visit before the buyer has named a budget.")
    criteria: list[Criterion] = optional(
        "What must be true to pass the gate.", ["A mutual action plan shared with the buyer."]
    )
    exceptions: list[ExceptionRef] = optional("Ids of the named exceptions that let a deal through.", ["fast-lane"])
    approver: RoleRef | None = optional("Id of the role that signs a deal through the gate.", "sales-manager")


class Span(Part):
    """A range of the stages of the process a track runs alongside, first and last included."""

    from_: StageRef = field("Id of the first stage the phase covers.", "discovery", alias="from")
    to: StageRef = field("Id of the last stage the phase covers.", "site-assessment")


class Phase(Hideable):
    """A step of a track, running while the main process goes through the stages it spans."""

    id: Id = field("Id of the phase, for links and anchors.", "technical-fit")
    name: Name = field("Name of the phase.", "Phase 1 · Technical fit")
    spans: Span = field("The stages of the main process it runs alongside.", {"from": "discovery", "to": "commit"})
    roles: list[RoleRef] = optional("Ids of the roles it concerns.", ["solutions-engineer"])
    goal: Text | None = optional("What the phase achieves.", "The store's network and freezers suit our sensors.")
    actions: list[Step] = optional("What is done in the phase.", ["Walk one store with the facilities lead."])
    exit_criteria: list[Criterion] = optional("What must be true to finish it.", ["Sensor placement agreed."])


class Process(Entity):
    """One sales motion's process: its stages in order, how it ends, and the moves between stages."""

    name: Name = field("Name of the process.", "New business")
    order: int | None = optional("Where the process comes among the processes (1 first); else by name.", 1)
    description: Text | None = optional(
        "What sort of deals follow it.", "Mid-market and enterprise grocers buying their first sensors."
    )
    serves: Text | None = optional("The motion or buyers it serves, in words.", "Outbound, hunters")
    segments: list[SegmentRef] = optional("Ids of the segments (strategy.yml) it serves.", ["mid-market"])
    stages: list[StageRef] = optional(
        "Ids of the stages, in order (none: a track, or a motion told by its rules). A new stage is one line here.",
        ["prospecting", "discovery"],
    )
    outcomes: list[Outcome] = optional(
        "How deals end: won, lost, disqualified, or another named end.",
        [{"id": "won", "name": "Closed won", "kind": "won", "from": ["commit"]}],
    )
    transitions: list[Transition] = optional(
        "Moves other than on to the next stage (back-steps, jumps, early ends).",
        [{"from": "proposal", "to": ["discovery"], "when": "The buyer's requirements changed."}],
    )
    gates: list[Gate] = optional(
        "Checkpoints before stages, with their criteria and named exceptions.",
        [{"id": "qualified", "name": "Qualified-opportunity gate", "before": "site-assessment"}],
    )
    alongside: ProcessRef | None = optional(
        "Id of the process this one runs beside, as a track: its phases span that process's stages.", "new-business"
    )
    phases: list[Phase] = optional(
        "A track's phases, each spanning some stages of the process it runs alongside.",
        [{"id": "technical-fit", "name": "Technical fit", "spans": {"from": "discovery", "to": "commit"}}],
    )
    rules: list[Step] = optional(
        "The rules of a motion, stages or not: how deals come in, who works them, what is not allowed.",
        ["A reseller's deal is registered in the partner portal before the first call."],
    )
    policies: list[PolicyRef] = optional(
        "Ids of the policies that govern it (content/policies/).", ["rules-of-engagement"]
    )
    roles: list[RoleRef] = optional(
        "Ids of the roles involved, besides those acting in its stages.", ["partner-manager"]
    )
