"""Commands that start or fill a playbook project: init (a new project), import (a spreadsheet)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.authoring.init import InitError, init_project


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "site_name", help="The site's name (default: from the folder's name).")
def init(directory: Path, site_name: str | None) -> None:
    """Create a new playbook project in DIRECTORY (new or empty), ready for `playbook build`."""
    try:
        written = init_project(directory, site_name)
    except InitError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created a playbook project in {directory} ({len(written)} files).")
    click.echo(f"Next: cd {directory}, then `playbook serve` to see it, and replace every value marked REPLACE")
    click.echo("in content/ (`playbook check` lists them).")


COMMANDS = (init,)
