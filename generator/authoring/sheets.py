"""Read the two sheets ``playbook import`` needs into grids of cells that know where they are.

An ``.xlsx`` workbook holds both sheets, found by name (``workbook.py``); a ``.csv`` file holds one,
so the exit criteria come in a second one. Either way a :class:`Sheet` holds rows of :class:`Cell`
that keep their row and column, so every message says where to look. A cell holding something other
than text (a number, a date, a formula error) says what, for ``sheet_layout.py`` to refuse.

Hostile files stay cheap: the file size, what a workbook unpacks to and parses into, and the rows
and columns read are bounded. The file is read once, its size bounded as it is read.
"""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

from generator.authoring.cells import (
    ACTIVITIES,
    EXIT_CRITERIA,
    MAX_COLUMNS,
    MAX_ROWS,
    MIB,
    Cell,
    Sheet,
    SheetProblem,
    SpreadsheetError,
    column_letter,
    too_big,
)
from generator.authoring.workbook import read_workbook

# What the rest of the import (and the command) take from here.
__all__ = ["ACTIVITIES", "EXIT_CRITERIA", "Cell", "Sheet", "SheetProblem", "SpreadsheetError", "column_letter",
           "read_sheets"]

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_sheets(file: Path, exit_criteria: Path | None) -> tuple[Sheet, Sheet]:
    """The activities sheet and the exit criteria sheet; raise SpreadsheetError saying what is wrong."""
    shown = str(file)
    _check_file(file, shown)
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        if exit_criteria is not None:
            message = "--exit-criteria is for .csv files (an .xlsx file holds both sheets): leave it out"
            raise SpreadsheetError([SheetProblem(shown, message=message)])
        return read_workbook(_file_bytes(file, shown), shown)
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
        status = path.stat()
    except FileNotFoundError:
        raise SpreadsheetError([SheetProblem(shown, message="there is no such file: check the path")]) from None
    except OSError as exc:
        message = f"cannot open the file ({exc.strerror}): check the path and its permissions"
        raise SpreadsheetError([SheetProblem(shown, message=message)]) from None
    if not stat.S_ISREG(status.st_mode):  # a pipe or a device would never finish reading
        raise SpreadsheetError([SheetProblem(shown, message="this is not a regular file: give the path of a file")])
    if status.st_size > MAX_FILE_BYTES:
        raise SpreadsheetError([SheetProblem(shown, message=_too_large(status.st_size))])


def _too_large(size: int) -> str:
    return (
        f"the file is {size / MIB:.1f} MiB, over the {MAX_FILE_BYTES // MIB} MiB limit: "
        "keep only the sheets the import reads, without pictures"
    )


def _file_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, read once: a file that grew past the limit since it was measured is refused."""
    try:
        with path.open("rb") as source:
            raw = source.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        message = f"cannot open the file ({exc.strerror}): check the path and its permissions"
        raise SpreadsheetError([SheetProblem(shown, message=message)]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SpreadsheetError([SheetProblem(shown, message=_too_large(len(raw)))])
    return raw


def _read_csv(path: Path, shown: str, name: str) -> Sheet:
    raw = _file_bytes(path, shown)
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
                raise too_big(sheet, rows=True)
            if any(v.strip() for v in values[MAX_COLUMNS:]):
                raise too_big(sheet, rows=False)
            if row <= MAX_ROWS:
                sheet.rows.append([Cell(row, column, v) for column, v in enumerate(values, start=1)])
    except csv.Error as exc:
        message = f"cannot read this .csv file ({exc}): open it in a spreadsheet program and save it again as .csv"
        raise SpreadsheetError([sheet.problem(message, reader.line_num)]) from None
    return sheet
