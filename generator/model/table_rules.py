"""Policy tables checked cell by cell: every key of a row is a column, every cell fits its column's
type, and a role or stage cell names one that exists. Each error points at the cell."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, cast

from generator.content.document import Loc
from generator.errors import Problem, suggest
from generator.model.policies import ROW_FIELDS, Column, Policy, Table
from generator.model.validated import Validated

NUMBERS = ("number", "amount", "percent")
LINKED = {"role": "roles", "stage": "stages"}


def check_tables(validated: Validated) -> list[Problem]:
    """Each policy table's columns and rows, at the place each problem is written."""
    problems: list[Problem] = []
    for policy in cast("dict[str, Policy]", validated.entities.get("policies", {})).values():
        doc = validated.document(policy)
        for t, table in enumerate(policy.tables):
            for loc, message, key in _table_problems(table, validated.known_ids):
                problems.append(doc.problem(("tables", t, *loc), message, key=key))
    return problems


def _table_problems(table: Table, known: dict[str, set[str]]) -> Iterator[tuple[Loc, str, bool]]:
    columns: dict[str, Column] = {}
    for c, column in enumerate(table.columns):
        if column.id in ROW_FIELDS:
            yield ("columns", c, "id"), f"'{column.id}' is a field of every row: give the column another id", False
        elif column.id in columns:
            yield ("columns", c, "id"), f"'{column.id}' is already a column of this table: give each its own id", False
        columns.setdefault(column.id, column)
    for r, row in enumerate(table.rows):
        for key, value in row.cells.items():
            column = columns.get(key)
            if column is None:
                hint = suggest(key, [*columns, *ROW_FIELDS]) or f"its columns are {', '.join(columns)}"
                yield ("rows", r, key), f"'{key}' is not a column of this table: {hint}", True
                continue
            message = _misfit(value, column, known)
            if message:
                yield ("rows", r, key), message, False


def _misfit(value: Any, column: Column, known: dict[str, set[str]]) -> str | None:
    """Why ``value`` cannot be a cell of ``column``, or None when it fits."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        what = "nothing" if value is None else type(value).__name__.replace("bool", "yes/no").replace("dict", "fields")
        return f"a cell holds one value, got {what}: write text or a number (leave the key out for an empty cell)"
    if column.type in NUMBERS:
        if isinstance(value, str):
            return f"column '{column.id}' holds {column.type}s: write a number, like 10, not '{value}'"
        if not math.isfinite(value):
            return "expected a finite number, like 10"
        return None
    if column.type in LINKED:
        ids = known.get(LINKED[column.type], set())
        if not isinstance(value, str) or value not in ids:
            hint = suggest(str(value), ids) or f"column '{column.id}' holds {column.type} ids"
            return f"unknown {column.type} '{value}': {hint}"
    return None
