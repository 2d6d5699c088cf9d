"""Commands that build, serve or export the site, and the changes between two revisions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TypeVar

import click
import yaml

from generator.cli.common import (
    CONFIG_OPTION,
    ENGINE_OPTION,
    ROOT_OPTION,
    load_or_exit,
    project_at,
    project_from,
    start_engine,
)
from generator.cli.terminal import Refusal, say
from generator.errors import ContentError
from generator.history.changes import diff_models, markdown, model_at, withheld_now
from generator.history.git import HistoryUnavailable
from generator.site.edition import EDITIONS

E = TypeVar("E", bound=BaseException)


@click.command()
@click.option(
    "--site-dir", type=click.Path(path_type=Path), default=None, help="Where to write the site (default: site/)."
)
@CONFIG_OPTION
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="'public' leaves out everything marked 'visibility: internal' (default: the plugin's setting, else internal).",
)
@ENGINE_OPTION
def build(site_dir: Path | None, config_file: Path, edition: str | None, engine: str | None) -> None:
    """Validate, then build the site with a strict MkDocs build; the old site stays until it succeeds."""
    start_engine(engine)
    from generator.engines.build import build_site, is_build_failure  # mkdocs is imported only here
    from generator.engines.plugin import ContentProblems

    project = project_from(config_file)
    target = site_dir if site_dir is not None else project.root / "site"
    protected = [p for p in (project.content_dir, project.templates_dir, project.docs_dir) if p is not None]
    try:
        # The plugin validates the content (once): its located report is what a failure prints.
        build_site(config_file, target, protected=protected, edition=edition)
    except Exception as exc:  # mkdocs and our guards raise several kinds; all end the same way
        if not is_build_failure(exc):
            raise
        if _raised(exc, ContentProblems) is not None:  # MkDocs has printed the plugin's located report
            say("Build failed: the playbook content has the problems above.", err=True)
        else:
            say(f"Build failed: {exc}", err=True)
        say("The previous site was left as it was.", err=True)
        sys.exit(1)
    say(f"Site built in {target}")


def _raised(exc: BaseException | None, kind: type[E]) -> E | None:
    """``exc`` or the error it was raised while handling, if one is a ``kind`` (MkDocs wraps them)."""
    while exc is not None:
        if isinstance(exc, kind):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


@click.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=None, help="Port to serve on (on 127.0.0.1).")
@ENGINE_OPTION
def serve(config_file: Path, dev_addr: str, port: int | None, engine: str | None) -> None:
    """Live preview: rebuilds and refreshes the browser when content or templates change."""
    start_engine(engine)
    from mkdocs.commands.serve import serve as mkdocs_serve

    project_from(config_file)  # a mkdocs.yml our plugin cannot use is reported where it is wrong
    if port is not None:
        dev_addr = f"{dev_addr.rpartition(':')[0] or '127.0.0.1'}:{port}"
    # A dirty serve: after a save only the pages whose Markdown changed are rebuilt (the playbook
    # plugin rebuilds everything when the navigation changes), so a large playbook previews fast.
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")


@click.command("export")
@click.argument("folder", type=click.Path(path_type=Path))
@CONFIG_OPTION
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="'public' leaves out everything marked 'visibility: internal' (default: the plugin's setting, else internal).",
)
def export(folder: Path, config_file: Path, edition: str | None) -> None:
    """Write the pages as plain Markdown plus a mkdocs.yml that plain MkDocs or Zensical can build."""
    from generator.engines.assemble import PageClash
    from generator.engines.export import export_project
    from generator.engines.publish import UnsafeSiteDir

    if not config_file.is_file():
        raise Refusal(f"{config_file}: no such configuration file")
    try:
        pages = export_project(config_file, folder, edition=edition)
    except ContentError as exc:
        say(exc.report(), err=True)
        sys.exit(1)
    except (UnsafeSiteDir, PageClash, OSError, yaml.YAMLError) as exc:
        say(f"Export failed: {exc}", err=True)
        sys.exit(1)
    say(f"Exported {len(pages)} pages to {folder}; build them with: mkdocs build -f {folder / 'mkdocs.yml'}")


@click.command("changes")
@click.option("--since", required=True, help="The git revision to compare from: a tag, branch or commit.")
@click.option("--to", "until", default="HEAD", show_default=True, help="The git revision to compare to.")
@ROOT_OPTION
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default="internal",
    show_default=True,
    help="'public' compares only what the public edition shows.",
)
def changes(since: str, until: str, root: str, edition: str) -> None:
    """List the entities and fields added, removed or changed between two revisions, as Markdown."""
    project = project_at(root)
    # The public edition judges visibility by the content as it is now: what is internal now stays
    # out of both revisions, even where it was public before.
    withheld = withheld_now(load_or_exit(project)[1]) if edition == "public" else None
    try:
        new = model_at(project.content_dir, until, edition, withheld)
        old = model_at(project.content_dir, since, edition, withheld)
    except HistoryUnavailable as exc:
        say(f"Cannot compare {since} with {until}: {exc}", err=True)
        sys.exit(1)
    if old is None or new is None:
        bad = since if old is None else until
        say(
            f"Cannot compare {since} with {until} in the public edition: the content at {bad} does not "
            "validate, so all of it counts as internal",
            err=True,
        )
        sys.exit(1)
    say(markdown(diff_models(old, new, withheld), f"Playbook changes from {since} to {until}"), nl=False)


COMMANDS = (build, serve, export, changes)
