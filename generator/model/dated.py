"""Effective dates: a rule that changed is shown as the line valid today, with its history on it.

Any line may carry ``valid_from`` / ``valid_until``. In a list, a line whose ``valid_until`` has
passed no longer stands on its own: it goes onto the line after it (the one that replaced it) as
``earlier``, which the page shows one click away, or onto the line before it when nothing followed
it. A line not valid yet stays in the list, and the page says from when it holds.

"Today" is the build's date: ``SOURCE_DATE_EPOCH`` when the build fixes it (``engines/publish.py``
sets it for reproducible builds), else the calendar date; callers may pass their own.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from typing import Any

from pydantic import BaseModel

from generator.model.lines import Line
from generator.model.validated import Validated


def build_date() -> datetime.date:
    """The date a build is made on: the fixed build date when there is one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def current_lines(validated: Validated, today: datetime.date) -> Validated:
    """The playbook with ended lines folded onto the lines that replaced them; entities without
    dated lines are the same objects."""
    entities = {name: {i: _fold(e, today) for i, e in by_id.items()} for name, by_id in validated.entities.items()}
    return dataclasses.replace(validated, entities=entities)


def ended(line: Line, today: datetime.date) -> bool:
    return line.valid_until is not None and line.valid_until < today


def _fold(value: Any, today: datetime.date) -> Any:
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            if isinstance(item, (BaseModel, list, dict)):
                folded = _fold(item, today)
                if folded is not item:
                    update[name] = folded
        if not update:
            return value
        copy = value.model_copy(update=update)
        if hasattr(value, "id"):
            copy.id = value.id  # the entity's id is not a field a copy keeps by itself
        return copy
    if isinstance(value, list):
        for x in value:
            if isinstance(x, Line) and x.valid_from is not None:
                x.coming = x.valid_from > today  # said beside the line: "from …" or "since …"
        if any(isinstance(x, Line) and ended(x, today) for x in value):
            return _fold_lines(value, today)
        items = [_fold(x, today) for x in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        folded = {k: _fold(x, today) for k, x in value.items()}
        return folded if any(folded[k] is not value[k] for k in value) else value
    return value


def _fold_lines(lines: list[Any], today: datetime.date) -> list[Any]:
    out: list[Any] = []
    pending: list[Line] = []
    for line in lines:
        if isinstance(line, Line) and ended(line, today):
            pending.append(line)
            continue
        if pending and isinstance(line, Line):
            line = line.copy()
            line.earlier = (*line.earlier, *pending)
            pending = []
        out.append(line)
    if pending and out and isinstance(out[-1], Line):
        last = out[-1].copy()
        last.earlier = (*last.earlier, *pending)
        out[-1] = last
    return out
