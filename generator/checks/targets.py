"""The health rules of metrics and roles as companies state them: a metric of unknown kind, a tenure
track without focus, a metric with no target. (A target for a variant, level or track that does
not exist is refused by validation: ``model/target_refs.py``.)"""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.registry import Scope, Spot, rule


@rule(
    "metric-kind-known",
    "Every metric says whether it is a lead metric (a behaviour) or a lag metric (a result).",
    "info",
)
def metric_kind_known(s: Scope) -> Iterator[Spot]:
    for metric in s.all("metrics"):
        if metric.kind is None:
            yield s.at(
                metric,
                ("name",),
                f"metric '{metric.id}' has no kind: add 'kind: lead' (a behaviour) or 'kind: lag' (a result) "
                "when it is known; the lead/lag rules skip it until then",
                key=True,
            )


@rule("track-has-focus", "Every tenure track names the lead metrics it focuses on.", "info")
def track_has_focus(s: Scope) -> Iterator[Spot]:
    for role in s.all("roles"):
        for t, track in enumerate(role.tenure_tracks):
            if not track.focus_metrics:
                yield s.at(
                    role,
                    ("tenure_tracks", t, "tenure"),
                    f"the {track.tenure} track has no focus: add 'focus_metrics', the 1-3 behaviours it works on now",
                )


@rule("metric-has-target", "Every metric has a target, or says it has none yet.", "info")
def metric_has_target(s: Scope) -> Iterator[Spot]:
    for metric in s.all("metrics"):
        if metric.target is None and not metric.targets:
            yield s.at(
                metric,
                ("name",),
                f"metric '{metric.id}' has no target: add 'targets' (by role, level, segment or period) "
                "when there is one",
                key=True,
            )
