"""``playbook import FILE``: a team's process spreadsheet becomes stage files and one process file.

``sheets.py`` reads a workbook (or two .csv files) into cells that know where they are;
``sheet_layout.py`` says what the cells mean and drafts a file per stage. Here the drafts are
checked and written. Everything is checked before anything is written, and every problem is
reported at once, at its sheet, row and column: the layout, the roles (against content/roles/), the
files that exist already, and the new files themselves, which go through the loader and the
validation of the build together with the rest of the content. A value the validation refuses (a
``javascript:`` link in an action) is reported at the cell it came from. Then the files are written
all or none (``writing.py``), and the report says which it was.

Cell text is data: ``yaml.safe_dump`` writes it, quoted wherever YAML would read it as something
else, so ``{{ x }}`` or ``<script>`` arrive in the playbook as the text they are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from generator.authoring.sheet_layout import Draft, Interpreter
from generator.authoring.sheets import SheetProblem, SpreadsheetError, read_sheets
from generator.authoring.writing import NotWritten, write_all
from generator.content.discover import ID_PATTERN
from generator.content.document import Document
from generator.content.load import load_content, parse_document
from generator.errors import Problem
from generator.model.collections import LAYOUT
from generator.model.text import name_key
from generator.model.validate import validate_documents

DEFAULT_PROCESS = "sales-process"
_LAST_PART = re.compile(r"(\[\d+\]|\.[^.\[\]]+|^[^.\[\]]+)$")


class Written(NamedTuple):
    path: Path
    replaced: bool  # False: a new file


class PartlyWritten(SpreadsheetError):
    """Writing failed, and putting back what was already written failed too: ``left`` says what is left."""

    def __init__(self, problems: list[SheetProblem], left: list[tuple[str, str | None]]) -> None:
        super().__init__(problems)
        self.left = left

    def report(self) -> str:
        lines = [str(self), "The import stopped part way, and could not undo all of it:"]
        for shown, backup in self.left:
            if backup is None:
                lines.append(f"  {shown} was written by the import and could not be removed: delete it")
            else:
                lines.append(f"  {shown} holds the imported text; its previous text is in {backup}: rename it back")
        lines.append("Every other file is as it was.")
        return "\n".join(lines)


def import_spreadsheet(
    root: Path,
    file: Path,
    *,
    exit_criteria: Path | None = None,
    process_id: str = DEFAULT_PROCESS,
    force: bool = False,
    content_dir: Path | None = None,
) -> list[Written]:
    """Write a stage file per stage row and the process listing them, all or none; return what was
    written (the process last). Raise SpreadsheetError listing every problem; then nothing is written
    (PartlyWritten, a SpreadsheetError, says what is left in the rare case that undoing failed).
    ``content_dir`` is where the project keeps its content (``root/content`` unless given)."""
    activities, criteria = read_sheets(file, exit_criteria)
    root = root.resolve()
    content_dir = content_dir.resolve() if content_dir is not None else root / "content"
    shown = content_dir.relative_to(root).as_posix() if content_dir.is_relative_to(root) else str(content_dir)
    if not content_dir.is_dir():
        message = (
            f"there is no {shown}/ folder here: run the import in a playbook project, or give its folder "
            "with --root DIR (`playbook init DIR` starts one)"
        )
        raise SpreadsheetError([SheetProblem(str(root), message=message)])
    if not re.match(ID_PATTERN, process_id):
        message = f"'{process_id}' is not a valid process id: use lowercase letters, digits and hyphens"
        raise SpreadsheetError([SheetProblem("--process", message=message)])
    docs, _ = load_content(content_dir, root, LAYOUT, reuse=False)
    roles = _roles(docs)
    if not roles:
        message = "there are no roles yet: create them first with `playbook new role ID`, then import again"
        raise SpreadsheetError([SheetProblem(f"{shown}/roles/", message=message)])
    role_docs = [d for d in docs if d.collection == "roles"]
    interpreter = Interpreter(roles, sorted({d.id for d in role_docs} | {_name(d) for d in role_docs if _name(d)}))
    stages = interpreter.activities(activities)
    interpreter.exit_criteria(criteria, stages)
    problems = interpreter.problems
    drafts = list(stages.values())
    if drafts:
        process = Draft("processes", process_id, {"name": process_id.replace("-", " ").capitalize()})
        process.data["stages"] = [draft.id for draft in drafts]
        for i, draft in enumerate(drafts):
            process.cells[f"stages[{i}]"] = draft.cells["name"]
        drafts.append(process)
    targets = [_target(content_dir, draft) for draft in drafts]
    if not force:
        problems += _existing(root, drafts, targets)
    if drafts:
        problems += _validate(root, docs, drafts, targets)
    if problems:
        # The activities first, then the exit criteria, then the files; by row and column in each.
        places = [(activities.file, activities.name), (criteria.file, criteria.name)]
        rank = {place: i for i, place in enumerate(places)}
        raise SpreadsheetError(sorted(problems, key=lambda p: (rank.get((p.file, p.sheet), 2), p.row, p.column)))
    return _write(root, list(zip(targets, (draft.text() for draft in drafts))), force)


def _name(doc: Document) -> str:
    name = doc.data.get("name") if isinstance(doc.data, dict) else None
    return name if isinstance(name, str) else ""


def _roles(docs: list[Document]) -> dict[str, str]:
    """What a header may say for each role (its id or its name, in any case) → the role's id."""
    roles = {name_key(d.id): d.id for d in docs if d.collection == "roles"}
    for doc in docs:
        if doc.collection == "roles" and _name(doc):
            roles.setdefault(name_key(_name(doc)), doc.id)
    return roles


