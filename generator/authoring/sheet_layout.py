"""What the cells of an imported spreadsheet mean: the layout ``playbook import`` reads.

An *Activities* sheet is a stage × role grid: its first row that is not empty is the header (column
A: the stage; a Label and a Goal column, recognised by their header; then one column per role, by
its id or name); below it, one row per stage, whose cells hold each role's actions, one per line.
An *Exit criteria* sheet lists (stage, criterion) rows under its header, a blank stage meaning the
stage above. Each stage becomes a :class:`Draft`, which remembers the cell each value came from, so
that a problem found later, by the validation of the build, is reported at that cell.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.authoring.sheet_numbers import COLUMNS, HEADERS, stage_numbers
from generator.authoring.sheets import ACTIVITIES, Cell, Sheet, SheetProblem, column_letter
from generator.errors import suggest
from generator.model.schema import schema_line
from generator.model.text import is_blank, name_key

MAX_ID = 64
# A bullet typed at the start of a line in a cell ("• Call the buyer"): the list is ours to draw.
_BULLET = re.compile(r"^[-*•◦▪–]\s+")
IMPORTED = (
    "# Imported by `playbook import` from a spreadsheet. Edit this file from now on: a new import\n"
    "# replaces it only with --force.\n"
)


def stage_id(name: str) -> str:
    """The id (file name) of a stage from its name: "Site assessment" → ``site-assessment``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_ID].rstrip("-")


def _lines(text: str) -> list[tuple[int, str]]:
    """The lines of a cell, bullets removed, each with its line number in the cell (0: the only line)."""
    lines = [(n, _BULLET.sub("", line.strip())) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if not is_blank(line)]
    return [(0, lines[0][1])] if len(lines) == 1 else lines


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


@dataclass
class Draft:
    """A file to write: its data, and the cell each value came from, by its path in the file."""

    collection: str
    id: str
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[Sheet, Cell, int]] = field(default_factory=dict)  # (sheet, cell, line in the cell)

    def put(self, where: str, sheet: Sheet, cell: Cell, line: int = 0) -> None:
        self.cells[where] = (sheet, cell, line)

    def text(self) -> str:
        body = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
        return f"{schema_line(self.collection)}\n{IMPORTED}{body}"


def _put(draft: Draft, sheet: Sheet, path: str, cell: Cell, value: Any) -> None:
    draft.data[path.split(".")[0]] = value
    draft.put(path, sheet, cell)


def _first_row(sheet: Sheet) -> int | None:
    return next((i for i, row in enumerate(sheet.rows) if any(not c.empty for c in row)), None)


def _filled(row: list[Cell]) -> dict[int, Cell]:
    return {c.column: c for c in row if not c.empty}


