"""Documentation cannot fall behind: every command, option, collection and rule is described, in the
README or in the reference in docs/ (the tool's own manual, not published in a playbook's site)."""

from __future__ import annotations

import pytest
import yaml

from generator.checks.run import RULES
from generator.cli import main
from generator.model import COLLECTIONS

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md")}
EVERYWHERE = README + "\n".join(DOCS.values())


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"playbook {command}" in README, f"`playbook {command}` is not in the README's command list"


# Options every command shares, or that only say where things are, are explained by --help alone.
GENERIC = {"--help", "--root", "--config-file", "--dev-addr", "--version"}
OPTIONS = {o for cmd in main.commands.values() for p in cmd.params for o in p.opts if o.startswith("--")} - GENERIC


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_every_long_option_is_documented(option: str) -> None:
    assert option in EVERYWHERE, f"the option {option} is not described in the README or docs/"


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_collection_is_in_the_content_model_table(collection: str) -> None:
    path = COLLECTIONS[collection].path
    assert f"`content/{path}`" in DOCS["content-model.md"], f"content/{path} is missing from docs/content-model.md"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_health_rule_is_in_the_reference(rule: str) -> None:
    assert f"| `{rule}` | {RULES[rule].severity} |" in DOCS["health-check.md"], f"{rule} is not in docs/health-check.md"


def test_the_two_commands_come_first() -> None:
    first_block = README.split("```", 2)[1].splitlines()
    assert first_block[1].startswith("make site")
    assert first_block[2].startswith("make test")


def test_the_readme_is_short_and_every_reference_page_it_names_exists() -> None:
    assert len(README.encode("utf-8")) <= 10_000
    named = {line.split("](docs/", 1)[1].split(")", 1)[0] for line in README.splitlines() if "](docs/" in line}
    assert named and named <= set(DOCS), named - set(DOCS)


def test_the_tools_own_documentation_is_not_published_in_the_sample_playbook() -> None:
    """docs/ is the tool's manual (read on the forge); the sample site shows what a team's own
    playbook looks like, with its hand-written pages from site_config/pages/."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["docs_dir"] == "site_config/pages" and "nav" not in config
    published = {p.name for p in (REPO / config["docs_dir"]).rglob("*.md")}
    assert published and not published & set(DOCS), published & set(DOCS)
