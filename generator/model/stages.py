"""stages/: one step of the buying and selling journey."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.model.base import (
    CoachingRef,
    CompetitorRef,
    Entity,
    ForecastRef,
    Hideable,
    MeetingRef,
    MethodRef,
    Part,
    PersonaRef,
    RoleRef,
    field,
    optional,
)
from generator.model.conditions import Condition
from generator.model.forecast import Percent
from generator.model.lines import Criterion, Line, Step
from generator.model.text import Name, Text

# Fields of the first content model that are gone, and what to do instead (``validate`` reports them).
RETIRED = {
    "order": "stages no longer carry an order: their place is in a process (content/processes/); "
    "run `playbook migrate` to move it there",
}


class Activity(Hideable):
    """Actions in a stage, done by one role, by several together, or by the whole deal team (no role)."""

    ABOUT: ClassVar[tuple[str, ...]] = ("role", "roles")  # the public edition drops it with its roles

    role: RoleRef | None = optional("Id of the role doing these actions.", "account-executive")
    roles: list[RoleRef] = optional("Ids of the roles doing them together (instead of 'role').", ["ae", "se"])
    actions: list[Step] = field("What is done in this stage.", ["Book the discovery call."], min_length=1)

    @model_validator(mode="after")
    def _one_way_of_naming_roles(self) -> Activity:
        if self.role is not None and self.roles:
            raise PydanticCustomError(
                "role_and_roles", "write either 'role' (one role) or 'roles' (several), not both"
            )
        return self

    @property
    def role_ids(self) -> list[str]:
        """The roles doing these actions (none: the whole deal team)."""
        return [self.role] if self.role is not None else list(self.roles)


Days = Annotated[int, Field(ge=0, le=3650)]


class Longer(Part):
    """A longer time box for some deals: "30 days for a complex trial"."""

    days: Days = field("Days the stage may take for these deals.", 30)
    when: Condition = field("Which deals get the longer time box.", {"note": "A complex trial."})


class TimeBox(Part):
    """How long a deal should stay in the stage: standard days, and longer under conditions."""

    days: Days = field("Days the stage should take as a rule.", 21)
    longer: list[Longer] = optional(
        "Longer time boxes for some deals.", [{"days": 30, "when": {"note": "A complex trial."}}]
    )


class TimedEntry(Part):
    """When a deal enters the stage by the calendar: "starts 120 days before the renewal date"."""

    days: Days = field("How many days before or after the anchor.", 120)
    before: Name | None = optional("The date the stage starts before, in words.", "the renewal date")
    after: Name | None = optional("The date the stage starts after, in words (instead of 'before').", "the close date")

    @model_validator(mode="after")
    def _one_anchor(self) -> TimedEntry:
        if (self.before is None) == (self.after is None):
            raise PydanticCustomError(
                "entry_anchor", "write either 'before' or 'after' and the date it counts from: 'before: renewal date'"
            )
        return self

    @property
    def anchor(self) -> str:
        return self.before or self.after or ""


class Stage(Entity):
    """One step of the buying and selling journey. Its place is in a process (processes/)."""

    label: Name | None = optional("The label the company uses for it, shown before the name.", "Stage 2")
    name: Name | None = optional("Name of the stage; may be left out when the label says it all.", "Discovery")
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
    probability: Percent | None = optional("Win probability (or weight) of a deal at this stage, 0-100.", 20)
    forecast_category: ForecastRef | None = optional(
        "Id of the forecast category a deal at this stage is in by default (content/forecast/).", "pipeline"
    )
    time_box: TimeBox | None = optional("How long a deal should stay in this stage.", {"days": 21})
    timed_entry: TimedEntry | None = optional(
        "When a deal enters this stage by the calendar.", {"days": 120, "before": "the renewal date"}
    )

    @model_validator(mode="after")
    def _titled(self) -> Stage:
        if self.name is None and self.label is None:
            raise PydanticCustomError(
                "untitled", "a stage needs a 'name' or a 'label': add 'name: Discovery' or 'label: Stage 3'"
            )
        return self

    @property
    def title(self) -> str:
        return self.name or self.label or self.id
