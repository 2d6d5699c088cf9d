"""Where each qualification element is worked on: the stages it lists, or a range of stages in the
order of the process that holds both ends; a stage then knows the elements being worked there."""

from __future__ import annotations

from typing import Any

from generator.model.qualification import StageSpan


def link_worked(frameworks: list[Any], processes: list[Any], stage_order: list[Any], stages: dict[str, Any]) -> None:
    """Fill ``element.worked_in`` and ``stage.elements_worked`` (views; references are valid)."""
    for framework in frameworks:
        for element in framework.elements:
            written = element.element.worked_in
            if isinstance(written, StageSpan):
                element.worked_in = _span(written, processes, stage_order, stages)
            else:
                element.worked_in = [stages[i] for i in written if i in stages]
            for stage in element.worked_in:
                stage.elements_worked.append(element)


def _span(span: StageSpan, processes: list[Any], stage_order: list[Any], stages: dict[str, Any]) -> list[Any]:
    first, last = stages.get(span.from_), stages.get(span.to)
    if first is None or last is None:
        return []
    order = next((p.stages for p in processes if first in p.stages and last in p.stages), stage_order)
    start, end = order.index(first), order.index(last)
    return order[start : end + 1] if start <= end else order[end : start + 1]