def _target(content_dir: Path, draft: Draft) -> Path:
    """Where the draft goes: its file, or the .yaml file of that id if there is one."""
    path = content_dir / draft.collection / f"{draft.id}.yml"
    other = path.with_suffix(".yaml")
    return other if not path.exists() and other.exists() else path


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _existing(root: Path, drafts: list[Draft], targets: list[Path]) -> list[SheetProblem]:
    problems = []
    for draft, path in zip(drafts, targets):
        if not (path.exists() or path.is_symlink()):
            continue
        shown = _shown(root, path)
        if draft.collection == "processes":
            message = "the file exists already: use --force to replace it, or name another process with --process ID"
            problems.append(SheetProblem(shown, message=message))
        else:
            sheet, cell, _ = draft.cells["name"]
            message = f"{shown} exists already: use --force to replace it, or give the stage another name"
            problems.append(sheet.problem(message, cell.row, cell.column))
    return problems


def _validate(root: Path, docs: list[Document], drafts: list[Draft], targets: list[Path]) -> list[SheetProblem]:
    """The drafts as the build would read them, among the rest of the content (which they replace)."""
    problems: list[SheetProblem] = []
    new: dict[str, Draft] = {}
    written: list[Document] = []
    for draft, path in zip(drafts, targets):
        doc = Document(draft.collection, draft.id, _shown(root, path))
        for problem in parse_document(draft.text().encode("utf-8"), doc):
            problems.append(_unplaced(problem))  # safe_dump writes valid YAML: a bug of ours if ever seen
        new[doc.file] = draft
        written.append(doc)
    replaced = {(d.collection, d.id) for d in written}
    kept = [d for d in docs if (d.collection, d.id) not in replaced]
    _, found = validate_documents(kept + written)
    problems += [_placed(p, new[p.file]) for p in found if p.file in new]
    return problems


def _placed(problem: Problem, draft: Draft) -> SheetProblem:
    """The problem at the cell its value came from (or the nearest enclosing value's cell)."""
    where = problem.where
    while where:
        if where in draft.cells:
            sheet, cell, line = draft.cells[where]
            prefix = f"line {line} of the cell: " if line else ""
            return sheet.problem(prefix + problem.message, cell.row, cell.column)
        where = _LAST_PART.sub("", where)
    return _unplaced(problem)


def _unplaced(problem: Problem) -> SheetProblem:
    where = f"{problem.where}: " if problem.where else ""
    message = f"{where}{problem.message} (in the file the import would write)"
    return SheetProblem(f"{problem.file}:{problem.line}:{problem.column}", message=message)


def _write(root: Path, files: list[tuple[Path, str]], force: bool) -> list[Written]:
    """Write every file or none (a file replaced only with --force); say exactly which it was."""
    try:
        replaced = write_all(files, replace=force)
    except NotWritten as exc:
        problems = [SheetProblem(_shown(root, path), message=reason) for path, reason in exc.failed]
        if not exc.left:
            raise SpreadsheetError(problems) from None
        left = [(_shown(root, path), _shown(root, backup) if backup else None) for path, backup in exc.left]
        raise PartlyWritten(problems, left) from None
    return [Written(path, was) for (path, _), was in zip(files, replaced)]
