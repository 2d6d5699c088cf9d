"""Documentation cannot fall behind: every command and every collection is described in the README."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.model import COLLECTIONS

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"playbook {command}" in README, f"`playbook {command}` is not described in README.md"


# Options every command shares, or that only say where things are, are explained by --help alone.
GENERIC = {"--help", "--root", "--config-file", "--dev-addr", "--version"}
OPTIONS = {o for cmd in main.commands.values() for p in cmd.params for o in p.opts if o.startswith("--")} - GENERIC


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_every_long_option_is_documented(option: str) -> None:
    assert option in README, f"the option {option} is not described in README.md"


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_collection_is_in_the_content_model_table(collection: str) -> None:
    path = COLLECTIONS[collection].path
    assert f"`content/{path}`" in README, f"content/{path} is missing from the README's content model"


def test_the_two_commands_come_first() -> None:
    first_block = README.split("```", 2)[1].splitlines()
    assert first_block[1].startswith("make site")
    assert first_block[2].startswith("make test")
