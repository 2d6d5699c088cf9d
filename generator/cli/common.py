"""What every command shares: the project folder, content problems printed once, MkDocs' logging
(escaped as everything written to the terminal is, see ``terminal.py``)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from generator.cli.terminal import EscapingFormatter, Refusal, say
from generator.engines.engine import ENGINE_VARIABLE, ENGINES, EngineError, chosen_engine, engine_name, use_engine
from generator.errors import ContentError
from generator.model.resolve import Playbook
from generator.model.validate import Validated
from generator.pipeline import Project, load_playbook

ROOT_OPTION = click.option(
    "--root",
    default=".",
    show_default=True,
    help="Project folder: its mkdocs.yml says where the content is (content/ without one).",
)
CONFIG_OPTION = click.option(
    "-f", "--config-file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True
)


def project_at(root: str | Path) -> Project:
    """The project in folder ``root``, as its mkdocs.yml describes it (the plugin's options included)."""
    return project_from(Path(root) / "mkdocs.yml")


def project_from(config_file: Path) -> Project:
    """The project ``config_file`` describes; a file that cannot be used is reported, exit 1."""
    try:
        return Project.from_config(config_file)
    except ContentError as exc:
        say(exc.report(), err=True)
        sys.exit(1)


def load_or_exit(project: Project, after: str = "") -> tuple[Playbook, Validated]:
    """The loaded playbook; on content problems, print them all and exit 1 (never a traceback)."""
    try:
        return load_playbook(project)
    except ContentError as exc:
        say(exc.report(), err=True)
        if after:
            say(after, err=True)
        sys.exit(1)


ENGINE_OPTION = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help=f"Build with MkDocs (the default) or ProperDocs; also set by {ENGINE_VARIABLE}.",
)


def start_engine(option: str | None) -> None:
    """Choose the engine before anything imports it, and show its messages as MkDocs does."""
    try:
        use_engine(chosen_engine(option))
    except EngineError as exc:
        raise Refusal(str(exc)) from None
    setup_logging(engine_name())


def setup_logging(name: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(EscapingFormatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger(name)
    if not logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
