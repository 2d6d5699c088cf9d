"""Make playbook-import.xlsx from activities.csv and exit-criteria.csv, the same sheets as one workbook.

The .csv files are the source: edit them, then run ``.venv/bin/python examples/spreadsheet/make_sample.py``.
The workbook is written with fixed dates, so the same .csv files always give the same file.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

HERE = Path(__file__).resolve().parent
SHEETS = (("Activities", "activities.csv"), ("Exit criteria", "exit-criteria.csv"))
FIXED = datetime.datetime(2025, 1, 1)


def make(target: Path = HERE / "playbook-import.xlsx") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, source in SHEETS:
        sheet = book.create_sheet(title)
        with (HERE / source).open(encoding="utf-8", newline="") as rows:
            for row in csv.reader(rows):
                sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 20 if column[0].column == 1 else 40
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.properties.created = FIXED
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl stamps the time of saving, in the properties and on each zip entry: fix both, so the
    # same .csv files always give the same bytes.
    with zipfile.ZipFile(buffer) as made, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in made.infolist():
            data = made.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, data)
    return target


if __name__ == "__main__":
    print(f"Wrote {make()}")
