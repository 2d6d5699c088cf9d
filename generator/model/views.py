"""What templates receive: each entity with its links resolved both ways (``resolve.py`` fills them).

A view exposes the entity's own fields (by delegation) plus resolved links: ``stage.methods`` is the
list of methods used in the stage whichever side of the link wrote it. Templates never look
anything up by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import (
    coaching,
    competitors,
    meetings,
    methods,
    metrics,
    personas,
    philosophy,
    processes,
    qualification,
    roles,
    stages,
    strategy,
    value,
)
from generator.model.condition_view import ConditionView
from generator.model.conditions import Threshold
from generator.model.lines import Line
from generator.model.rule_slots import ProcessRules, RoleRules, StageRules, StrategyRules
from generator.model.view import View

# --- parts ------------------------------------------------------------------------------------------


@dataclass(eq=False)
class SegmentView:
    id: str
    name: str
    description: str | None
    personas: list[PersonaView]


@dataclass(eq=False)
class ThresholdView:
    id: str
    threshold: Threshold
    currency: str
    amounts: list[tuple[SegmentView | None, float]]  # (segment, amount); None: every segment

    @property
    def name(self) -> str:
        return self.threshold.name


@dataclass(eq=False)
class Item:
    """A line of a list with what its fields name resolved: the deals it applies to, the element
    an exit criterion confirms."""

    text: Line
    when: ConditionView | None = None
    confirms: ElementView | None = None


@dataclass(eq=False)
class ActivityView:
    roles: list[RoleView]  # none: the whole deal team
    actions: list[Item]


@dataclass(eq=False)
class StageWork:
    """What one role does in one stage (a cell of the stage × role matrix)."""

    stage: StageView
    actions: list[Item]


@dataclass(eq=False)
class Place:
    """A stage's place in one process: its position, neighbours and the ways out other than next."""

    process: ProcessView
    position: int  # 1-based
    previous: StageView | None
    next: StageView | None
    moves: list[TransitionView] = field(default_factory=list)
    outcomes: list[OutcomeView] = field(default_factory=list)  # ends reachable from here


@dataclass(eq=False)
class OutcomeView:
    outcome: processes.Outcome
    process: ProcessView
    from_stages: list[StageView]  # empty: from the last stage of the process

    def __getattr__(self, name: str) -> Any:
        return getattr(self.outcome, name)


@dataclass(eq=False)
class TransitionView:
    source: StageView
    to: list[StageView | OutcomeView]
    when: str | None


@dataclass(eq=False)
class ElementView:
    element: qualification.Element
    framework: FrameworkView
    due: StageView | None = None
    confirmed_by: list[tuple[StageView, Item]] = field(default_factory=list)
    worked_in: list[StageView] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.element, name)

    @property
    def label(self) -> str:
        return f"{self.element.letter} · {self.element.name}" if self.element.letter else self.element.name


@dataclass(eq=False)
class TrackView:
    tenure: str
    description: str | None
    focus_metrics: list[MetricView]
    lag_metrics: list[MetricView]


@dataclass(eq=False)
class ResponsibilityView:
    what: str
    measured_by: list[MetricView]


@dataclass(eq=False)
class ObjectionView:
    objection: competitors.Objection
    method: MethodView | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.objection, name)


# --- entities -----------------------------------------------------------------------------------------
# repr=False everywhere: View.__repr__, since the link graph is cyclic and large.


@dataclass(eq=False, repr=False)
class PhilosophyView(View[philosophy.Philosophy]):
    pass


