"""Conditions resolved for the pages: ids become the segments, processes, stages, thresholds and
declared attributes they name, nested conditions (``all``, ``any``, ``not``) included.

``site/badges.py`` says a resolved condition in words. Every line written with a ``when:`` gets
its resolved condition (``Line.shown_when``), so a page shows it wherever the line is printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.model.conditions import Attribute, Condition
from generator.model.lines import Line


@dataclass(eq=False)
class ConditionView:
    """A condition with its ids resolved; ``site/badges.py`` says it in words."""

    condition: Condition
    currency: str
    segments: list[Any] = field(default_factory=list)  # SegmentView
    processes: list[Any] = field(default_factory=list)  # ProcessView
    stages: list[Any] = field(default_factory=list)  # StageView
    threshold: Any = None  # ThresholdView
    attributes: dict[str, Attribute] = field(default_factory=dict)  # the declared ones, by id
    all: list[ConditionView] = field(default_factory=list)
    any: list[ConditionView] = field(default_factory=list)
    not_: ConditionView | None = None


Resolve = Callable[[Condition | None], ConditionView | None]


def show_conditions(value: Any, resolve: Resolve) -> None:
    """Give every line written with a condition, anywhere in ``value``, its resolved condition."""
    if isinstance(value, Line):
        if value.when is not None:
            value.shown_when = resolve(value.when)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if isinstance(item, (BaseModel, list, dict)):
                show_conditions(item, resolve)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (BaseModel, Line, list, dict)):
                show_conditions(item, resolve)
    elif isinstance(value, dict):
        for item in value.values():
            show_conditions(item, resolve)
