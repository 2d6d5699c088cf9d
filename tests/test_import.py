"""`playbook import`: a spreadsheet (.xlsx, or two .csv files) becomes stage files and a process file.

Every refusal is triggered here and its whole message checked (file, sheet, row, column, text);
when anything is refused, nothing is written.
"""

from __future__ import annotations

import csv
import datetime
import re
import runpy
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from generator.authoring import sheets
from generator.cli import main
from generator.pipeline import Project, load_playbook

from .conftest import FIXTURES, REPO

SAMPLE = REPO / "examples" / "spreadsheet"
ACTIVITIES = [
    ["Stage", "Label", "Goal", "Field Rep", "manager"],
    ["Shop visit", "Stage 1", "See where the bread goes.", "Visit at opening.\nCount the loaves left.", "Review the notes."],
    ["Trial offer", "Stage 2", "", "• Leave the trial agreement.", ""],
    ["Signed trial", "", "", "", "Call the owner."],
]
EXIT_CRITERIA = [
    ["Stage", "Exit criterion"],
    ["Shop visit", "Waste written down in loaves."],
    ["", "Owner agreed a second visit."],
    ["Trial offer", "Trial agreement signed."],
]
SHOP_VISIT = """\
# yaml-language-server: $schema=../../schemas/stages.schema.json
# Imported by `playbook import` from a spreadsheet. Edit this file from now on: a new import
# replaces it only with --force.
label: Stage 1
name: Shop visit
goal: See where the bread goes.
activities:
- role: rep
  actions:
  - Visit at opening.
  - Count the loaves left.
- role: manager
  actions:
  - Review the notes.
exit_criteria:
- Waste written down in loaves.
- Owner agreed a second visit.
"""
PROCESS = """\
# yaml-language-server: $schema=../../schemas/processes.schema.json
# Imported by `playbook import` from a spreadsheet. Edit this file from now on: a new import
# replaces it only with --force.
name: Sales process
stages:
- shop-visit
- trial-offer
- signed-trial
"""
NOTHING = "nothing was written."


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small playbook without its process (so the default process id is free); the current folder."""
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    (tmp_path / "content" / "processes" / "sales-process.yml").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def write_xlsx(path: Path, named_sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in named_sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def refused(*args: str) -> list[str]:
    """The messages of a refusal, checked to have written nothing."""
    before = sorted(p.as_posix() for p in Path("content").rglob("*"))
    code, out, err = run(*args)
    assert code == 1 and out == "", out
    assert sorted(p.as_posix() for p in Path("content").rglob("*")) == before
    lines = err.splitlines()
    count = len(lines) - 1
    assert lines[-1] == f"{count} {'problem' if count == 1 else 'problems'} found: {NOTHING}"
    return lines[:-1]


def csv_refused(activities: list[list[str]], exit_criteria: list[list[str]] = EXIT_CRITERIA) -> list[str]:
    write_csv(Path("act.csv"), activities)
    write_csv(Path("exit.csv"), exit_criteria)
    return refused("act.csv", "--exit-criteria", "exit.csv")


def test_a_csv_pair_becomes_stage_files_and_a_process_that_validate(project: Path) -> None:
    write_csv(project / "act.csv", ACTIVITIES)
    write_csv(project / "exit.csv", EXIT_CRITERIA)
    code, out, err = run("act.csv", "--exit-criteria", "exit.csv")
    assert (code, err) == (0, "")
    assert out == ("Wrote 3 stage files and content/processes/sales-process.yml from act.csv; "
                   "run `playbook check` next.\n")
    assert (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8") == SHOP_VISIT
    assert (project / "content/processes/sales-process.yml").read_text(encoding="utf-8") == PROCESS
    _, validated = load_playbook(Project.at(project))
    assert validated.entities["stages"]["trial-offer"].activities[0].actions == ["Leave the trial agreement."]
    assert validated.entities["stages"]["signed-trial"].exit_criteria == []
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_xlsx_workbook_gives_the_same_files_and_its_sheet_names_may_vary(project: Path) -> None:
    # Numbers and dates where text is expected are refused below; here every cell is text or empty.
    rows = [[cell or None for cell in row] for row in ACTIVITIES]
    write_xlsx(project / "sheet.xlsx", {"Notes": [["ignored"]], "ACTIVITIES": rows, "exit_criteria": EXIT_CRITERIA})
    code, out, err = run("sheet.xlsx", "--process", "bakery-trials")
    assert (code, err) == (0, "")
    assert out == ("Wrote 3 stage files and content/processes/bakery-trials.yml from sheet.xlsx; "
                   "run `playbook check` next.\n")
    assert (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8") == SHOP_VISIT
    process = (project / "content/processes/bakery-trials.yml").read_text(encoding="utf-8")
    assert process == PROCESS.replace("name: Sales process", "name: Bakery trials")
    load_playbook(Project.at(project))


def test_a_semicolon_csv_is_read_like_a_comma_one(project: Path) -> None:
    for name, rows in (("act.csv", ACTIVITIES), ("exit.csv", EXIT_CRITERIA)):
        with (project / name).open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out, delimiter=";").writerows(rows)
    assert run("act.csv", "--exit-criteria", "exit.csv")[0] == 0
    assert (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8") == SHOP_VISIT


def test_the_sample_sheet_imports_into_the_bundled_playbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(str(SAMPLE / "playbook-import.xlsx"))
    assert code == 0, err
    assert out.startswith("Wrote 4 stage files and content/processes/sales-process.yml from ")
    _, validated = load_playbook(Project.at(tmp_path))
    assert validated.entities["processes"]["sales-process"].stages == ["first-call", "store-walk", "pilot", "order"]
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "content/stages").glob("*.yml")}
    # The .csv pair says the same as the workbook: imported again with --force, every file is unchanged.
    code, _, err = run(str(SAMPLE / "activities.csv"), "--exit-criteria", str(SAMPLE / "exit-criteria.csv"),
                       "--force")
    assert code == 0, err
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "content/stages").glob("*.yml")} == written


def test_the_sample_workbook_is_made_from_the_csv_files(tmp_path: Path) -> None:
    make = runpy.run_path(str(SAMPLE / "make_sample.py"))["make"]
    assert make(tmp_path / "again.xlsx").read_bytes() == (SAMPLE / "playbook-import.xlsx").read_bytes()


def test_existing_files_are_listed_and_kept_then_replaced_with_force(project: Path) -> None:
    write_csv(project / "act.csv", [["Stage", "rep"], ["Discover", "Knock on the door."], ["New one", "Call."]])
    write_csv(project / "exit.csv", [["Stage", "Exit criterion"]])
    (project / "content/processes/sales-process.yml").write_text("name: Old\nstages: [discover]\n", encoding="utf-8")
    before = (project / "content/stages/discover.yml").read_bytes()
    assert refused("act.csv", "--exit-criteria", "exit.csv") == [
        "act.csv, sheet Activities, row 2, column A: content/stages/discover.yml exists already: use --force to "
        "replace it, or give the stage another name",
        "content/processes/sales-process.yml: the file exists already: use --force to replace it, or name another "
        "process with --process ID",
    ]
    assert (project / "content/stages/discover.yml").read_bytes() == before
    assert not (project / "content/stages/new-one.yml").exists()
    code, out, err = run("act.csv", "--exit-criteria", "exit.csv", "--force")
    assert (code, err) == (0, "")
    assert out.startswith("Wrote 2 stage files and content/processes/sales-process.yml from act.csv")
    text = (project / "content/stages/discover.yml").read_text(encoding="utf-8")
    assert text.endswith("name: Discover\nactivities:\n- role: rep\n  actions:\n  - Knock on the door.\n")
    assert "stages:\n- discover\n- new-one\n" in (project / "content/processes/sales-process.yml").read_text()
    load_playbook(Project.at(project))


HOSTILE = ["{{ 7*7 }}", "<script>alert(1)</script>", "{% include 'x' %}", "NO", "12:30", "*alias", "&anchor x",
           "!!python/object:os.system", "# a comment?", "key: value", "'quoted'", '"double"', "@at", "%percent",
           "> folded", "| literal", "null", "~", "1e3", "2024-05-01"]


def test_hostile_cells_are_written_as_the_text_they_are(project: Path) -> None:
    write_csv(project / "act.csv", [["Stage", "rep"], ["Shop visit", "\n".join(HOSTILE)]])
    write_csv(project / "exit.csv", [["Stage", "Exit criterion"], ["Shop visit", "{{ config }}"]])
    assert run("act.csv", "--exit-criteria", "exit.csv")[0] == 0
    text = (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8")
    assert "  - '{{ 7*7 }}'\n  - <script>alert(1)</script>\n" in text
    _, validated = load_playbook(Project.at(project))
    stage = validated.entities["stages"]["shop-visit"]
    assert stage.activities[0].actions == HOSTILE
    assert stage.exit_criteria == ["{{ config }}"]


def test_text_the_validation_refuses_is_reported_at_its_cell(project: Path) -> None:
    assert csv_refused([
        ["Stage", "rep"],
        ["Shop visit", "Read the notes.\n[x](javascript:alert(1))"],
        ["Trial", "See [the close](stage:clsoe)."],
        ["Two\nlines", ""],
    ]) == [
        "act.csv, sheet Activities, row 2, column B: line 2 of the cell: 'javascript:' links are not allowed: link "
        "to a web page (https://…) or to an entity by id (coaching, competitor, meeting, method, metric, persona, "
        "philosophy, process, qualification, role, stage, strategy, value), like [the map](method:buying-group-map)",
        "act.csv, sheet Activities, row 3, column B: link to an unknown stage 'clsoe': did you mean 'close'?",
        "act.csv, sheet Activities, row 4, column A: must be one line: remove the line break",
        "exit.csv, sheet Exit criteria, row 4, column A: 'Trial offer' is not a stage of the Activities sheet: did "
        "you mean 'Trial'?",
    ]


def test_every_problem_of_both_sheets_is_reported_at_once(project: Path) -> None:
    assert csv_refused(
        [
            ["Stage", "Goal", "Feld Rep", "Director", "rep", "Field Rep", ""],
            ["Shop visit", "", "", "", "Visit.", "", ""],
            ["", "A goal without a stage.", "", "", "", "", ""],
            ["shop visit", "", "", "", "", "", "Stray text."],
            ["Shop-Visit!", "", "", "", "", "", ""],
            ["!!!", "", "", "", "", "", ""],
        ],
        [
            ["Stage", "Exit criterion"],
            ["", "A criterion before any stage."],
            ["Shop vist", "Something."],
            ["", "Same unknown stage: reported once."],
            ["Shop visit", "Fine."],
            ["Nowhere", "Something."],
        ],
    ) == [
        "act.csv, sheet Activities, row 1, column C: there is no role 'Feld Rep': did you mean 'Field Rep'?",
        "act.csv, sheet Activities, row 1, column D: there is no role 'Director': use the id or name of a role "
        "(manager, rep), or create it with `playbook new role ID`",
        "act.csv, sheet Activities, row 1, column F: the role 'rep' already has column E: put its actions in one "
        "column",
        "act.csv, sheet Activities, row 1, column G: this column has text but no header: write a role's id or name "
        "in row 1, or clear it",
        "act.csv, sheet Activities, row 3, column A: the stage name is missing, yet the row is not empty: write the "
        "stage name in column A, or clear the row",
        "act.csv, sheet Activities, row 4, column A: the stage 'shop visit' is already in row 2: merge the two rows",
        "act.csv, sheet Activities, row 5, column A: 'Shop-Visit!' makes the same stage id, 'shop-visit', as 'Shop "
        "visit' in row 2: give the stages names that differ in more than case and punctuation",
        "act.csv, sheet Activities, row 6, column A: cannot make an id from '!!!': use some letters a-z or digits in "
        "the stage name",
        "exit.csv, sheet Exit criteria, row 2, column A: this criterion has no stage, and there is none above it: "
        "write the stage name in column A",
        "exit.csv, sheet Exit criteria, row 3, column A: 'Shop vist' is not a stage of the Activities sheet: did you "
        "mean 'Shop visit'?",
        "exit.csv, sheet Exit criteria, row 6, column A: 'Nowhere' is not a stage of the Activities sheet: write the "
        "name as column A of the Activities sheet has it",
    ]


@pytest.mark.parametrize(("activities", "exit_criteria", "expected"), [
    ([], EXIT_CRITERIA, "act.csv, sheet Activities: the sheet is empty: write a header row (Stage, then one "
                        "column per role), then one row per stage"),
    ([["", ""], [" ", "\u200b"]], EXIT_CRITERIA,
     "act.csv, sheet Activities: the sheet is empty: write a header row (Stage, then one column per role), then one "
     "row per stage"),
    ([["Stage", "rep"]], [["Stage", "Exit criterion"]],
     "act.csv, sheet Activities: there are no stages under the header row: write one stage per row, its name in "
     "column A"),
    ([["Stage", "Label", "Goal"], ["Shop visit", "Stage 1", "A goal."]], [["Stage", "Exit criterion"]],
     "act.csv, sheet Activities, row 1: there are no role columns: after the stage column, give each role a "
     "column, its id or name here"),
    ([["Stage", "Lable", "rep"], ["Shop visit", "Stage 1", "Visit."]], [["Stage", "Exit criterion"]],
     "act.csv, sheet Activities, row 1, column B: there is no role 'Lable': did you mean 'Label'?"),
    (ACTIVITIES, [], "exit.csv, sheet Exit criteria: the sheet is empty: write a header row (Stage, Exit "
                     "criterion), then one row per criterion"),
    (ACTIVITIES, [["Shop visit", "Waste written down."]],
     "exit.csv, sheet Exit criteria, row 1, column A: row 1 is read as the header, but it names the stage 'Shop "
     "visit': add a header row (Stage, Exit criterion) above it"),
])
def test_a_sheet_without_its_layout_is_refused(
    project: Path, activities: list[list[str]], exit_criteria: list[list[str]], expected: str
) -> None:
    assert csv_refused(activities, exit_criteria) == [expected]


def test_files_that_cannot_be_imported_are_refused(project: Path) -> None:
    write_csv(project / "act.csv", ACTIVITIES)
    (project / "notes.ods").write_bytes(b"PK\x03\x04")
    (project / "exit.txt").write_text("Stage,Exit criterion\n", encoding="utf-8")
    (project / "latin.csv").write_bytes("Stage,rep\nCaf\xe9,Visit.\n".encode("latin-1"))
    (project / "folder.csv").mkdir()
    assert refused("missing.xlsx") == ["missing.xlsx: there is no such file: check the path"]
    assert refused("folder.csv") == ["folder.csv: this is a folder: give the path of a file"]
    assert refused("notes.ods") == ["notes.ods: only .xlsx and .csv files can be imported: save the spreadsheet as "
                                    ".xlsx (or each sheet as .csv)"]
    assert refused("act.csv") == ["act.csv: a .csv file holds one sheet, the activities: give the exit criteria in "
                                  "a second .csv file with --exit-criteria FILE"]
    assert refused("act.csv", "--exit-criteria", "exit.txt") == [
        "exit.txt: the exit criteria of a .csv import come in a .csv file too: save that sheet as .csv"]
    assert refused("latin.csv", "--exit-criteria", "missing.csv") == [
        "latin.csv: the file is not UTF-8 text (byte 0xe9 on line 2): save it as CSV UTF-8",
        "missing.csv: there is no such file: check the path",
    ]
    assert refused("act.csv", "--exit-criteria", "act.csv", "--process", "Sales_Process") == [
        "--process: 'Sales_Process' is not a valid process id: use lowercase letters, digits and hyphens"]


def test_a_damaged_or_mistaken_workbook_is_refused_without_a_traceback(project: Path) -> None:
    damaged = "cannot read this .xlsx file (it is damaged, or not really an .xlsx file): open it in a spreadsheet " \
              "program and save it again as .xlsx"
    (project / "text.xlsx").write_text("Stage,rep\n", encoding="utf-8")
    with zipfile.ZipFile(project / "zip.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    good = write_xlsx(project / "good.xlsx", {"Activities": ACTIVITIES, "Exit criteria": EXIT_CRITERIA})
    (project / "cut.xlsx").write_bytes(good.read_bytes()[:-200])
    write_xlsx(project / "other.xlsx", {"Sheet1": ACTIVITIES, "Criteria": EXIT_CRITERIA})
    write_xlsx(project / "half.xlsx", {"Activities": ACTIVITIES})
    for name in ("text.xlsx", "zip.xlsx", "cut.xlsx"):
        assert refused(name) == [f"{name}: {damaged}"]
    assert refused("other.xlsx") == [
        "other.xlsx: there is no sheet named 'Activities': name the sheet of the stages and roles 'Activities' "
        "(sheets: Sheet1, Criteria)",
        "other.xlsx: there is no sheet named 'Exit criteria': name the sheet of the exit criteria 'Exit criteria' "
        "(sheets: Sheet1, Criteria)",
    ]
    assert refused("half.xlsx") == ["half.xlsx: there is no sheet named 'Exit criteria': name the sheet of the exit "
                                    "criteria 'Exit criteria' (sheets: Activities)"]
    assert refused("good.xlsx", "--exit-criteria", "x.csv") == [
        "good.xlsx: --exit-criteria is for .csv files (an .xlsx file holds both sheets): leave it out"]


def test_entities_in_a_workbook_neither_expand_nor_read_files(project: Path) -> None:
    """XML inside an .xlsx may declare entities: nested ones that expand to gigabytes, or one that names a
    file on the machine. Neither is expanded: the workbook is refused, at once and with nothing read."""
    damaged = "cannot read this .xlsx file (it is damaged, or not really an .xlsx file): open it in a spreadsheet " \
              "program and save it again as .xlsx"
    secret = project / "secret.txt"
    secret.write_text("TOP-SECRET-PRICE-FLOOR", encoding="utf-8")
    good = write_xlsx(project / "good.xlsx", {"Activities": ACTIVITIES, "Exit criteria": EXIT_CRITERIA})
    nested = ['<!ENTITY a "aaaaaaaaaa">'] + [f'<!ENTITY {name} "{f"&{inner};" * 10}">'
                                              for inner, name in zip("abcdefgh", "bcdefghi", strict=True)]
    doctypes = {"expanding.xlsx": ("<!DOCTYPE worksheet [" + "".join(nested) + "]>", "&i;"),
                "file.xlsx": (f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "{secret.as_uri()}">]>', "&x;")}
    for name, (doctype, use) in doctypes.items():
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(project / name, "w") as target:
            for part in source.namelist():
                data = source.read(part)
                if part == "xl/worksheets/sheet1.xml":
                    data = doctype.encode() + data.replace(b"<t>Shop visit</t>", f"<t>{use}</t>".encode(), 1)
                    assert use.encode() in data
                target.writestr(part, data)
        assert refused(name) == [f"{name}: {damaged}"]
    assert "TOP-SECRET" not in "".join(p.read_text(encoding="utf-8") for p in Path("content").rglob("*.yml"))


def test_cells_that_do_not_hold_text_are_refused_saying_what_they_hold(project: Path) -> None:
    write_xlsx(project / "typed.xlsx", {
        "Activities": [
            ["Stage", "Label", "rep", 7],
            ["Shop visit", 1, "#DIV/0!", None],
            [datetime.date(2025, 3, 1), None, True, None],
            ["Trial", 2.5, datetime.datetime(2025, 3, 1, 9, 30), None],
            ["Close two", "#REF!", datetime.time(9, 30), "Ignored: its column has no role."],
        ],
        "Exit criteria": [["Stage", "Exit criterion"], ["Shop visit", 42], [None, "#N/A"]],
    })
    assert refused("typed.xlsx") == [
        "typed.xlsx, sheet Activities, row 1, column D: expected text, found a number (7): format the cell as text "
        "and type it again",
        "typed.xlsx, sheet Activities, row 2, column B: expected text, found a number (1): format the cell as text "
        "and type it again",
        "typed.xlsx, sheet Activities, row 2, column C: the cell holds a formula error (#DIV/0!): fix the formula, "
        "or type the text in",
        "typed.xlsx, sheet Activities, row 3, column A: expected text, found a date (2025-03-01): format the cell "
        "as text and type it again",
        "typed.xlsx, sheet Activities, row 4, column B: expected text, found a number (2.5): format the cell as text "
        "and type it again",
        "typed.xlsx, sheet Activities, row 4, column C: expected text, found a date and time (2025-03-01 09:30): "
        "format the cell as text and type it again",
        "typed.xlsx, sheet Activities, row 5, column B: the cell holds a formula error (#REF!): fix the formula, "
        "or type the text in",
        "typed.xlsx, sheet Activities, row 5, column C: expected text, found a time (09:30): format the cell as text "
        "and type it again",
        "typed.xlsx, sheet Exit criteria, row 2, column B: expected text, found a number (42): format the cell as "
        "text and type it again",
        "typed.xlsx, sheet Exit criteria, row 3, column B: the cell holds a formula error (#N/A): fix the formula, "
        "or type the text in",
    ]


def test_a_yes_no_cell_is_refused(project: Path) -> None:
    write_xlsx(project / "flag.xlsx", {"Activities": [["Stage", "rep"], ["Shop visit", False]],
                                       "Exit criteria": [["Stage", "Exit criterion"]]})
    assert refused("flag.xlsx") == ["flag.xlsx, sheet Activities, row 2, column B: expected text, found a yes/no "
                                    "value (FALSE): format the cell as text and type it again"]


def test_size_limits_keep_hostile_files_cheap(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "the sheet has text below row 2000, the most the import reads: delete what is outside the table"
    columns = "the sheet has text right of column CV, the most the import reads: delete what is outside the table"
    write_csv(project / "long.csv", [["Stage", "rep"]] + [[f"Stage {i}", "Visit."] for i in range(2000)])
    write_csv(project / "wide.csv", [["Stage", *["rep"] * 100], ["Shop visit", *[""] * 99, "x"]])
    write_csv(project / "exit.csv", EXIT_CRITERIA)
    assert refused("long.csv", "--exit-criteria", "exit.csv") == [f"long.csv, sheet Activities: {rows}"]
    assert refused("wide.csv", "--exit-criteria", "exit.csv") == [f"wide.csv, sheet Activities: {columns}"]
    # Blank rows and columns beyond the limits cost nothing and are no problem.
    write_csv(project / "blank.csv", ACTIVITIES + [[""] * 120] * 2100)
    assert run("blank.csv", "--exit-criteria", "exit.csv")[0] == 0
    # A workbook: its declared size, what it really holds, what it unpacks to, and the file's size.
    book = openpyxl.Workbook()
    book.active.title = "Activities"
    book.active["A3000"] = "Far down"
    book.create_sheet("Exit criteria")["DA1"] = "Far right"
    book.save(project / "big.xlsx")
    assert refused("big.xlsx") == [f"big.xlsx, sheet Activities: {rows}", f"big.xlsx, sheet Exit criteria: {columns}"]
    with zipfile.ZipFile(project / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (51 * 1024 * 1024))
    assert refused("bomb.xlsx") == ["bomb.xlsx: the workbook unpacks to 51 MiB, over the 50 MiB limit: keep only "
                                    "the sheets the import reads, without pictures"]
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1024)
    (project / "large.csv").write_text("Stage,rep\n" + "x" * 2000, encoding="utf-8")
    assert refused("large.csv", "--exit-criteria", "exit.csv") == [
        "large.csv: the file is 0.0 MiB, over the 0 MiB limit: keep only the sheets the import reads, without "
        "pictures"]


def test_the_declared_size_of_a_sheet_is_not_trusted(project: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Activities"
    for row in ACTIVITIES:
        book.active.append(row)
    book.active["A2001"] = "Hidden below the limit"  # the import reads one row more than it accepts
    book.create_sheet("Exit criteria").append(["Stage", "Exit criterion"])
    book.save(project / "lying.xlsx")
    with zipfile.ZipFile(project / "lying.xlsx") as source, zipfile.ZipFile(project / "liar.xlsx", "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="A1:E2001"', b'<dimension ref="A1:E4"', data)
                assert b"A1:E4" in data
            out.writestr(info, data)
    assert refused("liar.xlsx") == ["liar.xlsx, sheet Activities: the sheet has text below row 2000, the most the "
                                    "import reads: delete what is outside the table"]


def test_roles_must_exist_before_an_import(project: Path) -> None:
    write_csv(project / "act.csv", ACTIVITIES)
    write_csv(project / "exit.csv", EXIT_CRITERIA)
    shutil.rmtree(project / "content" / "roles")
    assert refused("act.csv", "--exit-criteria", "exit.csv") == [
        "content/roles/: there are no roles yet: create them first with `playbook new role ID`, then import again"]
    shutil.rmtree(project / "content")
    code, _, err = run("act.csv", "--exit-criteria", "exit.csv")
    assert code == 1 and err.splitlines()[0] == (
        f"{project}: there is no content/ folder here: run the import in a playbook project, or give its folder "
        "with --root DIR (`playbook init DIR` starts one)")


def test_root_option_points_at_another_project(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("sheets")
    write_csv(elsewhere / "act.csv", ACTIVITIES)
    write_csv(elsewhere / "exit.csv", EXIT_CRITERIA)
    code, out, _ = run(str(elsewhere / "act.csv"), "--exit-criteria", str(elsewhere / "exit.csv"),
                       "--root", str(project))
    assert code == 0 and f"content/processes/sales-process.yml from {elsewhere / 'act.csv'};" in out
    assert (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8") == SHOP_VISIT