@dataclass(eq=False, repr=False)
class StrategyView(View[strategy.Strategy], StrategyRules):
    segments: list[SegmentView] = field(default_factory=list)
    thresholds: list[ThresholdView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class ProcessView(View[processes.Process], ProcessRules):
    stages: list[StageView] = field(default_factory=list)
    outcomes: list[OutcomeView] = field(default_factory=list)
    transitions: list[TransitionView] = field(default_factory=list)
    segments: list[SegmentView] = field(default_factory=list)
    roles: list[RoleView] = field(default_factory=list)  # roles acting in its stages, in role order
    matrix_page: str = ""


@dataclass(eq=False, repr=False)
class StageView(View[stages.Stage], StageRules):
    places: list[Place] = field(default_factory=list)
    activities: list[ActivityView] = field(default_factory=list)
    exit_criteria: list[Item] = field(default_factory=list)
    methods: list[MethodView] = field(default_factory=list)
    coaching: list[CoachingView] = field(default_factory=list)
    meetings: list[MeetingView] = field(default_factory=list)
    competitors: list[CompetitorView] = field(default_factory=list)
    personas: list[PersonaView] = field(default_factory=list)
    value: list[ValueView] = field(default_factory=list)
    elements_due: list[ElementView] = field(default_factory=list)
    elements_worked: list[ElementView] = field(default_factory=list)  # worked on here (maybe due later)
    forecast: View[Any] | None = None  # its default forecast category (forecast_views.py)
    time_box_longer: list[tuple[int, ConditionView | None]] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The stage as lists name it: its label first, when it has one ("Stage 2 · Discovery")."""
        label = self.entity.label
        return f"{label} · {self.entity.name}" if label and self.entity.name else self.entity.title

    def actions_of(self, role: RoleView) -> list[Item]:
        return [a for activity in self.activities if role in activity.roles for a in activity.actions]

    @property
    def parts(self) -> list[tuple[RoleView | None, list[tuple[Item, list[RoleView]]]]]:
        """"Your part": the deal team's actions (no role) first, then each role's, in the order written;
        an action of several roles is under each of them, with the others it is done with."""
        team = [(a, []) for activity in self.activities if not activity.roles for a in activity.actions]
        by_role: dict[int, tuple[RoleView, list[tuple[Item, list[RoleView]]]]] = {}
        for activity in self.activities:
            for role in activity.roles:
                others = [r for r in activity.roles if r is not role]
                by_role.setdefault(id(role), (role, []))[1].extend((a, others) for a in activity.actions)
        return ([(None, team)] if team else []) + list(by_role.values())

    @property
    def key_questions(self) -> list[tuple[MethodView, list[Line]]]:
        """The first three questions of each question bank used here: what to ask now."""
        banks = [m for m in self.methods if m.entity.kind in ("question-bank", None)]
        return [(m, list(m.entity.questions[:3])) for m in banks if m.entity.questions]


@dataclass(eq=False, repr=False)
class FrameworkView(View[qualification.Framework]):
    elements: list[ElementView] = field(default_factory=list)
    meetings: list[MeetingView] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)  # stages at which something is due, in order


@dataclass(eq=False, repr=False)
class ValueView(View[value.ValueDriver]):
    metrics: list[MetricView] = field(default_factory=list)
    personas: list[PersonaView] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class CompetitorView(View[competitors.Competitor]):
    stages: list[StageView] = field(default_factory=list)
    personas: list[PersonaView] = field(default_factory=list)
    objections: list[ObjectionView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class PersonaView(View[personas.Persona]):
    stages: list[StageView] = field(default_factory=list)
    value: list[ValueView] = field(default_factory=list)
    competitors: list[CompetitorView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class RoleView(View[roles.Role], RoleRules):
    responsibilities: list[ResponsibilityView] = field(default_factory=list)
    tenure_tracks: list[TrackView] = field(default_factory=list)
    compensated_on: list[MetricView] = field(default_factory=list)
    work: list[StageWork] = field(default_factory=list)  # in stage order
    coaching: list[CoachingView] = field(default_factory=list)
    meetings: list[MeetingView] = field(default_factory=list)
    personas: list[PersonaView] = field(default_factory=list)
    reports_to: RoleView | None = None
    reports: list[RoleView] = field(default_factory=list)
    targets: list[Any] = field(default_factory=list)  # role_views.TargetView, for this role
    variants: list[Any] = field(default_factory=list)  # role_views.VariantView
    scorecards: list[Any] = field(default_factory=list)  # scorecard_views.ScorecardView


@dataclass(eq=False, repr=False)
class MethodView(View[methods.Method]):
    stages: list[StageView] = field(default_factory=list)
    coaching: list[CoachingView] = field(default_factory=list)
    competitors: list[CompetitorView] = field(default_factory=list)
    when: ConditionView | None = None


@dataclass(eq=False, repr=False)
class MetricView(View[metrics.Metric]):
    drives: list[MetricView] = field(default_factory=list)
    driven_by: list[MetricView] = field(default_factory=list)
    focus_of: list[tuple[RoleView, str]] = field(default_factory=list)  # (role, tenure)
    targets: list[Any] = field(default_factory=list)  # role_views.TargetView
    coaching: list[CoachingView] = field(default_factory=list)
    value: list[ValueView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class CoachingView(View[coaching.CoachingScript]):
    moves: list[MetricView] = field(default_factory=list)
    roles: list[RoleView] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)
    methods: list[MethodView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class MeetingView(View[meetings.Meeting]):
    attendees: list[RoleView] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)
    qualification: list[FrameworkView] = field(default_factory=list)
    forecast_categories: list[View[Any]] = field(default_factory=list)  # ForecastView (forecast_views.py)
    when: ConditionView | None = None
