"""The health rules of execution and alignment: focus on lead metrics that drive results, coaching that
moves behaviours, roles measured and paid for what they are held to, pages kept current."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from generator import model as m
from generator.checks.registry import Scope, Spot, rule


# A warning, not an error: some companies state only the results a track is judged on.
@rule("focus-is-lead", "Every tenure track focuses on 1-3 lead metrics (behaviours), not on results.")
def focus_is_lead(s: Scope) -> Iterator[Spot]:
    metrics = cast("dict[str, m.Metric]", s.validated.entities["metrics"])
    for role in s.all("roles"):
        for t, track in enumerate(role.tenure_tracks):
            for i, metric_id in enumerate(track.focus_metrics):
                metric = metrics.get(metric_id)
                if metric is not None and metric.kind == "lag":
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
        kinds = {metrics[x].kind for x in script.moves if x in metrics}
        if kinds == {"lag"}:  # a metric of unknown kind may be the behaviour
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
            # A responsibility with no measure is a gap (see responsibility-measured), not a contradiction.
            if duty.measured_by and not watched.intersection(duty.measured_by):
                yield s.at(
                    role,
                    ("responsibilities", i, "measured_by"),
                    (f"'{_short(duty.what)}' is" if duty.what else "this responsibility is")
                    + f" measured by {_ids(duty.measured_by)}, which the role neither "
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


@rule("responsibility-measured", "Every responsibility of a role names the metric that shows it is met.", "info")
def responsibility_measured(s: Scope) -> Iterator[Spot]:
    for role in s.all("roles"):
        for i, duty in enumerate(role.responsibilities):
            if not duty.measured_by:
                yield s.at(
                    role,
                    ("responsibilities", i, "what"),
                    f"'{_short(duty.what)}' is measured by no metric: add 'measured_by' when one shows it",
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
