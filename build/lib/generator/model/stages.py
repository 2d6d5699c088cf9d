"""stages/: one step of the buying and selling journey."""

from __future__ import annotations

from generator.model.base import (
    CoachingRef,
    CompetitorRef,
    Entity,
    Hideable,
    MeetingRef,
    MethodRef,
    PersonaRef,
    RoleRef,
    field,
    optional,
)
from generator.model.lines import Criterion, Line, Step
from generator.model.text import Name, Text

# Fields of the first content model that are gone, and what to do instead (``validate`` reports them).
RETIRED = {
    "order": "stages no longer carry an order: their place is in a process (content/processes/); "
    "run `playbook migrate` to move it there",
}


class Activity(Hideable):
    role: RoleRef = field("Id of the role doing these actions.", "account-executive")
    actions: list[Step] = field("What the role does in this stage.", ["Book the discovery call."], min_length=1)


class Stage(Entity):
    """One step of the buying and selling journey. Its place is in a process (processes/)."""

    label: Name | None = optional("The label the company uses for it, shown before the name.", "Stage 2")
    name: Name = field("Name of the stage.", "Discovery")
    goal: Text | None = optional(
        "What the stage achieves for the buyer and for us, in one sentence.", "Agree the problem worth solving."
    )
    buyer_view: Text | None = optional(
        "What the buyer is thinking and doing at this point.",
        "We know something is wrong, but not yet what it costs us.",
    )
    activities: list[Activity] = optional(
        "Who does what in this stage.", [{"role": "account-executive", "actions": ["Book the discovery call."]}]
    )
    exit_criteria: list[Criterion] = optional(
        "Verifiable facts that must be true to leave the stage.", ["Pain documented in the buyer's words."]
    )
    red_flags: list[Line] = optional("Signs the deal is not really progressing.", ["No access to the budget holder."])
    methods: list[MethodRef] = optional("Ids of methods used here (a method may also list the stage).", ["discovery"])
    coaching: list[CoachingRef] = optional("Ids of coaching scripts for this stage.", ["quantify-the-pain"])
    meetings: list[MeetingRef] = optional("Ids of meetings that review deals at this stage.", ["deal-review"])
    competitors: list[CompetitorRef] = optional("Ids of competitors often met here.", ["coldwatch"])
    personas: list[PersonaRef] = optional("Ids of buyer personas involved here.", ["cfo"])