class Interpreter:
    """Turns the two sheets into stage drafts, collecting every problem on the way."""

    def __init__(self, roles: dict[str, str], role_words: list[str]) -> None:
        self.roles = roles  # name_key of a role's id or name → its id
        self.role_words = role_words  # ids and names, for "did you mean"
        self.problems: list[SheetProblem] = []

    def text(self, sheet: Sheet, cell: Cell) -> str | None:
        """The cell's text; None (and a problem) when it holds something else."""
        if cell.found is None:
            return cell.text.strip()
        if cell.found.startswith("a formula error"):
            message = f"the cell holds {cell.found}: fix the formula, or type the text in"
        else:
            message = f"expected text, found {cell.found}: format the cell as text and type it again"
        self.problems.append(sheet.problem(message, cell.row, cell.column))
        return None

    def columns(self, sheet: Sheet, start: int) -> tuple[dict[str, int], dict[int, tuple[str, Cell]]]:
        """({"label"/"goal": column}, {column: (role id, header cell)}) from the header row."""
        header_row = start + 1
        header = {c: cell for c, cell in _filled(sheet.rows[start]).items() if c > 1}
        used = {c for row in sheet.rows[start + 1 :] for c in _filled(row) if c > 1}
        for column in sorted(used - header.keys()):
            message = f"this column has text but no header: write a role's id or name in row {header_row}, or clear it"
            self.problems.append(sheet.problem(message, header_row, column))
        fields: dict[str, int] = {}
        roles: dict[int, tuple[str, Cell]] = {}
        first_column: dict[str, int] = {}
        for column, cell in sorted(header.items()):
            text = self.text(sheet, cell)
            if text is None:
                continue
            key = name_key(text)
            if key in ("label", "goal", *COLUMNS) and key not in fields:
                fields[key] = column
                continue
            role = self.roles.get(key)
            if role is None:
                hint = suggest(text, [*self.role_words, "Label", "Goal", *HEADERS]) or (
                    f"use the id or name of a role ({', '.join(sorted(set(self.roles.values())))}), "
                    "or create it with `playbook new role ID`"
                )
                self.problems.append(sheet.problem(f"there is no role '{_shown(text)}': {hint}", header_row, column))
            elif role in first_column:
                first = column_letter(first_column[role])
                message = f"the role '{role}' already has column {first}: put its actions in one column"
                self.problems.append(sheet.problem(message, header_row, column))
            else:
                first_column[role] = column
                roles[column] = (role, cell)
        if len(header) == len(fields):
            message = "there are no role columns: after the stage column, give each role a column, its id or name here"
            self.problems.append(sheet.problem(message, header_row))
        return fields, roles

    def activities(self, sheet: Sheet) -> dict[str, Draft]:
        """A draft per stage row, in sheet order, with its label, name, goal and activities."""
        start = _first_row(sheet)
        if start is None:
            message = "the sheet is empty: write a header row (Stage, then one column per role), then one row per stage"
            self.problems.append(sheet.problem(message))
            return {}
        fields, roles = self.columns(sheet, start)
        stages: dict[str, Draft] = {}
        rows = [cells for row in sheet.rows[start + 1 :] if (cells := _filled(row))]
        if not rows:
            message = "there are no stages under the header row: write one stage per row, its name in column A"
            self.problems.append(sheet.problem(message))
        for cells in rows:
            if 1 not in cells:
                message = "the stage name is missing, yet the row is not empty: write the stage name in column A"
                row = next(iter(cells.values())).row
                self.problems.append(sheet.problem(message + ", or clear the row", row, 1))
                continue
            name = self.text(sheet, cells[1])
            if name is None:
                continue
            draft = self.stage(sheet, cells[1], name, stages)
            if draft is None:
                continue
            for key in ("label", "goal"):
                cell = cells.get(fields.get(key, 0))
                value = self.text(sheet, cell) if cell is not None else None
                if cell is not None and value:
                    draft.data[key] = value
                    draft.put(key, sheet, cell)
            stage_numbers(sheet, cells, fields, functools.partial(_put, draft, sheet), self.problems)
            # In the order of the model (and of a file written by hand): label, name, goal, numbers, activities.
            order = ("label", "name", "goal", "probability", "forecast_category", "time_box")
            draft.data = {key: draft.data[key] for key in order if key in draft.data}
            self.stage_activities(sheet, draft, cells, roles)
        return stages

    def stage(self, sheet: Sheet, cell: Cell, name: str, stages: dict[str, Draft]) -> Draft | None:
        new_id = stage_id(name)
        if not new_id:
            message = f"cannot make an id from '{_shown(name)}': use some letters a-z or digits in the stage name"
            self.problems.append(sheet.problem(message, cell.row, cell.column))
            return None
        if new_id in stages:
            other = stages[new_id]
            first = other.cells["name"][1]
            if name_key(other.data["name"]) == name_key(name):
                message = f"the stage '{_shown(name)}' is already in row {first.row}: merge the two rows"
            else:
                message = (
                    f"'{_shown(name)}' makes the same stage id, '{new_id}', as '{_shown(other.data['name'])}' "
                    f"in row {first.row}: give the stages names that differ in more than case and punctuation"
                )
            self.problems.append(sheet.problem(message, cell.row, cell.column))
            return None
        draft = Draft("stages", new_id, {"name": name})
        draft.put("name", sheet, cell)
        stages[new_id] = draft
        return draft

    def stage_activities(
        self, sheet: Sheet, draft: Draft, cells: dict[int, Cell], roles: dict[int, tuple[str, Cell]]
    ) -> None:
        activities: list[dict[str, Any]] = []
        for column, (role, header) in roles.items():
            cell = cells.get(column)
            text = self.text(sheet, cell) if cell is not None else None
            if cell is None or not text:
                continue
            i = len(activities)
            draft.put(f"activities[{i}]", sheet, header)
            lines = _lines(text)
            for j, (line_number, _) in enumerate(lines):
                draft.put(f"activities[{i}].actions[{j}]", sheet, cell, line_number)
            activities.append({"role": role, "actions": [line for _, line in lines]})
        if activities:
            draft.data["activities"] = activities

    def exit_criteria(self, sheet: Sheet, stages: dict[str, Draft]) -> None:
        """Add each (stage, criterion) row to its stage; a blank stage cell means the stage above."""
        start = _first_row(sheet)
        if start is None:
            message = "the sheet is empty: write a header row (Stage, Exit criterion), then one row per criterion"
            self.problems.append(sheet.problem(message))
            return
        if not stages:  # the activities sheet says what is wrong: a stage here would only be unknown
            return
        first = _filled(sheet.rows[start]).get(1)
        if first is not None and first.found is None and stage_id(first.text) in stages:
            message = (
                f"row {start + 1} is read as the header, but it names the stage '{_shown(first.text)}': "
                "add a header row (Stage, Exit criterion) above it"
            )
            self.problems.append(sheet.problem(message, first.row, 1))
        names = [draft.data["name"] for draft in stages.values()]
        stage: Draft | None = None
        seen = False
        for row in sheet.rows[start + 1 :]:
            cells = _filled(row)
            if 1 in cells:
                seen, stage = True, None
                name = self.text(sheet, cells[1])
                if name is not None and stage_id(name) in stages:
                    stage = stages[stage_id(name)]
                elif name is not None:
                    hint = suggest(name, names) or f"write the name as column A of the {ACTIVITIES} sheet has it"
                    message = f"'{_shown(name)}' is not a stage of the {ACTIVITIES} sheet: {hint}"
                    self.problems.append(sheet.problem(message, cells[1].row, 1))
            cell = cells.get(2)
            text = self.text(sheet, cell) if cell is not None else None
            if cell is None or not text:
                continue
            if not seen:
                message = "this criterion has no stage, and there is none above it: write the stage name in column A"
                self.problems.append(sheet.problem(message, cell.row, 1))
            if stage is None:
                continue
            criteria = stage.data.setdefault("exit_criteria", [])
            for line_number, line in _lines(text):
                stage.put(f"exit_criteria[{len(criteria)}]", sheet, cell, line_number)
                criteria.append(line)
