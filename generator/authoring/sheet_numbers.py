"""The numbers a stage row of an imported spreadsheet may carry: a Probability, a Time box (days) and
a Forecast category column, recognised by their header like Label and Goal.

A number may be typed as a number or as text ("20 %", "21 days"); a category by its name or id
("Best case", ``best-case``). What the value means is left to validation, which reports a problem
at the cell the value came from (an unknown category, a probability over 100).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.authoring.cells import Cell, Sheet, SheetProblem

# Header (as name_key writes it) → the stage field it fills.
COLUMNS = {"probability": "probability", "time box": "time_box", "forecast category": "forecast_category"}
HEADERS = ["Probability", "Time box", "Forecast category"]
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|days?)?\s*$", re.IGNORECASE)
_FOUND = re.compile(r"^a number \((-?\d+(?:\.\d+)?)\)$")


def _number(cell: Cell) -> float | int | None:
    match = _FOUND.match(cell.found) if cell.found else _NUMBER.match(cell.text)
    if match is None:
        return None
    value = float(match.group(1))
    return int(value) if value == int(value) else value


def _category_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def stage_numbers(
    sheet: Sheet,
    cells: dict[int, Cell],
    fields: dict[str, int],
    put: Callable[[str, Cell, Any], None],
    problems: list[SheetProblem],
) -> None:
    """Fill the stage's numbers from its row; ``put(path, cell, value)`` records each with its cell."""
    for header, key in COLUMNS.items():
        cell = cells.get(fields.get(header, 0))
        if cell is None or cell.empty:
            continue
        if key == "forecast_category":
            if cell.found is not None:
                problems.append(sheet.problem(f"expected a category's name, found {cell.found}", cell.row, cell.column))
            else:
                put(key, cell, _category_id(cell.text))
            continue
        number = _number(cell)
        if number is None:
            what = "a probability from 0 to 100, like 20" if key == "probability" else "a number of days, like 21"
            found = cell.found or f"'{' '.join(cell.text.split())[:40]}'"
            problems.append(sheet.problem(f"expected {what}, found {found}", cell.row, cell.column))
        elif key == "time_box":
            put("time_box.days", cell, {"days": number})
        else:
            put(key, cell, number)
