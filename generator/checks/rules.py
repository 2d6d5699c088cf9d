"""The health rules. Each is a function taking a Scope and yielding Spots, registered with @rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from generator import model as m
from generator.checks.registry import Scope, Spot, rule


@rule(
    "four-parts", "All four parts of the sales system are written: philosophy, process, method and execution.", "error"
)
def four_parts(s: Scope) -> Iterator[Spot]:
    if s.one("philosophy") is None:
        yield s.missing_file("philosophy.yml", "the philosophy (why we sell) is missing: add content/philosophy.yml")
    if not s.all("stages"):
        yield s.missing_file("stages/", "the process is missing: add at least one stage in content/stages/")
    if not s.all("methods"):
        yield s.missing_file("methods/", "the method is missing: add at least one method in content/methods/")
    if not s.all("metrics"):
        yield s.missing_file("metrics/", "execution has no measurement: add lead and lag metrics in content/metrics/")
    if not s.all("coaching"):
        yield s.missing_file("coaching/", "execution has no coaching: add a coaching script in content/coaching/")


@rule("stage-has-method", "Every stage has at least one method that says how to do it.")
def stage_has_method(s: Scope) -> Iterator[Spot]:
    used = {stage for method in s.all("methods") for stage in method.stages}
    for stage in s.all("stages"):
        if stage.id not in used:
            yield s.at(stage, ("name",), f"stage '{stage.id}' has no method: list it under 'stages' in a method file")


@rule("stage-has-coaching", "Every stage has at least one coaching script a manager can run.")
def stage_has_coaching(s: Scope) -> Iterator[Spot]:
    coached = {stage for script in s.all("coaching") for stage in script.stages}
    for stage in s.all("stages"):
        if stage.id not in coached:
            yield s.at(stage, ("name",), f"stage '{stage.id}' has no coaching script: list it under 'stages' in one")


@rule("focus-is-lead", "Every tenure track focuses on 1-3 lead metrics (behaviours), not on results.", "error")
def focus_is_lead(s: Scope) -> Iterator[Spot]:
    metrics = cast("dict[str, m.Metric]", s.validated.entities["metrics"])
    for role in s.all("roles"):
        for t, track in enumerate(role.tenure_tracks):
            for i, metric_id in enumerate(track.focus_metrics):
                metric = metrics.get(metric_id)
                if metric is not None and metric.kind != "lead":
                    yield s.at(
                        role,
                        ("tenure_tracks", t, "focus_metrics", i),
                        f"'{metric_id}' is a lag metric: focus the {track.tenure} track on lead metrics "
                        "and list results under 'lag_metrics'",
                    )


@rule("lead-drives-lag", "Every lead metric drives a lag metric, directly or through other lead metrics.")
def lead_drives_lag(s: Scope) -> Iterator[Spot]:
    metrics = cast("dict[str, m.Metric]", s.validated.entities["metrics"])
    for metric in s.all("metrics"):
        if metric.kind != "lead":
            continue
        seen: set[str] = set()
        todo = list(metric.drives)
        while todo:
            current = todo.pop()
            if current in seen or current not in metrics:
                continue
            seen.add(current)
            todo += metrics[current].drives
        if not any(metrics[x].kind == "lag" for x in seen):
            yield s.at(
                metric,
                ("drives",) if s.written(metric, ("drives",)) else ("kind",),
                f"lead metric '{metric.id}' drives no lag metric: add the result it moves under 'drives'",
            )


@rule("coaching-moves-lead", "Every coaching script moves at least one lead metric (a behaviour a rep controls).")
def coaching_moves_lead(s: Scope) -> Iterator[Spot]:
    metrics = cast("dict[str, m.Metric]", s.validated.entities["metrics"])
    for script in s.all("coaching"):
        if not any(metrics[x].kind == "lead" for x in script.moves if x in metrics):
            yield s.at(
                script,
                ("moves",),
                f"coaching script '{script.id}' moves only lag metrics: name the lead metric the behaviour changes",
            )


@rule("strategic-anomaly", "No role is held accountable for one thing but measured or paid for another.")
def strategic_anomaly(s: Scope) -> Iterator[Spot]:
    for role in s.all("roles"):
        tracked = {x for t in role.tenure_tracks for x in (*t.focus_metrics, *t.lag_metrics)}
        watched = tracked | set(role.compensated_on)
        for i, duty in enumerate(role.responsibilities):
            if not duty.measured_by:
                yield s.at(
                    role,
                    ("responsibilities", i, "what"),
                    f"'{_short(duty.what)}' is measured by no metric: add 'measured_by'",
                )
            elif not watched.intersection(duty.measured_by):
                yield s.at(
                    role,
                    ("responsibilities", i, "measured_by"),
                    f"'{_short(duty.what)}' is measured by {_ids(duty.measured_by)}, which the role neither "
                    "focuses on (tenure tracks) nor is paid on (compensated_on)",
                )
        covered = tracked | {x for duty in role.responsibilities for x in duty.measured_by}
        for i, metric_id in enumerate(role.compensated_on):
            if metric_id not in covered:
                yield s.at(
                    role,
                    ("compensated_on", i),
                    f"the role is paid on '{metric_id}', which no responsibility or tenure track covers",
                )


@rule(
    "icp-complete",
    "The strategy states an ideal client profile with criteria, disqualifiers and an off-profile rule.",
    "error",
)
def icp_complete(s: Scope) -> Iterator[Spot]:
    # Criteria, disqualifiers and the off-profile rule are required fields of strategy.yml, so the
    # profile is complete exactly when the file exists and validated.
    if s.one("strategy") is None:
        yield s.missing_file(
            "strategy.yml",
            "there is no ideal client profile: add content/strategy.yml "
            "with icp.criteria, icp.disqualifiers and off_profile_rule",
        )


@rule("owner-missing", "Every page names an owner who keeps it current.", "info")
def owner_missing(s: Scope) -> Iterator[Spot]:
    for entities in s.validated.entities.values():
        for entity in entities.values():
            if not entity.owner:
                yield s.at(entity, (), "no owner: add 'owner:' naming who keeps this page current")


@rule("review-overdue", "No page is past its review_by date.")
def review_overdue(s: Scope) -> Iterator[Spot]:
    for entities in s.validated.entities.values():
        for entity in entities.values():
            if entity.review_by is not None and entity.review_by < s.today:
                yield s.at(
                    entity,
                    ("review_by",),
                    f"review was due on {entity.review_by.isoformat()}: review the page, then move 'review_by' forward",
                )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ids(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)
