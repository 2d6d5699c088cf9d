"""Rules that span the parts of an entity or several entities: processes, metric cycles, ids of parts.

These refuse what is *wrong* (a transition to a stage the process does not have, a metric that
drives itself); what is merely missing is for ``playbook check``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from generator.errors import Problem, suggest
from generator.model.metrics import Metric
from generator.model.processes import Process
from generator.model.validated import Validated


def check_processes(validated: Validated) -> list[Problem]:
    """Stages once per process; outcome ids unique; transitions between this process's stages and outcomes."""
    problems: list[Problem] = []
    known = validated.known_ids["stages"]  # an unknown stage is reported once, as a reference
    for process in cast("dict[str, Process]", validated.entities["processes"]).values():
        doc = validated.document(process)
        seen: dict[str, int] = {}
        for i, stage_id in enumerate(process.stages):
            if stage_id in seen:
                problems.append(
                    doc.problem(
                        ("stages", i),
                        f"'{stage_id}' is already stage {seen[stage_id] + 1} of this process: list each stage once",
                    )
                )
            seen.setdefault(stage_id, i)
        outcomes: dict[str, int] = {}
        for i, outcome in enumerate(process.outcomes):
            if outcome.id in outcomes or outcome.id in seen:
                what = "another outcome" if outcome.id in outcomes else "a stage of this process"
                problems.append(
                    doc.problem(("outcomes", i, "id"), f"'{outcome.id}' is also {what}: give it its own id")
                )
            outcomes.setdefault(outcome.id, i)
            for j, stage_id in enumerate(outcome.from_):
                if stage_id not in seen and stage_id in known:
                    problems.append(doc.problem(("outcomes", i, "from", j), _not_here(stage_id, seen, "stage")))
        steps = set(seen) | set(outcomes)
        for i, transition in enumerate(process.transitions):
            if transition.from_ not in seen and transition.from_ in known:
                problems.append(doc.problem(("transitions", i, "from"), _not_here(transition.from_, seen, "stage")))
            for j, target in enumerate(transition.to):
                if target not in steps:
                    problems.append(
                        doc.problem(("transitions", i, "to", j), _not_here(target, steps, "stage or outcome"))
                    )
    return problems


def _not_here(name: str, here: Any, what: str) -> str:
    hint = suggest(name, here)
    return f"'{name}' is not a {what} of this process" + (
        f": {hint}" if hint else f"; it has {', '.join(sorted(here))}"
    )


def check_part_ids(validated: Validated) -> list[Problem]:
    """Ids of segments and of a framework's elements are unique where they are written."""
    problems: list[Problem] = []
    strategy = validated.entities["strategy"].get("strategy")
    if strategy is not None:
        problems += _unique(validated, strategy, "segments", [s.id for s in getattr(strategy, "segments", [])])
    for framework in validated.entities["qualification"].values():
        problems += _unique(validated, framework, "elements", [e.id for e in getattr(framework, "elements", [])])
    return problems


def _unique(validated: Validated, entity: Any, field: str, ids: list[str]) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, part_id in enumerate(ids):
        if part_id in first:
            yield validated.document(entity).problem(
                (field, i), f"the id '{part_id}' is also used by {field}[{first[part_id]}]: give each its own id"
            )
        first.setdefault(part_id, i)


def check_metric_cycles(validated: Validated) -> list[Problem]:
    """A metric may not drive itself, directly or through others."""
    metrics = cast("dict[str, Metric]", validated.entities["metrics"])
    problems = []
    for metric_id, metric in metrics.items():
        # Depth-first search from each metric; report a cycle on the metric where it starts.
        stack = [(d, [metric_id, d]) for d in metric.drives]
        seen: set[str] = set()
        while stack:
            current, path = stack.pop()
            if current == metric_id:
                problems.append(
                    validated.document(metric).problem(("drives",), "metric drives itself: " + " → ".join(path))
                )
                break
            if current in seen or current not in metrics:
                continue
            seen.add(current)
            stack += [(d, [*path, d]) for d in metrics[current].drives]
    return problems
