"""Commands that start or fill a playbook project: init (a new project), import (a spreadsheet)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.authoring.init import InitError, init_project, one_line
from generator.authoring.sheets import SpreadsheetError
from generator.authoring.spreadsheet import DEFAULT_PROCESS, import_spreadsheet
from generator.authoring.tool_source import explained, installed_requirement
from generator.cli.common import ROOT_OPTION, project_at
from generator.cli.terminal import Refusal, say


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "site_name", help="The site's name (default: from the folder's name).")
def init(directory: Path, site_name: str | None) -> None:
    """Create a new playbook project in DIRECTORY (new or empty), ready for `playbook build`."""
    tool = installed_requirement()
    try:
        written = init_project(directory, site_name, tool)
    except InitError as exc:
        raise Refusal(str(exc)) from None
    shown = one_line(str(directory))
    say(f"Created a playbook project in {shown} ({len(written)} files).")
    say(f"requirements.txt installs the generator with: {tool.line}")
    say(explained(tool))
    say(f"Next: cd {shown}, then `playbook serve` to see it, and replace every value marked REPLACE")
    say("in content/ (`playbook check` lists them).")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--exit-criteria",
    "exit_criteria",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="With a .csv FILE (the activities): the .csv file of exit criteria.",
)
@click.option(
    "--process",
    "process_id",
    metavar="ID",
    default=DEFAULT_PROCESS,
    show_default=True,
    help="Id of the process file that lists the stages in sheet order.",
)
@click.option("--force", is_flag=True, help="Replace stage and process files that exist already.")
@ROOT_OPTION
def import_sheet(file: Path, exit_criteria: Path | None, process_id: str, force: bool, root: str) -> None:
    """Turn a spreadsheet (.xlsx, or two .csv files) into stage files and a process file listing them."""
    content_dir = project_at(root).content_dir
    try:
        written = import_spreadsheet(
            Path(root), file, exit_criteria=exit_criteria, process_id=process_id, force=force, content_dir=content_dir
        )
    except SpreadsheetError as exc:
        say(exc.report(), err=True)
        sys.exit(1)
    project = Path(root).resolve()
    stages = len(written) - 1
    say(f"Wrote {stages} stage file{'' if stages == 1 else 's'} and a process file from {file}:")
    for path, replaced in written:
        shown = path.relative_to(project).as_posix() if path.is_relative_to(project) else path.as_posix()
        say(f"  {shown} ({'replaced' if replaced else 'new'})")
    say("Run `playbook check` next.")


COMMANDS = (init, import_sheet)
