"""Turn validated entities into a connected playbook: ids become objects, back-links are derived.

Templates receive these views and never look anything up by id. A view exposes the entity's own
fields (by delegation) plus resolved links: ``stage.methods`` is the list of methods used in the
stage, although the YAML states that link on the method side.

References point one way in the YAML (a method lists its stages; a stage does not list its
methods) so that one fact lives in one file; the reverse direction is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from generator import model as m
from generator.model.collections import COLLECTIONS
from generator.model.validate import Validated

E = TypeVar("E", bound=m.Entity)


@dataclass(eq=False)
class View(Generic[E]):
    """An entity plus its resolved links. Unknown attributes fall through to the entity."""

    entity: E
    page: str  # path of the entity's page, e.g. "process/discovery.md"
    source: str  # the content file it comes from, as shown to the user

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: expose the entity's own fields.
        if name == "entity":
            raise AttributeError(name)
        return getattr(self.entity, name)

    @property
    def id(self) -> str:
        return self.entity.id

    @property
    def title(self) -> str:
        return self.entity.title

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


@dataclass(eq=False)
class ActivityView:
    role: RoleView
    actions: Sequence[str]


@dataclass(eq=False)
class StageWork:
    """What one role does in one stage (a cell of the stage × role matrix)."""

    stage: StageView
    actions: list[str]


@dataclass(eq=False)
class TrackView:
    tenure: str
    description: str
    focus_metrics: list[MetricView]
    lag_metrics: list[MetricView]


@dataclass(eq=False)
class ResponsibilityView:
    what: str
    measured_by: list[MetricView]


@dataclass(eq=False)
class SegmentView:
    name: str
    description: str
    personas: list[PersonaView]


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class PersonaView(View[m.Persona]):
    stages: list[StageView] = field(default_factory=list)


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class RoleView(View[m.Role]):
    responsibilities: list[ResponsibilityView] = field(default_factory=list)
    tenure_tracks: list[TrackView] = field(default_factory=list)
    compensated_on: list[MetricView] = field(default_factory=list)
    work: list[StageWork] = field(default_factory=list)  # in stage order
    coaching: list[CoachingView] = field(default_factory=list)
    personas: list[PersonaView] = field(default_factory=list)


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class StageView(View[m.Stage]):
    activities: list[ActivityView] = field(default_factory=list)
    methods: list[MethodView] = field(default_factory=list)
    coaching: list[CoachingView] = field(default_factory=list)
    personas: list[PersonaView] = field(default_factory=list)
    previous: StageView | None = None
    next: StageView | None = None

    def actions_of(self, role: RoleView) -> list[str]:
        return [a for activity in self.activities if activity.role is role for a in activity.actions]


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class MethodView(View[m.Method]):
    stages: list[StageView] = field(default_factory=list)
    coaching: list[CoachingView] = field(default_factory=list)


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class MetricView(View[m.Metric]):
    drives: list[MetricView] = field(default_factory=list)
    driven_by: list[MetricView] = field(default_factory=list)
    focus_of: list[tuple[RoleView, str]] = field(default_factory=list)  # (role, tenure)
    coaching: list[CoachingView] = field(default_factory=list)


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class CoachingView(View[m.CoachingScript]):
    moves: list[MetricView] = field(default_factory=list)
    roles: list[RoleView] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)
    methods: list[MethodView] = field(default_factory=list)


@dataclass(eq=False, repr=False)  # View.__repr__: the link graph is cyclic and large
class StrategyView(View[m.Strategy]):
    segments: list[SegmentView] = field(default_factory=list)


@dataclass
class Playbook:
    """The whole resolved playbook, every list in reading order."""

    philosophy: View[m.Philosophy] | None
    strategy: StrategyView | None
    personas: list[PersonaView]
    roles: list[RoleView]
    stages: list[StageView]
    methods: list[MethodView]
    metrics: list[MetricView]
    coaching: list[CoachingView]

    def views(self) -> list[tuple[str, View[Any]]]:
        """Every entity's view with its collection, in reading order."""
        found: list[tuple[str, View[Any]]] = []
        for name in COLLECTIONS:
            value = getattr(self, name)
            for view in value if isinstance(value, list) else ([value] if value is not None else []):
                found.append((name, view))
        return found

    def entity_pages(self) -> dict[tuple[str, str], str]:
        """Where each entity's page is, by the kind and id that a link in text names it with."""
        return {(COLLECTIONS[name].kind, view.id): view.page for name, view in self.views()}

    @property
    def lead_metrics(self) -> list[MetricView]:
        return [x for x in self.metrics if x.entity.kind == "lead"]

    @property
    def lag_metrics(self) -> list[MetricView]:
        return [x for x in self.metrics if x.entity.kind == "lag"]


