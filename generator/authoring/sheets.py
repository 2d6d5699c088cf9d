"""Read the two sheets ``playbook import`` needs into grids of cells that know where they are.

An ``.xlsx`` workbook holds both sheets, found by name; a ``.csv`` file holds one, so the exit
criteria come in a second one. Either way a :class:`Sheet` holds rows of :class:`Cell` that keep
their row and column, so every message says where to look. A cell holding something other than
text (a number, a date, a formula error) says what, for ``sheet_layout.py`` to refuse.

Hostile files stay cheap: the file size, a workbook's unpacked size, and the rows and columns read
are bounded. A workbook is read for its stored values: nothing is evaluated, no external link loaded.
"""

from __future__ import annotations

import csv
import datetime
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import printable
from generator.model.text import is_blank

ACTIVITIES = "Activities"
EXIT_CRITERIA = "Exit criteria"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a workbook is a zip: bound what it unpacks to, too
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

    def __str__(self) -> str:
        place = self.file
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


def read_sheets(file: Path, exit_criteria: Path | None) -> tuple[Sheet, Sheet]:
    """The activities sheet and the exit criteria sheet; raise SpreadsheetError saying what is wrong."""
    shown = str(file)
    _check_file(file, shown)
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        if exit_criteria is not None:
            message = "--exit-criteria is for .csv files (an .xlsx file holds both sheets): leave it out"
            raise SpreadsheetError([SheetProblem(shown, message=message)])
        return _read_workbook(file, shown)
    if suffix != ".csv":
        raise SpreadsheetError([SheetProblem(shown, message=_NOT_A_SHEET)])
    if exit_criteria is None:
        message = "a .csv file holds one sheet, the activities: give the exit criteria in a second .csv file "
        raise SpreadsheetError([SheetProblem(shown, message=message + "with --exit-criteria FILE")])
    problems: list[SheetProblem] = []
    sheets: list[Sheet] = []
    for path, name in ((file, ACTIVITIES), (exit_criteria, EXIT_CRITERIA)):
        try:
            _check_file(path, str(path))
            if path.suffix.lower() != ".csv":
                raise SpreadsheetError([SheetProblem(str(path), message=_NOT_CSV)])
            sheets.append(_read_csv(path, str(path), name))
        except SpreadsheetError as exc:
            problems += exc.problems
    if problems:
        raise SpreadsheetError(problems)
    return sheets[0], sheets[1]


_NOT_A_SHEET = "only .xlsx and .csv files can be imported: save the spreadsheet as .xlsx (or each sheet as .csv)"
_NOT_CSV = "the exit criteria of a .csv import come in a .csv file too: save that sheet as .csv"


def _check_file(path: Path, shown: str) -> None:
    try:
        if path.is_dir():
            raise SpreadsheetError([SheetProblem(shown, message="this is a folder: give the path of a file")])
        size = path.stat().st_size
    except FileNotFoundError:
        raise SpreadsheetError([SheetProblem(shown, message="there is no such file: check the path")]) from None
    except OSError as exc:
        message = f"cannot open the file ({exc.strerror}): check the path and its permissions"
        raise SpreadsheetError([SheetProblem(shown, message=message)]) from None
    if size > MAX_FILE_BYTES:
        message = (
            f"the file is {size / MIB:.1f} MiB, over the {MAX_FILE_BYTES // MIB} MiB limit: "
            "keep only the sheets the import reads, without pictures"
        )
        raise SpreadsheetError([SheetProblem(shown, message=message)])


def _too_big(sheet: Sheet, rows: bool) -> SpreadsheetError:
    where = f"below row {MAX_ROWS}" if rows else f"right of column {column_letter(MAX_COLUMNS)}"
    message = f"the sheet has text {where}, the most the import reads: delete what is outside the table"
    return SpreadsheetError([sheet.problem(message)])


def _read_csv(path: Path, shown: str, name: str) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = f"cannot open the file ({exc.strerror}): check the path and its permissions"
        raise SpreadsheetError([SheetProblem(shown, message=message)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}): save it as CSV UTF-8"
        raise SpreadsheetError([SheetProblem(shown, message=message)]) from None
    sheet = Sheet(shown, name, [])
    # Spreadsheets saved in some languages separate cells with ';' (or a tab): the header row tells.
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row, values in enumerate(reader, start=1):
            if row > MAX_ROWS and any(v.strip() for v in values):
                raise _too_big(sheet, rows=True)
            if any(v.strip() for v in values[MAX_COLUMNS:]):
                raise _too_big(sheet, rows=False)
            if row <= MAX_ROWS:
                sheet.rows.append([Cell(row, column, v) for column, v in enumerate(values, start=1)])
    except csv.Error as exc:
        message = f"cannot read this .csv file ({exc}): open it in a spreadsheet program and save it again as .csv"
        raise SpreadsheetError([sheet.problem(message, reader.line_num)]) from None
    return sheet


