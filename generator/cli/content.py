"""Commands that read or write content files: validate, check, new, schema."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import click

from generator.authoring.listing import NotFound, format_listing, format_shown, listing, show
from generator.authoring.migrate import MigrationError
from generator.authoring.migrate import migrate as migrate_content
from generator.authoring.scaffold import ScaffoldError, scaffold
from generator.checks.report import format_json, format_text
from generator.cli.common import ROOT_OPTION, load_or_exit, project_at
from generator.cli.terminal import Refusal, say
from generator.errors import ContentError, printable, suggest
from generator.model.collections import COLLECTIONS
from generator.model.reference_docs import DOCS_FILE, docs_stale, write_docs
from generator.model.schema import SCHEMA_DIR, stale_schemas, write_schemas
from generator.pipeline import check_project


@click.command()
@ROOT_OPTION
def validate(root: str) -> None:
    """Check every content file: syntax, fields, types and references."""
    load_or_exit(project_at(root))
    say("The playbook content is valid.")


@click.command("check")
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date to check review_by against (default: today).",
)
@click.option(
    "--min-severity",
    type=click.Choice(["error", "warning", "info"]),
    default="info",
    show_default=True,
    help="Show only findings at least this severe.",
)
@click.option("--rule", "rules", metavar="ID", multiple=True, help="Show only this rule's findings (repeatable).")
def check(root: str, fmt: str, today: datetime.datetime | None, min_severity: str, rules: tuple[str, ...]) -> None:
    """Is our sales system complete? Apply the health rules; exit 1 if any finding shown is an error
    that its page does not accept."""
    project = project_at(root)
    after = "Fix these first: the health check runs only on valid content and settings."
    playbook, validated = load_or_exit(project, after)
    try:
        report = check_project(project, playbook, validated, today.date() if today else None)
    except ContentError as exc:
        say(exc.report(), err=True)
        say(after, err=True)
        sys.exit(1)
    unknown = [r for r in rules if r not in {rule.id for rule in report.rules}]
    if unknown:
        hint = suggest(unknown[0], [rule.id for rule in report.rules])
        say(f"Error: --rule {unknown[0]}: no such rule is in force" + (f"; {hint}" if hint else ""), err=True)
        sys.exit(2)
    report = report.only(min_severity=min_severity, rules=rules)
    say(format_json(report) if fmt == "json" else format_text(report))
    sys.exit(1 if report.failed else 0)


def _new_help() -> str:
    """The help of `playbook new`, naming every kind of content the declarations hold."""
    many = [c.kind for c in COLLECTIONS.values() if not c.single]
    single = [c for c in COLLECTIONS.values() if c.single]
    return (
        f"Start a new content file of KIND ({', '.join(many)}, {', '.join(c.kind for c in single[:-1])} or"
        f" {single[-1].kind}) with the id ID. "
        + " and ".join(c.kind for c in single).capitalize()
        + " are one file each ("
        + ", ".join(c.path for c in single)
        + ") and take no ID."
    )


@click.command("new", help=_new_help())
@click.argument("kind")
@click.argument("entity_id", metavar="ID", required=False)
@click.option("--from", "copy_of", metavar="EXISTING", default=None, help="Start from a copy of this entity.")
@ROOT_OPTION
def new(kind: str, entity_id: str | None, copy_of: str | None, root: str) -> None:
    project = project_at(root)
    try:
        path = scaffold(project.content_dir, kind, entity_id, copy_of=copy_of)
    except ScaffoldError as exc:
        raise Refusal(str(exc)) from None
    shown = project.shown(path)
    if copy_of:
        say(f"Wrote {shown}, a copy of '{printable(copy_of)}': change what differs, then run `playbook check`.")
    else:
        say(f"Wrote {shown}: replace every value marked REPLACE, then run `playbook check`.")


@click.command("schema")
@click.option("--root", default=".", show_default=True, help="Project folder; schemas go to ROOT/schemas/.")
@click.option("--check", is_flag=True, help="Only report stale schemas (exit 1 if any); write nothing.")
def schema(root: str, check: bool) -> None:
    """Write a JSON Schema per collection to schemas/, for editor autocomplete and hover help, and the
    field reference into docs/content-model.md (between its markers) where there is one."""
    schema_dir = Path(root) / SCHEMA_DIR
    if check:
        stale = stale_schemas(schema_dir)
        if stale:
            say(f"Stale schemas in {schema_dir}: {', '.join(stale)}. Run `playbook schema` to update.", err=True)
        if docs_stale(Path(root)):
            say(f"Stale field reference in {DOCS_FILE}. Run `playbook schema` to update.", err=True)
        if stale or docs_stale(Path(root)):
            raise SystemExit(1)
        say("The schemas are up to date.")
        return
    changed = write_schemas(schema_dir)
    say(f"Wrote {len(changed)} schema(s) to {schema_dir}" if changed else "The schemas are up to date.")
    if write_docs(Path(root)):
        say(f"Wrote the field reference into {DOCS_FILE}")


@click.command("migrate")
@ROOT_OPTION
def migrate(root: str) -> None:
    """Bring content written for the first content model up to the current one (stage order → a process)."""
    project = project_at(root)
    try:
        done = migrate_content(project.content_dir, project.root)
    except MigrationError as exc:
        say(exc.report(), err=True)
        say("Nothing was changed: fix these, then run `playbook migrate` again.", err=True)
        sys.exit(1)
    if not done:
        say("The content is up to date: nothing to migrate.")
        return
    assert done.process is not None
    count = len(done.stages)
    stages = "the stage" if count == 1 else f"the {count} stages in their old order"
    files = "1 stage file" if count == 1 else f"{count} stage files"
    say(f"Wrote {project.shown(done.process)}: {stages}.")
    say(f"Removed 'order:' from {files}; run `playbook validate` next.")


@click.command("list")
@click.argument("kind", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ROOT_OPTION
def list_entities(kind: str | None, fmt: str, root: str) -> None:
    """Every entity (of KIND): its id, name, file, owner and review date."""
    _, validated = load_or_exit(project_at(root))
    try:
        items = listing(validated, kind)
    except NotFound as exc:
        raise Refusal(str(exc)) from None
    say(
        json.dumps([i.as_dict() for i in items], indent=2, ensure_ascii=False)
        if fmt == "json"
        else format_listing(items)
    )


@click.command("show")
@click.argument("entity_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ROOT_OPTION
def show_entity(entity_id: str, fmt: str, root: str) -> None:
    """One entity (ID or KIND:ID) with its links both ways: what it refers to, and what refers to it."""
    _, validated = load_or_exit(project_at(root))
    try:
        shown = show(validated, entity_id)
    except NotFound as exc:
        raise Refusal(str(exc)) from None
    say(json.dumps(shown.as_dict(), indent=2, ensure_ascii=False) if fmt == "json" else format_shown(shown))


COMMANDS = (validate, check, new, schema, migrate, list_entities, show_entity)
