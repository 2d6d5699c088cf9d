"""What ``playbook import`` reads a spreadsheet into, and how it says where a problem is.

A :class:`Sheet` holds rows of :class:`Cell` that keep their row and column, so every message says
where to look: ``FILE, part PART, sheet SHEET, row N, column C: …`` (a workbook's part, the XML
file inside the .xlsx, only when the problem is in one the spreadsheet program never shows).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import printable
from generator.model.text import is_blank

ACTIVITIES = "Activities"
EXIT_CRITERIA = "Exit criteria"
MAX_ROWS = 2000
MAX_COLUMNS = 100
MIB = 1024 * 1024


def column_letter(column: int) -> str:
    """1 → A, 27 → AA: columns as a spreadsheet names them, for .csv files too."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong, at a place in the spreadsheet: ``FILE, sheet SHEET, row N, column C: …``."""

    file: str
    sheet: str = ""
    row: int = 0
    column: int = 0
    message: str = ""
    part: str = ""  # a workbook's XML part (xl/sharedStrings.xml), for what is wrong beneath the sheets

    def __str__(self) -> str:
        place = self.file
        if self.part:
            place += f", part {self.part}"
        if self.sheet:
            place += f", sheet {self.sheet}"
        if self.row:
            place += f", row {self.row}"
        if self.column:
            place += f", column {column_letter(self.column)}"
        return printable(f"{place}: {self.message}")


class SpreadsheetError(Exception):
    """The spreadsheet cannot be imported; ``problems`` says why, all at once. Nothing was written."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        # Sheet by sheet in the order found (Activities first), and by row and column in each.
        unique = list(dict.fromkeys(problems))
        places = list(dict.fromkeys((p.file, p.sheet) for p in unique))
        self.problems = sorted(unique, key=lambda p: (places.index((p.file, p.sheet)), p.row, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        count = len(self.problems)
        return f"{self}\n{count} {'problem' if count == 1 else 'problems'} found: nothing was written."


@dataclass(frozen=True)
class Cell:
    """One cell: its text ("" when empty), or, when it holds something else, what that is."""

    row: int
    column: int
    text: str = ""
    found: str | None = None  # e.g. "a number (42)", "a formula error (#REF!)"

    @property
    def empty(self) -> bool:
        return self.found is None and is_blank(self.text)  # spaces or invisible characters only


@dataclass(frozen=True)
class Sheet:
    """A sheet as rows of cells; ``rows[i]`` is row i + 1, as the spreadsheet numbers it."""

    file: str
    name: str
    rows: list[list[Cell]]

    def problem(self, message: str, row: int = 0, column: int = 0) -> SheetProblem:
        return SheetProblem(self.file, self.name, row, column, message)


def too_big(sheet: Sheet, rows: bool) -> SpreadsheetError:
    where = f"below row {MAX_ROWS}" if rows else f"right of column {column_letter(MAX_COLUMNS)}"
    message = f"the sheet has text {where}, the most the import reads: delete what is outside the table"
    return SpreadsheetError([sheet.problem(message)])