def _sheet_key(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("_", " ").casefold().split())


_DAMAGED = (
    "cannot read this .xlsx file (it is damaged, or not really an .xlsx file): "
    "open it in a spreadsheet program and save it again as .xlsx"
)


def _read_workbook(path: Path, shown: str) -> tuple[Sheet, Sheet]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError([SheetProblem(shown, message=_DAMAGED)]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        message = (
            f"the workbook unpacks to {unpacked / MIB:.0f} MiB, over the {MAX_UNPACKED_BYTES // MIB} MiB limit: "
            "keep only the sheets the import reads, without pictures"
        )
        raise SpreadsheetError([SheetProblem(shown, message=message)])
    import openpyxl  # type: ignore[import-untyped]  # here: only an .xlsx import pays for loading it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it skips (extensions, styles)
            book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                return _two_sheets(book, shown)
            finally:
                book.close()
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl fails in many ways on a damaged file; none of them should be a traceback
        raise SpreadsheetError([SheetProblem(shown, message=_DAMAGED)]) from None


def _two_sheets(book: Any, shown: str) -> tuple[Sheet, Sheet]:
    names = {_sheet_key(name): name for name in reversed(book.sheetnames)}
    problems: list[SheetProblem] = []
    sheets: list[Sheet] = []
    for wanted, what in ((ACTIVITIES, "the stages and roles"), (EXIT_CRITERIA, "the exit criteria")):
        name = names.get(_sheet_key(wanted))
        if name is None:
            found = ", ".join(book.sheetnames)
            message = f"there is no sheet named '{wanted}': name the sheet of {what} '{wanted}' (sheets: {found})"
            problems.append(SheetProblem(shown, message=message))
            continue
        try:
            sheets.append(_read_worksheet(book[name], Sheet(shown, name, [])))
        except SpreadsheetError as exc:
            problems += exc.problems
    if problems:
        raise SpreadsheetError(problems)
    return sheets[0], sheets[1]


def _read_worksheet(worksheet: Any, sheet: Sheet) -> Sheet:
    if not hasattr(worksheet, "iter_rows"):
        raise SpreadsheetError([sheet.problem("this is a chart, not a sheet of cells: rename it")])
    # The size the file declares refuses a big sheet before reading it. When it is missing or wrong,
    # the bounds below still hold: one row and column more is read, to see text beyond the limits.
    if (worksheet.max_row or 0) > MAX_ROWS or (worksheet.max_column or 0) > MAX_COLUMNS:
        raise _too_big(sheet, rows=(worksheet.max_row or 0) > MAX_ROWS)
    rows = worksheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
    for row, cells in enumerate(rows, start=1):
        line = [_cell(row, column, cell) for column, cell in enumerate(cells, start=1)]
        if row > MAX_ROWS and any(not c.empty for c in line):
            raise _too_big(sheet, rows=True)
        if any(not c.empty for c in line[MAX_COLUMNS:]):
            raise _too_big(sheet, rows=False)
        if row <= MAX_ROWS:
            sheet.rows.append(line[:MAX_COLUMNS])
    return sheet


def _cell(row: int, column: int, cell: Any) -> Cell:
    value = cell.value
    if value is None:
        return Cell(row, column)
    if getattr(cell, "data_type", None) == "e":
        return Cell(row, column, found=f"a formula error ({value})")
    if isinstance(value, str):
        return Cell(row, column, value)
    return Cell(row, column, found=describe(value))


def describe(value: Any) -> str:
    """What a cell holds, in the words of someone who typed it."""
    if isinstance(value, bool):
        return f"a yes/no value ({'TRUE' if value else 'FALSE'})"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"a date ({value.date().isoformat()})"
        return f"a date and time ({value:%Y-%m-%d %H:%M})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, datetime.time):
        return f"a time ({value:%H:%M})"
    if isinstance(value, datetime.timedelta):
        return f"a duration ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return f"a value that is not text ({type(value).__name__})"
