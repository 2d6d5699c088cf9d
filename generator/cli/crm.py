"""``playbook crm``: the stage set-up exported to Salesforce or HubSpot, or a playbook started from it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import ROOT_OPTION, load_or_exit, project_at
from generator.cli.terminal import say
from generator.content.siteconfig import read_config
from generator.crm.config import CONFIG_FILE, CrmError, load_config
from generator.crm.run import hubspot_text, import_crm, salesforce_files, write_folder

CRM_CONFIG = click.option(
    "--crm-config",
    default=CONFIG_FILE,
    show_default=True,
    help="The mapping choices (base URL, record types, key fields, outcomes), relative to --root.",
)


def _fail(exc: CrmError) -> None:
    say(exc.report(), err=True)
    sys.exit(1)


@click.group()
def crm() -> None:
    """Export the stages to Salesforce or HubSpot, or start a playbook from a CRM's stages."""


@crm.group("export")
def export_group() -> None:
    """Write the CRM's stage set-up from the playbook (no network call is made)."""


@export_group.command("salesforce")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@ROOT_OPTION
@CRM_CONFIG
def export_salesforce(directory: Path, root: str, crm_config: str) -> None:
    """Write a Salesforce DX project into DIRECTORY: the stage picklist, a Path per process, package.xml."""
    playbook, _ = load_or_exit(project_at(root))
    try:
        config = load_config(Path(root) / crm_config, crm_config)
        mkdocs = Path(root) / "mkdocs.yml"
        url = read_config(mkdocs).get("site_url") if mkdocs.is_file() else None
        export = salesforce_files(playbook, config, url if isinstance(url, str) else None)
    except CrmError as exc:
        _fail(exc)
        return
    write_folder(directory, export.files)
    say(f"Wrote {len(export.files)} files to {directory}; deploy: sf project deploy start --source-dir {directory}")
    if export.notes:
        say("Changed to fit Salesforce's limits:")
    for note in export.notes:
        say(f"  {note}")


@export_group.command("hubspot")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@ROOT_OPTION
@CRM_CONFIG
def export_hubspot(file: Path, root: str, crm_config: str) -> None:
    """Write FILE: per process, the deal pipeline as HubSpot's pipelines API takes it."""
    playbook, _ = load_or_exit(project_at(root))
    try:
        text = hubspot_text(playbook, load_config(Path(root) / crm_config, crm_config))
    except CrmError as exc:
        _fail(exc)
        return
    write_folder(file.parent, {file.name: text})
    say(f"Wrote {file}: one pipeline per process, each the body of POST /crm/v3/pipelines/deals.")


@crm.group("import")
def import_group() -> None:
    """Start a playbook from a CRM's existing stages: stage, process and forecast category files."""


def _import(kind: str, source: Path, root: str, force: bool) -> None:
    try:
        lines = import_crm(kind, source, Path(root) / "content", force)
    except CrmError as exc:
        _fail(exc)
        return
    say("\n".join(lines))


FORCE = click.option("--force", is_flag=True, help="Replace content files that already exist.")


@import_group.command("salesforce")
@click.argument("directory", type=click.Path(path_type=Path))
@ROOT_OPTION
@FORCE
def import_salesforce(directory: Path, root: str, force: bool) -> None:
    """Read DIRECTORY: a retrieved OpportunityStage value set, with or without Paths."""
    _import("salesforce", directory, root, force)


@import_group.command("hubspot")
@click.argument("file", type=click.Path(path_type=Path))
@ROOT_OPTION
@FORCE
def import_hubspot(file: Path, root: str, force: bool) -> None:
    """Read FILE: a HubSpot pipelines API response (GET /crm/v3/pipelines/deals), saved as JSON."""
    _import("hubspot", file, root, force)


COMMANDS = [crm]
