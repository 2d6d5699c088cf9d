"""The ``playbook`` command line. Content problems are printed one per line; never a traceback."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from .edition import EDITIONS
from .errors import ContentError
from .pipeline import Project, load_playbook


def _project(root: str) -> Project:
    return Project.at(Path(root))


def _fail_on_content(project: Project) -> None:
    try:
        load_playbook(project)
    except ContentError as exc:
        click.echo(exc.report(), err=True)
        sys.exit(1)


@click.group()
@click.version_option(package_name="sales-playbook")
def main() -> None:
    """Turn the playbook's YAML content into a searchable MkDocs site."""
    # MkDocs prints a banner about its next major version on every run; it is noise for our users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@main.command()
@click.option("--root", default=".", show_default=True, help="Project folder holding content/ and templates/.")
def validate(root: str) -> None:
    """Check every content file: syntax, fields, types and references."""
    project = _project(root)
    _fail_on_content(project)
    click.echo("The playbook content is valid.")


@main.command()
@click.option(
    "--site-dir", type=click.Path(path_type=Path), default=None, help="Where to write the site (default: site/)."
)
@click.option("-f", "--config-file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True)
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="'public' leaves out everything marked 'visibility: internal' (default: the plugin's setting, else internal).",
)
def build(site_dir: Path | None, config_file: Path, edition: str | None) -> None:
    """Validate, then build the site with a strict MkDocs build; the old site stays until it succeeds."""
    from .plugin import build_site  # mkdocs is imported only when a site is built

    root = config_file.resolve().parent
    project = Project.at(root)
    _fail_on_content(project)
    target = site_dir if site_dir is not None else root / "site"
    _setup_logging()
    try:
        build_site(config_file, target, protected=[project.content_dir, project.templates_dir], edition=edition)
    except Exception as exc:  # mkdocs and our guards raise several kinds; all end the same way
        from .plugin import is_build_failure

        if not is_build_failure(exc):
            raise
        click.echo(f"Build failed: {exc}", err=True)
        click.echo("The previous site was left as it was.", err=True)
        sys.exit(1)
    click.echo(f"Site built in {target}")


@main.command()
@click.option("-f", "--config-file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, dev_addr: str) -> None:
    """Live preview: rebuilds and refreshes the browser when content or templates change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _setup_logging()
    # A dirty serve: after a save only the pages whose Markdown changed are rebuilt (the playbook
    # plugin rebuilds everything when the navigation changes), so a large playbook previews fast.
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")


def _setup_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


from .health import check_command  # noqa: E402  (commands of other modules, one line each)
from .scaffold import new_command  # noqa: E402
from .schema import schema_command  # noqa: E402

main.add_command(schema_command)
main.add_command(check_command)
main.add_command(new_command)

main.add_command(__import__("generator.export", fromlist=["export_command"]).export_command)
main.add_command(__import__("generator.changes", fromlist=["changes_command"]).changes_command)
