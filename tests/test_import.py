"""`playbook import`: a spreadsheet (.xlsx, or two .csv files) becomes stage files and a process file.

Every refusal is triggered here and its whole message checked (file, sheet, row, column, text);
when anything is refused, nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import errno
import functools
import io
import re
import runpy
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from generator.authoring import sheets, workbook, writing
from generator.cli import main
from generator.content import xmlsafe
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
DAMAGED = ("cannot read this .xlsx file (it is damaged, or not really an .xlsx file): open it in a spreadsheet "
           "program and save it again as .xlsx")
REPORT = """\
Wrote 3 stage files and a process file from {file}:
  content/stages/shop-visit.yml (new)
  content/stages/trial-offer.yml (new)
  content/stages/signed-trial.yml (new)
  content/processes/{process}.yml (new)
Run `playbook check` next.
"""


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
    assert out == REPORT.format(file="act.csv", process="sales-process")
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
    assert out == REPORT.format(file="sheet.xlsx", process="bakery-trials")
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
    assert out.startswith("Wrote 4 stage files and a process file from ")
    assert out.endswith("  content/processes/sales-process.yml (new)\nRun `playbook check` next.\n")
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
    assert out == ("Wrote 2 stage files and a process file from act.csv:\n"
                   "  content/stages/discover.yml (replaced)\n"
                   "  content/stages/new-one.yml (new)\n"
                   "  content/processes/sales-process.yml (replaced)\n"
                   "Run `playbook check` next.\n")
    text = (project / "content/stages/discover.yml").read_text(encoding="utf-8")
    assert text.endswith("name: Discover\nactivities:\n- role: rep\n  actions:\n  - Knock on the door.\n")
    assert "stages:\n- discover\n- new-one\n" in (project / "content/processes/sales-process.yml").read_text()
    load_playbook(Project.at(project))


def replacing_project(project: Path) -> dict[Path, bytes]:
    """Sheets for a --force import over a hand-written stage and process; every file of content/ as it was."""
    write_csv(project / "act.csv", [["Stage", "rep"], ["Discover", "Knock on the door."], ["New one", "Call."]])
    write_csv(project / "exit.csv", [["Stage", "Exit criterion"]])
    (project / "content/processes/sales-process.yml").write_text("name: Old\nstages: [discover]\n", encoding="utf-8")
    assert "goal:" in (project / "content/stages/discover.yml").read_text(encoding="utf-8")  # written by hand
    return files_of(project)


def files_of(project: Path) -> dict[Path, bytes]:
    """Every file and folder under content/ (hidden ones too) → its bytes (b"" for a folder)."""
    return {p: b"" if p.is_dir() else p.read_bytes() for p in sorted((project / "content").rglob("*"))}


def test_an_import_that_cannot_write_one_file_writes_none(project: Path) -> None:
    """A folder where the process file goes: the stage file already there stays as it was, byte for byte, no
    new file is created and no temporary file is left, and the message says so, naming the path."""
    replacing_project(project)
    (project / "content/processes/sales-process.yml").unlink()
    (project / "content/processes/sales-process.yml").mkdir()
    (project / "content/processes/sales-process.yml/notes.txt").write_text("A folder by mistake.", encoding="utf-8")
    before = files_of(project)
    assert refused("act.csv", "--exit-criteria", "exit.csv", "--force") == [
        "content/processes/sales-process.yml: a folder is where this file goes: move the folder away, then try again"]
    assert files_of(project) == before


def test_a_failure_while_moving_files_into_place_puts_back_those_already_moved(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = replacing_project(project)
    move = writing._move

    def failing(step: Any, replace: bool) -> None:
        if step.target.name == "sales-process.yml":  # the last: both stage files are in place by then
            raise OSError(errno.EIO, "Input/output error", str(step.target))
        move(step, replace)

    monkeypatch.setattr(writing, "_move", failing)
    assert refused("act.csv", "--exit-criteria", "exit.csv", "--force") == [
        "content/processes/sales-process.yml: cannot write the file (Input/output error)"]
    assert files_of(project) == before


def test_when_putting_back_fails_too_the_report_says_what_is_left(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = replacing_project(project)
    move, put_back = writing._move, writing._put_back

    def failing(step: Any, replace: bool) -> None:
        if step.target.name == "sales-process.yml":
            raise OSError(errno.EIO, "Input/output error", str(step.target))
        move(step, replace)

    def stuck(step: Any) -> None:
        if step.target.name == "discover.yml":
            raise OSError(errno.EIO, "Input/output error")
        put_back(step)

    monkeypatch.setattr(writing, "_move", failing)
    monkeypatch.setattr(writing, "_put_back", stuck)
    code, out, err = run("act.csv", "--exit-criteria", "exit.csv", "--force")
    assert (code, out) == (1, "")
    backups = list((project / "content/stages").glob(".discover.yml.*.backup"))
    assert len(backups) == 1 and backups[0].read_bytes() == before[project / "content/stages/discover.yml"]
    assert err == (
        "content/processes/sales-process.yml: cannot write the file (Input/output error)\n"
        "The import stopped part way, and could not undo all of it:\n"
        f"  content/stages/discover.yml holds the imported text; its previous text is in "
        f"content/stages/{backups[0].name}: rename it back\n"
        "Every other file is as it was.\n")
    after = files_of(project)
    assert after.pop(backups[0]) == before[project / "content/stages/discover.yml"]
    assert after.pop(project / "content/stages/discover.yml").endswith(b"  - Knock on the door.\n")
    del before[project / "content/stages/discover.yml"]
    assert after == before  # the new stage removed, the process file as it was


def test_all_or_nothing_writes_check_every_target_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "taken.yml").write_text("theirs", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(writing.NotWritten) as refusal:
        writing.write_all([(tmp_path / "a.yml", "A"), (tmp_path / "taken.yml", "B"), (tmp_path / "file/x.yml", "C")],
                          replace=False)
    assert refusal.value.failed == [
        (tmp_path / "taken.yml", "the file exists already"),
        (tmp_path / "file", "this is not a folder, yet a file goes in it: move it away, then try again"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "taken.yml"]
    # A file that appears after the checks is not written over: it is linked into place, which fails.
    monkeypatch.setattr(writing, "_unwritable", lambda path, replace: None)
    with pytest.raises(writing.NotWritten) as refusal:
        writing.write_all([(tmp_path / "a.yml", "A"), (tmp_path / "taken.yml", "B")], replace=False)
    assert refusal.value.failed == [(tmp_path / "taken.yml", "the file exists already (it appeared while the import "
                                                             "ran)")]
    assert refusal.value.left == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "taken.yml"]
    assert (tmp_path / "taken.yml").read_text(encoding="utf-8") == "theirs"
    # Written: new folders made, each file new or replaced, a link replaced itself (not what it points to).
    (tmp_path / "target.yml").write_text("pointed at", encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(tmp_path / "target.yml")
    assert writing.write_all([(tmp_path / "new/a.yml", "A"), (tmp_path / "link.yml", "L")], replace=True) == [
        False, True]
    assert (tmp_path / "new/a.yml").read_text(encoding="utf-8") == "A"
    assert not (tmp_path / "link.yml").is_symlink() and (tmp_path / "link.yml").read_text(encoding="utf-8") == "L"
    assert (tmp_path / "target.yml").read_text(encoding="utf-8") == "pointed at"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.yml", "file", "link.yml", "new", "taken.yml",
                                                           "target.yml"]


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
        "to a web page (https://…) or to an entity by id (coaching, competitor, document, forecast, meeting, method, "
        "metric, persona, philosophy, policy, process, qualification, role, scorecard, stage, strategy, value), like [the "
        "map](method:buying-group-map)",
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


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def workbook_parts(activities: list[list[str]], exit_criteria: list[list[str]]) -> dict[str, str]:
    """The parts of a workbook as Excel writes one: every text in xl/sharedStrings.xml, the cells pointing
    at it (openpyxl, which made the other workbooks here, writes inline strings and no shared strings)."""
    strings: list[str] = []

    def sheet(rows: list[list[str]]) -> str:
        cells = ""
        for r, row in enumerate(rows, start=1):
            line = ""
            for c, text in enumerate(row, start=1):
                if text:
                    strings.append(text)
                    line += f'<c r="{sheets.column_letter(c)}{r}" t="s"><v>{len(strings) - 1}</v></c>'
            cells += f'<row r="{r}">{line}</row>'
        return f'{DECLARATION}<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'

    def xml(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;")

    one, two = sheet(activities), sheet(exit_criteria)
    items = "".join(f'<si><t xml:space="preserve">{xml(t)}</t></si>' for t in strings)
    overrides = "".join(f'<Override PartName="/xl/{name}" ContentType="{SPREADSHEET}.{kind}+xml"/>' for name, kind in
                        (("workbook.xml", "sheet.main"), ("worksheets/sheet1.xml", "worksheet"),
                         ("worksheets/sheet2.xml", "worksheet"), ("sharedStrings.xml", "sharedStrings"),
                         ("styles.xml", "styles")))
    relations = "".join(f'<Relationship Id="rId{i}" Type="{DOC_RELS}/{kind}" Target="{target}"/>' for i, (kind, target)
                        in enumerate((("worksheet", "worksheets/sheet1.xml"), ("worksheet", "worksheets/sheet2.xml"),
                                      ("sharedStrings", "sharedStrings.xml"), ("styles", "styles.xml")), start=1))
    return {
        "[Content_Types].xml": f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-'
                               f'types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                               f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                               f'{overrides}</Types>',
        "_rels/.rels": f'{DECLARATION}<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/'
                       f'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets><sheet name="Activities" '
                           f'sheetId="1" r:id="rId1"/><sheet name="Exit criteria" sheetId="2" r:id="rId2"/></sheets>'
                           f'</workbook>',
        "xl/_rels/workbook.xml.rels": f'{DECLARATION}<Relationships xmlns="{RELS}">{relations}</Relationships>',
        "xl/styles.xml": f'{DECLARATION}<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>'
                         f'<cellXfs count="1"><xf numFmtId="0" fontId="0"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": one,
        "xl/worksheets/sheet2.xml": two,
        "xl/sharedStrings.xml": f'{DECLARATION}<sst xmlns="{MAIN}" count="{len(strings)}" '
                                f'uniqueCount="{len(strings)}">{items}</sst>',
    }


def write_parts(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def utf16(text: str, bom: bytes = codecs.BOM_UTF16_LE, codec: str = "utf-16-le") -> bytes:
    """A part in UTF-16, as XML spells it: a byte-order mark, then a declaration saying UTF-16."""
    return bom + text.replace(DECLARATION, DECLARATION.replace("UTF-8", "UTF-16")).encode(codec)


def test_a_workbook_of_shared_strings_imports_in_utf8_and_utf16(project: Path) -> None:
    """The control for the hostile workbooks below: built the same way, without a document type, it imports."""
    parts: dict[str, str | bytes] = dict(workbook_parts(ACTIVITIES, EXIT_CRITERIA))
    write_parts(project / "shared.xlsx", parts)
    parts["xl/sharedStrings.xml"] = utf16(str(parts["xl/sharedStrings.xml"]))
    parts["xl/worksheets/sheet1.xml"] = utf16(str(parts["xl/worksheets/sheet1.xml"]), codecs.BOM_UTF16_BE, "utf-16-be")
    write_parts(project / "wide.xlsx", parts)
    for name in ("shared.xlsx", "wide.xlsx"):
        code, out, err = run(name, "--force")
        assert (code, err, out) == (0, "", REPORT.format(file=name, process="sales-process").replace(
            "(new)", "(new)" if name == "shared.xlsx" else "(replaced)"))
        assert (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8") == SHOP_VISIT


NESTED = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {name} "{f"&{inner};" * 10}">'
                                              for inner, name in zip("abcdefghi", "bcdefghij", strict=True))
DOCTYPE = ("the XML declares a document type (<!DOCTYPE …>, line {line}), which can make entities that expand to "
           "gigabytes or read files on this machine: the import reads no workbook that has one (no spreadsheet "
           "program writes one); save the workbook again as .xlsx from a spreadsheet program")


def with_doctype(xml: str, doctype: str, old: str, new: str) -> str:
    """``xml`` with ``doctype`` after its declaration, and ``old`` (which must be there) replaced by ``new``."""
    assert old in xml
    return xml.replace(DECLARATION, DECLARATION + doctype + "\n", 1).replace(old, new, 1)


@pytest.mark.parametrize(("case", "part"), [
    ("internal entity, UTF-8", "xl/sharedStrings.xml"),
    ("internal entity, UTF-8 with a byte-order mark", "xl/sharedStrings.xml"),
    ("internal entity, UTF-16 LE with a byte-order mark", "xl/sharedStrings.xml"),
    ("internal entity, UTF-16 BE with a byte-order mark", "xl/sharedStrings.xml"),
    ("internal entity", "xl/worksheets/sheet1.xml"),
    ("internal entity in an attribute", "xl/workbook.xml"),
    ("external entity naming a file", "xl/sharedStrings.xml"),
    ("billion laughs: ten levels of ten", "xl/sharedStrings.xml"),
    ("a document type alone, declaring nothing", "xl/styles.xml"),
    ("a document type alone, declaring nothing", "[Content_Types].xml"),
    ("parameter entity", "xl/_rels/workbook.xml.rels"),
])
def test_a_document_type_in_any_part_and_encoding_is_refused_fast_with_nothing_read(
    project: Path, case: str, part: str
) -> None:
    """A document type is the only way XML declares entities: nested ones that expand to gigabytes from a few
    kilobytes, or one that names a file on the machine. In any part of the workbook, in any encoding, the
    workbook is refused at the declaration (before openpyxl opens it), at once and with nothing imported."""
    secret = project / "secret.txt"
    secret.write_text("TOP-SECRET-PRICE-FLOOR", encoding="utf-8")
    parts: dict[str, str | bytes] = dict(workbook_parts(ACTIVITIES, EXIT_CRITERIA))
    xml = str(parts[part])
    root = xml[len(DECLARATION) + 1:].split(" ", 1)[0].split(">", 1)[0]
    shop = "<t xml:space=\"preserve\">Shop visit</t>"
    if case.startswith("internal entity") and part == "xl/sharedStrings.xml":
        xml = with_doctype(xml, f'<!DOCTYPE {root} [<!ENTITY x "Shop ENTITY visit">]>', shop, "<t>&x;</t>")
    elif case == "internal entity":
        xml = with_doctype(xml, f'<!DOCTYPE {root} [<!ENTITY x "0">]>', "<v>0</v>", "<v>&x;</v>")
    elif case == "internal entity in an attribute":
        xml = with_doctype(xml, f'<!DOCTYPE {root} [<!ENTITY x "Activities">]>', 'name="Activities"', 'name="&x;"')
    elif case == "external entity naming a file":
        xml = with_doctype(xml, f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{secret.as_uri()}">]>', shop, "<t>&x;</t>")
    elif case.startswith("billion laughs"):
        xml = with_doctype(xml, f"<!DOCTYPE {root} [{NESTED}]>", shop, "<t>&j;</t>")
    elif case == "parameter entity":
        xml = with_doctype(xml, f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>', "", "")
    else:
        xml = with_doctype(xml, f"<!DOCTYPE {root}>", "", "")
    if "UTF-16 LE" in case:
        parts[part] = utf16(xml)
    elif "UTF-16 BE" in case:
        parts[part] = utf16(xml, codecs.BOM_UTF16_BE, "utf-16-be")
    elif "byte-order mark" in case:
        parts[part] = codecs.BOM_UTF8 + xml.encode("utf-8")
    else:
        parts[part] = xml
    write_parts(project / "hostile.xlsx", parts)
    assert (project / "hostile.xlsx").stat().st_size < 5000
    started = time.monotonic()
    assert refused("hostile.xlsx") == [f"hostile.xlsx, part {part}: {DOCTYPE.format(line=2)}"]
    assert time.monotonic() - started < 2
    assert not list((project / "content/stages").glob("shop*"))
    assert "TOP-SECRET" not in "".join(p.read_text(encoding="utf-8") for p in Path("content").rglob("*.yml"))


def test_every_part_with_a_document_type_is_named_at_once(project: Path) -> None:
    parts: dict[str, str | bytes] = dict(workbook_parts(ACTIVITIES, EXIT_CRITERIA))
    for part in ("xl/workbook.xml", "xl/sharedStrings.xml"):
        parts[part] = with_doctype(str(parts[part]), "<!DOCTYPE x>", "", "")
    parts["docProps/custom.xml"] = "<!DOCTYPE x [<!ENTITY y 'z'>]><Properties>&y;</Properties>"  # not even read
    write_parts(project / "two.xlsx", parts)
    assert refused("two.xlsx") == [
        f"two.xlsx, part xl/workbook.xml: {DOCTYPE.format(line=2)}",
        f"two.xlsx, part xl/sharedStrings.xml: {DOCTYPE.format(line=2)}",
        f"two.xlsx, part docProps/custom.xml: {DOCTYPE.format(line=1)}",
    ]


def test_broken_xml_and_parts_that_are_not_xml(project: Path) -> None:
    """A part that is not well-formed (an entity used but never declared) is damaged, and named; a picture is
    no XML and only counted."""
    parts: dict[str, str | bytes] = dict(workbook_parts(ACTIVITIES, EXIT_CRITERIA))
    parts["xl/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    write_parts(project / "picture.xlsx", parts)
    assert run("picture.xlsx")[0] == 0
    parts["xl/sharedStrings.xml"] = str(parts["xl/sharedStrings.xml"]).replace("Visit at opening.", "&x;")
    parts["xl/worksheets/sheet2.xml"] = "<worksheet>"
    write_parts(project / "broken.xlsx", parts)
    assert refused("broken.xlsx") == [
        "broken.xlsx, part xl/worksheets/sheet2.xml: cannot read this .xlsx file (the XML is not well-formed: no "
        "element found, line 1): open it in a spreadsheet program and save it again as .xlsx",
        "broken.xlsx, part xl/sharedStrings.xml: cannot read this .xlsx file (the XML is not well-formed: undefined "
        "entity, line 2): open it in a spreadsheet program and save it again as .xlsx",
    ]


def test_openpyxl_itself_parses_through_defusedxml() -> None:
    """The second lock: openpyxl parses with defusedxml when it is installed (a pinned dependency), so even a
    part the check above missed could not expand an entity inside openpyxl."""
    from openpyxl.xml import DEFUSEDXML, functions

    assert DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")


def test_what_a_workbook_unpacks_and_parses_to_is_bounded(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounds on what is really unpacked and parsed, not only on what the archive says: bytes per part and in
    all, elements (cells and strings) in all, and time; each refused fast, naming the part where there is one."""
    smaller = "keep only the sheets the import reads, without pictures"
    parts: dict[str, str | bytes] = dict(workbook_parts(ACTIVITIES, EXIT_CRITERIA))
    # A zip bomb: 26 MiB of one shared string, in a file of a few kilobytes.
    parts["xl/sharedStrings.xml"] = str(parts["xl/sharedStrings.xml"]).replace(
        "Visit at opening.", "x" * (26 * 1024 * 1024))
    write_parts(project / "bomb.xlsx", parts)
    assert (project / "bomb.xlsx").stat().st_size < 100_000
    started = time.monotonic()
    assert refused("bomb.xlsx") == [f"bomb.xlsx, part xl/sharedStrings.xml: the part unpacks to over 25 MiB, the most "
                                    f"the import reads in one part: {smaller}"]
    assert time.monotonic() - started < 2
    # An archive that understates a part's size is not believed: the part is read, and its checksum fails.
    good = write_parts(project / "good.xlsx", dict(workbook_parts(ACTIVITIES, EXIT_CRITERIA)))
    (project / "liar.xlsx").write_bytes(understated(good.read_bytes(), "xl/sharedStrings.xml"))
    assert refused("liar.xlsx") == [f"liar.xlsx, part xl/sharedStrings.xml: {DAMAGED}"]
    # Many small elements: the cells and strings in all.
    bound = workbook.MAX_XML_ELEMENTS
    monkeypatch.setattr(workbook, "MAX_XML_ELEMENTS", 50)
    assert refused("good.xlsx") == [f"good.xlsx: the workbook holds over 50 XML elements (cells, strings, styles), "
                                    f"the most the import reads: {smaller}"]
    monkeypatch.setattr(workbook, "MAX_XML_ELEMENTS", bound)
    # Time: a clock that jumps a minute at each look.
    ticks = iter(range(0, 10_000, 60))
    monkeypatch.setattr(workbook, "Reader", functools.partial(xmlsafe.Reader, clock=lambda: float(next(ticks))))
    assert refused("good.xlsx") == [f"good.xlsx: reading the workbook took over 10 seconds, the most the import "
                                    f"allows: {smaller}"]


def understated(archive: bytes, name: str) -> bytes:
    """``archive`` with the uncompressed size of ``name`` halved in its local and central headers."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        info = source.getinfo(name)
    size = info.file_size.to_bytes(4, "little")
    smaller = (info.file_size // 2).to_bytes(4, "little")
    data = bytearray(archive)
    local = info.header_offset + 22
    assert data[local:local + 4] == size
    data[local:local + 4] = smaller
    central = data.index(b"PK\x01\x02")  # the first entry of the central directory
    while data[central + 46:central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    assert data[central + 24:central + 28] == size
    data[central + 24:central + 28] = smaller
    return bytes(data)


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
    assert code == 0 and out.startswith(f"Wrote 3 stage files and a process file from {elsewhere / 'act.csv'}:\n")
    assert (project / "content/stages/shop-visit.yml").read_text(encoding="utf-8") == SHOP_VISIT
