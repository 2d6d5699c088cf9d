"""Turn validated entities into a connected playbook: ids become objects, links are merged both ways.

References may be written on either side (a stage lists its methods, or a method its stages): both become one
relation here, so the site and the check see the same links whichever side wrote them, and a link written on both
sides counts once. Lists come in reading order: stages in process order, roles in their order, everything else by name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from generator.model.collections import COLLECTIONS
from generator.model.condition_view import show_conditions
from generator.model.conditions import Condition
from generator.model.dated import build_date, current_lines
from generator.model.forecast_views import link_forecast
from generator.model.element_views import link_worked
from generator.model.lines import Line
from generator.model.linked import LinkedView, link_references
from generator.model.philosophy import Philosophy
from generator.model.playbook import Playbook, by_name
from generator.model.role_views import link_roles
from generator.model.rule_views import link_rules
from generator.model.scorecard_views import link_scorecards
from generator.model.strategy import Strategy
from generator.model.validated import Validated
from generator.model.views import (
    ActivityView,
    ConditionView,
    ElementView,
    Item,
    ObjectionView,
    OutcomeView,
    PhilosophyView,
    Place,
    ProcessView,
    RoleView,
    SegmentView,
    StageView,
    StrategyView,
    ThresholdView,
    TransitionView,
)


def _merge(*groups: Iterable[Any]) -> list[Any]:
    """One list from links written on either side, each once, by name."""
    seen: dict[int, Any] = {}
    for group in groups:
        for view in group:
            seen.setdefault(id(view), view)
    return by_name(seen.values())


class _Resolver:
    """Holds the views by collection and id while the links are made."""

    def __init__(self, validated: Validated) -> None:
        self.validated = validated
        self.v: dict[str, dict[str, Any]] = {}
        for name, c in COLLECTIONS.items():
            if not c.single:  # the one-file collections are made below
                self.v[name] = {
                    i: (c.view or LinkedView)(e, f"{c.folder}/{i}.md", validated.documents[(name, i)].file)
                    for i, e in validated.entities[name].items()
                }
        strategy = cast("Strategy | None", validated.entities["strategy"].get("strategy"))
        self.currency = getattr(strategy, "currency", "USD")
        self.strategy = (
            StrategyView(strategy, "strategy/index.md", validated.document(strategy).file) if strategy else None
        )
        self.segments: dict[str, SegmentView] = {}
        self.thresholds: dict[str, ThresholdView] = {}
        self.elements: dict[str, ElementView] = {}

    def get(self, collection: str, ids: Iterable[str]) -> list[Any]:
        return [self.v[collection][i] for i in ids if i in self.v[collection]]

    def condition(self, condition: Condition | None) -> ConditionView | None:
        if condition is None:
            return None
        return ConditionView(
            condition,
            condition.currency or self.currency,
            [self.segments[s] for s in condition.segments if s in self.segments],
            self.get("processes", condition.processes),
            self.get("stages", condition.stages),
            self.thresholds.get(condition.threshold) if condition.threshold else None,
            self.strategy.entity.attributes if self.strategy else {},
            [c for c in map(self.condition, condition.all) if c],
            [c for c in map(self.condition, condition.any) if c],
            self.condition(condition.not_),
        )

    def items(self, lines: Iterable[Line]) -> list[Item]:
        return [Item(line, self.condition(line.when), self.element(line.confirms)) for line in lines]

    def element(self, ref: str | None) -> ElementView | None:
        if ref is None:
            return None
        return self.elements.get(ref)


def resolve(validated: Validated, today: datetime.date | None = None) -> Playbook:
    """Connect every entity to the entities it names and that name it. Assumes references are valid."""
    today = today or build_date()
    validated = current_lines(validated, today)  # a rule that changed: the line valid today, its history on it
    r = _Resolver(validated)
    v = r.v
    if r.strategy is not None:
        _strategy(r, r.strategy)
    show_conditions(validated.entities, r.condition)  # every line's condition, in words where it shows
    # Processes first: they give stages their order.
    processes = sorted(v["processes"].values(), key=lambda p: (p.entity.order or 10_000, p.title.casefold(), p.id))
    stage_order: list[StageView] = []
    for process in processes:
        _process(r, process)
        stage_order += [s for s in process.stages if s not in stage_order]
    stage_order += [s for s in by_name(v["stages"].values()) if s not in stage_order]
    rank = {id(s): n for n, s in enumerate(stage_order)}

    def in_order(stages: Iterable[StageView]) -> list[StageView]:
        return sorted(set(stages), key=lambda s: rank[id(s)])

    frameworks = by_name(v["qualification"].values())
    for framework in frameworks:
        for element in framework.entity.elements:
            view = ElementView(element, framework, v["stages"].get(element.due) if element.due else None)
            framework.elements.append(view)
            r.elements[f"{framework.id}.{element.id}"] = view
            r.elements.setdefault(element.id, view)  # the bare id, when it is unambiguous (validated)
        framework.stages = in_order(e.due for e in framework.elements if e.due is not None)
    for framework in frameworks:
        for element in framework.elements:
            if element.due is not None:
                element.due.elements_due.append(element)
    link_worked(frameworks, processes, stage_order, v["stages"])

    methods = by_name(v["methods"].values())
    coaching = by_name(v["coaching"].values())
    meetings = by_name(v["meetings"].values())
    competitors = by_name(v["competitors"].values())
    personas = by_name(v["personas"].values())
    values = by_name(v["value"].values())
    for stage in stage_order:
        s = stage.entity
        stage.activities = [ActivityView(r.get("roles", a.role_ids), r.items(a.actions)) for a in s.activities]
        stage.exit_criteria = r.items(s.exit_criteria)
        for item in stage.exit_criteria:
            if item.confirms is not None:
                item.confirms.confirmed_by.append((stage, item))
        stage.methods = _merge(r.get("methods", s.methods), (m for m in methods if stage.id in m.entity.stages))
        stage.coaching = _merge(r.get("coaching", s.coaching), (c for c in coaching if stage.id in c.entity.stages))
        stage.meetings = _merge(r.get("meetings", s.meetings), (m for m in meetings if stage.id in m.entity.stages))
        stage.competitors = _merge(
            r.get("competitors", s.competitors), (c for c in competitors if stage.id in c.entity.stages)
        )
        stage.personas = _merge(r.get("personas", s.personas), (p for p in personas if stage.id in p.entity.stages))
        stage.value = [x for x in values if stage.id in x.entity.stages]
    for persona in personas:
        persona.stages = in_order(s for s in stage_order if persona in s.personas)
    link_roles(r, stage_order)
    for method in methods:
        method.stages = in_order(s for s in stage_order if method in s.methods)
        method.when = r.condition(method.entity.when)
    for metric in by_name(v["metrics"].values()):
        metric.drives = r.get("metrics", metric.entity.drives)
        for target in metric.drives:
            target.driven_by.append(metric)
    for script in coaching:
        c = script.entity
        script.moves = r.get("metrics", c.moves)
        script.roles = r.get("roles", c.roles)
        script.stages = in_order(s for s in stage_order if script in s.coaching)
        script.methods = r.get("methods", c.methods)
        for target in (*script.moves, *script.roles, *script.methods):
            target.coaching.append(script)
    for meeting in meetings:
        m = meeting.entity
        meeting.attendees = r.get("roles", m.attendees)
        meeting.stages = in_order(s for s in stage_order if meeting in s.meetings)
        meeting.qualification = r.get("qualification", m.qualification)
        meeting.when = r.condition(m.when)
        for target in (*meeting.attendees, *meeting.qualification):
            target.meetings.append(meeting)
    for competitor in competitors:
        competitor.stages = in_order(s for s in stage_order if competitor in s.competitors)
        competitor.personas = r.get("personas", competitor.entity.personas)
        competitor.objections = [
            ObjectionView(o, v["methods"].get(o.method) if o.method else None) for o in competitor.entity.objections
        ]
        for method in {id(o.method): o.method for o in competitor.objections if o.method is not None}.values():
            method.competitors.append(competitor)
        for persona in competitor.personas:
            persona.competitors.append(competitor)
    for driver in values:
        driver.metrics = r.get("metrics", driver.entity.metrics)
        driver.personas = r.get("personas", driver.entity.personas)
        driver.stages = in_order(s for s in stage_order if driver in s.value)
        for target in (*driver.metrics, *driver.personas):
            target.value.append(driver)
    policies, documents = link_rules(v, r.strategy, processes, stage_order, r.items, r.condition, today)
    found = cast("Philosophy | None", validated.entities["philosophy"].get("philosophy"))
    philosophy = PhilosophyView(found, "philosophy.md", validated.document(found).file) if found else None
    # Every collection by name, but those with an order of their own.
    in_reading_order = {name: by_name(views.values()) for name, views in v.items()}
    in_reading_order |= {
        "philosophy": [philosophy] if philosophy else [],
        "strategy": [r.strategy] if r.strategy else [],
        "processes": processes,
        "stages": stage_order,
        "forecast": link_forecast(v["forecast"], stage_order, meetings, r.items, r.condition),
        "roles": _role_order(v["roles"].values(), processes),
        "policies": policies,
        "documents": documents,
        "scorecards": link_scorecards(v),
    }
    # A collection without a view of its own: the entities its fields name, in their reading order.
    link_references([x for c in v.values() for x in c.values() if type(x) is LinkedView], in_reading_order)
    return Playbook(in_reading_order)


def _strategy(r: _Resolver, strategy: StrategyView) -> None:
    s = strategy.entity
    for segment in s.segments:
        part = SegmentView(segment.id or "", segment.name, segment.description, r.get("personas", segment.personas))
        strategy.segments.append(part)
        r.segments[part.id] = part
    for threshold_id, threshold in s.thresholds.items():
        amounts: list[tuple[SegmentView | None, float]] = [(None, threshold.amount)] if threshold.amount else []
        amounts += [(r.segments[k], a) for k, a in threshold.amounts.items() if k in r.segments]
        named = ThresholdView(threshold_id, threshold, threshold.currency or r.currency, amounts)
        strategy.thresholds.append(named)
        r.thresholds[threshold_id] = named


def _process(r: _Resolver, process: ProcessView) -> None:
    p = process.entity
    process.matrix_page = f"process/{process.id}-matrix.md"
    process.stages = r.get("stages", p.stages)
    process.segments = [r.segments[s] for s in p.segments if s in r.segments]
    outcomes = {o.id: OutcomeView(o, process, r.get("stages", o.from_)) for o in p.outcomes}
    process.outcomes = list(outcomes.values())
    steps: dict[str, Any] = {s.id: s for s in process.stages} | outcomes
    process.transitions = [
        TransitionView(r.v["stages"][t.from_], [steps[x] for x in t.to if x in steps], t.when)
        for t in p.transitions
        if t.from_ in r.v["stages"]
    ]
    for n, stage in enumerate(process.stages):
        place = Place(
            process,
            n + 1,
            process.stages[n - 1] if n else None,
            process.stages[n + 1] if n + 1 < len(process.stages) else None,
            [t for t in process.transitions if t.source is stage],
            # An end with no `from:` is reached from the last stage: a team that leaves it out has not
            # said "from any stage", and "Ends as Closed won" does not belong on the first stage.
            [o for o in process.outcomes if stage in (o.from_stages or process.stages[-1:])],
        )
        stage.places.append(place)


def _role_order(roles: Iterable[RoleView], processes: list[ProcessView]) -> list[RoleView]:
    """Roles by their ``order``; without one, by the first stage they act in; then by name."""
    first_stage: dict[int, int] = {}
    position = 0
    for process in processes:
        for stage in process.stages:
            position += 1
            for activity in stage.activities:
                for role in activity.roles:
                    first_stage.setdefault(id(role), position)
    ordered = sorted(
        roles,
        key=lambda role: (
            role.entity.order if role.entity.order is not None else 10_000,
            first_stage.get(id(role), 10_000),
            role.title.casefold(),
        ),
    )
    for process in processes:
        acting = {id(role) for s in process.stages for a in s.activities for role in a.roles}
        acting |= {id(role) for role in ordered if role.id in process.entity.roles}  # named by a motion
        process.roles = [role for role in ordered if id(role) in acting]
    return ordered
