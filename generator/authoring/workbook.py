"""Read the two sheets of an ``.xlsx`` workbook, every XML part of it through one hardened reader first.

A workbook is a zip of XML parts. openpyxl parses several of them (the content types, the
relationships, the workbook, the shared strings, the styles, each worksheet), each in its own way,
so before openpyxl opens anything **every part** of the archive is read through
:mod:`generator.content.xmlsafe`: a part that looks like XML (in any encoding) must be well-formed
and declare no document type (``<!DOCTYPE``, the only way to declare an entity); any other part (a
picture) is only counted. The bounds hold for what is really unpacked and parsed: bytes per part
and in all, elements in all (the cells and strings), and time. Only a workbook that passed is given
to openpyxl, from the very bytes that were checked (the file is read once), and openpyxl itself
parses through defusedxml (a dependency; ``openpyxl.xml.DEFUSEDXML``), a second lock on the same door.

A workbook is read for its stored values: nothing is evaluated, no external link loaded.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from typing import Any

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
    too_big,
)
from generator.content.xmlsafe import Bounds, Reader, Refused, looks_like_xml

MAX_UNPACKED_BYTES = 50 * MIB  # a workbook is a zip: bound what it unpacks to, too
MAX_PART_BYTES = 25 * MIB
MAX_XML_ELEMENTS = 1_000_000  # a full 2,000 × 100 grid is about 600,000
MAX_SECONDS = 10.0

DAMAGED = (
    "cannot read this .xlsx file (it is damaged, or not really an .xlsx file): "
    "open it in a spreadsheet program and save it again as .xlsx"
)
_SMALLER = "keep only the sheets the import reads, without pictures"


def read_workbook(data: bytes, shown: str) -> tuple[Sheet, Sheet]:
    """The activities sheet and the exit criteria sheet of the workbook ``data`` (the file's bytes)."""
    check_parts(data, shown)
    import openpyxl  # type: ignore[import-untyped]  # here: only an .xlsx import pays for loading it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it skips (extensions, styles)
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                return _two_sheets(book, shown)
            finally:
                book.close()
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl fails in many ways on a damaged file; none of them should be a traceback
        raise SpreadsheetError([SheetProblem(shown, message=DAMAGED)]) from None


def check_parts(data: bytes, shown: str) -> None:
    """Read every part of the archive through the hardened reader; raise SpreadsheetError if any is refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError([SheetProblem(shown, message=DAMAGED)]) from None
    unpacked = sum(info.file_size for info in infos)  # what the archive says: refused before unpacking
    if unpacked > MAX_UNPACKED_BYTES:
        message = f"the workbook unpacks to {unpacked / MIB:.0f} MiB, over the {MAX_UNPACKED_BYTES // MIB} MiB limit"
        raise SpreadsheetError([SheetProblem(shown, message=f"{message}: {_SMALLER}")])
    reader = Reader(Bounds(MAX_PART_BYTES, MAX_UNPACKED_BYTES, MAX_XML_ELEMENTS, MAX_SECONDS))
    problems: list[SheetProblem] = []
    for info in infos:
        if info.is_dir():
            continue
        try:
            if info.file_size > MAX_PART_BYTES:
                raise Refused("document-bytes", "")
            with archive.open(info) as part:
                xml = looks_like_xml(part.read(256))
            with archive.open(info) as part:
                if xml:
                    reader.check(part)
                else:
                    reader.skip(part)
        except Refused as exc:
            problem = _refused(exc, shown, info.filename)
            if exc.kind not in ("dtd", "malformed"):
                raise SpreadsheetError([problem]) from None  # a bound: reading on would cost what it bounds
            problems.append(problem)
        except Exception:  # a bad checksum, an unknown compression, an encrypted part
            problems.append(SheetProblem(shown, part=info.filename, message=DAMAGED))
    if problems:
        raise SpreadsheetError(problems)


def _refused(exc: Refused, shown: str, part: str) -> SheetProblem:
    line = f", line {exc.line}" if exc.line else ""
    if exc.kind == "dtd":
        message = (
            f"the XML declares a document type (<!DOCTYPE …>{line}), which can make entities that expand to "
            "gigabytes or read files on this machine: the import reads no workbook that has one (no spreadsheet "
            "program writes one); save the workbook again as .xlsx from a spreadsheet program"
        )
        return SheetProblem(shown, part=part, message=message)
    if exc.kind == "malformed":
        message = (
            f"cannot read this .xlsx file ({exc.message}{line}): "
            "open it in a spreadsheet program and save it again as .xlsx"
        )
        return SheetProblem(shown, part=part, message=message)
    if exc.kind == "document-bytes":
        message = f"the part unpacks to over {MAX_PART_BYTES // MIB} MiB, the most the import reads in one part"
        return SheetProblem(shown, part=part, message=f"{message}: {_SMALLER}")
    if exc.kind == "elements":
        message = f"the workbook holds over {MAX_XML_ELEMENTS:,} XML elements (cells, strings, styles), the most"
        return SheetProblem(shown, message=f"{message} the import reads: {_SMALLER}")
    if exc.kind == "time":
        message = f"reading the workbook took over {MAX_SECONDS:g} seconds, the most the import allows"
        return SheetProblem(shown, message=f"{message}: {_SMALLER}")
    message = f"the workbook unpacks to over {MAX_UNPACKED_BYTES // MIB} MiB, the most the import reads"
    return SheetProblem(shown, message=f"{message}: {_SMALLER}")


def _sheet_key(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("_", " ").casefold().split())


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
        raise too_big(sheet, rows=(worksheet.max_row or 0) > MAX_ROWS)
    rows = worksheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
    for row, cells in enumerate(rows, start=1):
        line = [_cell(row, column, cell) for column, cell in enumerate(cells, start=1)]
        if row > MAX_ROWS and any(not c.empty for c in line):
            raise too_big(sheet, rows=True)
        if any(not c.empty for c in line[MAX_COLUMNS:]):
            raise too_big(sheet, rows=False)
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
