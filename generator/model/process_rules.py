"""Gates and tracks checked where they are written: a gate guards a stage of its process (or, for a
track, of the process it runs alongside); a track's phases span stages of that process, first to
last in its order."""

from __future__ import annotations

from typing import cast

from generator.errors import Problem, suggest
from generator.model.processes import Process
from generator.model.validated import Validated


def check_gates_and_tracks(validated: Validated) -> list[Problem]:
    problems: list[Problem] = []
    processes = cast("dict[str, Process]", validated.entities["processes"])
    for process in processes.values():
        doc = validated.document(process)
        main = processes.get(process.alongside) if process.alongside else None
        if process.alongside == process.id:
            problems.append(doc.problem(("alongside",), "a process cannot run alongside itself: name another process"))
            main = None
        order = list(main.stages) if main is not None else []
        guarded = list(process.stages) + order
        seen: set[str] = set()
        for g, gate in enumerate(process.gates):
            if gate.id in seen:
                problems.append(doc.problem(("gates", g, "id"), f"'{gate.id}' is already a gate of this process"))
            seen.add(gate.id)
            if gate.before not in guarded and gate.before in validated.known_ids["stages"]:
                problems.append(doc.problem(("gates", g, "before"), _not_in(gate.before, guarded, process)))
        if process.phases and process.alongside is None:
            problems.append(
                doc.problem(
                    ("phases",),
                    "phases span the stages of another process: add 'alongside: <process id>' to say which",
                    key=True,
                )
            )
        if main is None:
            continue
        for p, phase in enumerate(process.phases):
            if phase.id in seen:
                problems.append(doc.problem(("phases", p, "id"), f"'{phase.id}' is already a gate or phase here"))
            seen.add(phase.id)
            ends = (("from", phase.spans.from_), ("to", phase.spans.to))
            for key, stage_id in ends:
                if stage_id not in order and stage_id in validated.known_ids["stages"]:
                    problems.append(doc.problem(("phases", p, "spans", key), _not_in(stage_id, order, main)))
            if all(s in order for _, s in ends) and order.index(phase.spans.from_) > order.index(phase.spans.to):
                problems.append(
                    doc.problem(
                        ("phases", p, "spans", "to"),
                        f"'{phase.spans.to}' comes before '{phase.spans.from_}' in '{main.id}': "
                        "a phase spans from an earlier stage to a later one",
                    )
                )
    return problems


def _not_in(stage_id: str, stages: list[str], process: Process) -> str:
    hint = suggest(stage_id, stages) or (f"it has {', '.join(stages)}" if stages else "it has no stages")
    return f"'{stage_id}' is not a stage of process '{process.id}': {hint}"
