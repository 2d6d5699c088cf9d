"""Roles and metrics linked: each role's work in the stages, responsibilities, tenure tracks and
reporting line, and each metric's targets with the role, variant, level and segment they are for
(a metric page and a role page show the same targets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model.metrics import Target
from generator.model.playbook import by_name
from generator.model.roles import Variant
from generator.model.views import ResponsibilityView, StageWork, TrackView


@dataclass(eq=False)
class TargetView:
    """A target with whom it is for resolved; ``metric`` is the metric it is a target of."""

    target: Target
    metric: Any  # MetricView
    role: Any = None  # RoleView
    variant: Any = None  # roles.Variant
    level: Any = None  # roles.Level
    segment: Any = None  # SegmentView
    when: Any = None  # ConditionView

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)

    @property
    def unit_shown(self) -> str:
        return self.target.unit or self.metric.entity.unit or ""


@dataclass(eq=False)
class VariantView:
    """A variant of a role with the deals or leads it works resolved."""

    variant: Variant
    when: Any = None  # ConditionView

    def __getattr__(self, name: str) -> Any:
        return getattr(self.variant, name)


def link_roles(r: Any, stage_order: list[Any]) -> None:
    """Fill in every role view (``r`` is the resolver: views by collection, ``get``)."""
    roles = r.v["roles"]
    metrics = r.v["metrics"]
    for stage in stage_order:
        for activity in stage.activities:
            for role in activity.roles:
                work = next((w for w in role.work if w.stage is stage), None)
                if work is None:
                    role.work.append(StageWork(stage, list(activity.actions)))
                else:
                    work.actions += activity.actions
    for role in roles.values():
        e = role.entity
        role.responsibilities = [
            ResponsibilityView(x.what, r.get("metrics", x.measured_by)) for x in e.responsibilities
        ]
        role.tenure_tracks = [
            TrackView(t.tenure, t.description, r.get("metrics", t.focus_metrics), r.get("metrics", t.lag_metrics))
            for t in e.tenure_tracks
        ]
        role.compensated_on = r.get("metrics", e.compensated_on)
        role.variants = [VariantView(v, r.condition(v.when)) for v in e.variants]
        for track in role.tenure_tracks:
            for metric in track.focus_metrics:
                metrics[metric.id].focus_of.append((role, track.tenure))
        role.reports_to = roles.get(e.reports_to) if e.reports_to else None
        if role.reports_to is not None:
            role.reports_to.reports.append(role)
        involved = {id(w.stage) for w in role.work}
        role.personas = by_name(p for p in r.v["personas"].values() if any(id(s) in involved for s in p.stages))
    for metric in by_name(metrics.values()):
        metric.targets = [_target(r, metric, t) for t in metric.entity.targets]
        for target in metric.targets:
            if target.role is not None:
                target.role.targets.append(target)


def _target(r: Any, metric: Any, target: Target) -> TargetView:
    role = r.v["roles"].get(target.role) if target.role else None
    entity = role.entity if role is not None else None
    return TargetView(
        target,
        metric,
        role,
        next((v for v in entity.variants if v.id == target.variant), None) if entity else None,
        next((x for x in entity.levels if x.id == target.level), None) if entity else None,
        r.segments.get(target.segment) if target.segment else None,
        r.condition(target.when),
    )