def _by_name(views: list[Any]) -> list[Any]:
    return sorted(views, key=lambda v: (v.title.casefold(), v.id))


def resolve(validated: Validated) -> Playbook:
    """Connect every entity to the entities it names and that name it. Assumes references are valid."""
    ents = validated.entities

    def views(collection: str, cls: type[Any], folder: str) -> dict[str, Any]:
        return {
            i: cls(e, f"{folder}/{i}.md", validated.documents[(collection, i)].file)
            for i, e in ents[collection].items()
        }

    personas: dict[str, PersonaView] = views("personas", PersonaView, "strategy/personas")
    roles: dict[str, RoleView] = views("roles", RoleView, "roles")
    stages: dict[str, StageView] = views("stages", StageView, "process")
    methods: dict[str, MethodView] = views("methods", MethodView, "methods")
    metrics: dict[str, MetricView] = views("metrics", MetricView, "metrics")
    coaching: dict[str, CoachingView] = views("coaching", CoachingView, "coaching")

    ordered_stages = sorted(stages.values(), key=lambda s: (s.entity.order, s.id))
    for before, after in zip(ordered_stages, ordered_stages[1:]):
        before.next, after.previous = after, before

    for stage in ordered_stages:
        stage.activities = [ActivityView(roles[a.role], a.actions) for a in stage.entity.activities]
        for activity in stage.activities:
            work = next((w for w in activity.role.work if w.stage is stage), None)
            if work is None:
                activity.role.work.append(StageWork(stage, list(activity.actions)))
            else:
                work.actions += activity.actions

    for persona in _by_name(list(personas.values())):
        persona.stages = sorted((stages[s] for s in persona.entity.stages), key=lambda s: s.entity.order)
        for stage in persona.stages:
            stage.personas.append(persona)

    for method in _by_name(list(methods.values())):
        method.stages = sorted((stages[s] for s in method.entity.stages), key=lambda s: s.entity.order)
        for stage in method.stages:
            stage.methods.append(method)

    for metric in _by_name(list(metrics.values())):
        metric.drives = [metrics[d] for d in metric.entity.drives]
        for target in metric.drives:
            target.driven_by.append(metric)

    for role in _by_name(list(roles.values())):
        r = role.entity
        role.responsibilities = [
            ResponsibilityView(x.what, [metrics[i] for i in x.measured_by]) for x in r.responsibilities
        ]
        role.tenure_tracks = [
            TrackView(
                t.tenure, t.description, [metrics[i] for i in t.focus_metrics], [metrics[i] for i in t.lag_metrics]
            )
            for t in r.tenure_tracks
        ]
        role.compensated_on = [metrics[i] for i in r.compensated_on]
        for track in role.tenure_tracks:
            for metric in track.focus_metrics:
                metric.focus_of.append((role, track.tenure))
        involved = {id(w.stage) for w in role.work}
        role.personas = _by_name([p for p in personas.values() if any(id(s) in involved for s in p.stages)])

    for script in _by_name(list(coaching.values())):
        c = script.entity
        script.moves = [metrics[i] for i in c.moves]
        script.roles = [roles[i] for i in c.roles]
        script.stages = sorted((stages[i] for i in c.stages), key=lambda s: s.entity.order)
        script.methods = [methods[i] for i in c.methods]
        for target in (*script.moves, *script.roles, *script.stages, *script.methods):
            target.coaching.append(script)

    philosophy = ents["philosophy"].get("philosophy")
    strategy_entity = ents["strategy"].get("strategy")
    strategy = None
    if strategy_entity is not None:
        source = validated.document(strategy_entity).file
        strategy = StrategyView(strategy_entity, "strategy/index.md", source)  # type: ignore[arg-type]
        strategy.segments = [
            SegmentView(s.name, s.description, [personas[p] for p in s.personas])
            for s in strategy_entity.segments  # type: ignore[attr-defined]
        ]

    return Playbook(
        philosophy=(
            View(philosophy, "philosophy.md", validated.document(philosophy).file)  # type: ignore[arg-type]
            if philosophy is not None
            else None
        ),
        strategy=strategy,
        personas=_by_name(list(personas.values())),
        roles=_by_name(list(roles.values())),
        stages=ordered_stages,
        methods=_by_name(list(methods.values())),
        metrics=_by_name(list(metrics.values())),
        coaching=_by_name(list(coaching.values())),
    )
