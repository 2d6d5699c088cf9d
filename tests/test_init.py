"""`playbook init`: a project of a team's own, built by the installed package alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.model.collections import COLLECTIONS

from .conftest import REPO

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
EXPECTED = [
    ".github/workflows/playbook.yml",
    ".gitignore",
    ".vscode/settings.json",
    "README.md",
    "content/philosophy.yml",
    "content/processes/sales-process.yml",
    "content/roles/account-executive.yml",
    "content/stages/discovery.yml",
    "content/stages/proposal.yml",
    "docs/about.md",
    "mkdocs.yml",
    "playbook-check.yml",
    "requirements.txt",
]


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_writes_the_project_and_what_each_file_holds(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "acme-playbook"), "--name", "Acme: Sales"])
    assert result.exit_code == 0, result.output
    project = tmp_path / "acme-playbook"
    written = files_in(project)
    assert [f for f in written if not f.startswith("schemas/")] == EXPECTED
    assert len([f for f in written if f.startswith("schemas/")]) == len(COLLECTIONS)  # one per collection
    assert result.output.startswith(f"Created a playbook project in {project} ({len(written)} files).\n")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Acme: Sales"  # quoted: a colon in a name is not YAML structure
    assert "playbook" in config["plugins"] and "custom_dir" not in config["theme"]
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "`templates/stage.md.j2` (or any other page template) replaces that page's template" in readme
    assert "`site_config/theme/main.html`" in readme  # how a team overrides the theme, by the same names
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/stages.schema.json"] == ["content/stages/*.yml", "content/stages/*.yaml"]
    severities = yaml.safe_load((project / "playbook-check.yml").read_text(encoding="utf-8"))["severities"]
    assert severities["placeholder"] == "error" and severities["stage-exit-criteria"] == "error"
    workflow = yaml.safe_load((project / ".github/workflows/playbook.yml").read_text(encoding="utf-8"))
    runs = [s.get("run") for s in workflow["jobs"]["build"]["steps"]]
    assert runs.index("playbook check") < runs.index("playbook build --edition public --site-dir site")
    # The test environment has the tool as an editable install of this checkout: a local path, said so.
    requirement = f"sales-playbook @ {REPO.resolve().as_uri()}"
    assert (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == requirement
    assert f"requirements.txt installs the generator with: {requirement}\n" in result.output
    assert "This is a path on this machine: CI and your colleagues cannot install from it" in result.output


def test_the_starter_content_validates_and_check_reports_every_placeholder(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path / "p")])
    assert CliRunner().invoke(main, ["validate", "--root", str(tmp_path / "p")]).exit_code == 0
    check = CliRunner().invoke(main, ["check", "--root", str(tmp_path / "p")])
    assert check.exit_code == 1
    written = (tmp_path / "p/content/stages/discovery.yml").read_text(encoding="utf-8").splitlines()
    line = written.index("name: 'REPLACE: Discovery'") + 1
    assert (
        f"content/stages/discovery.yml:{line}:8: error: this value is a placeholder left by `playbook new`: write the"
        " real one (or remove the line) [placeholder]"
    ) in check.output.splitlines()


def test_init_refuses_a_folder_that_holds_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path} already exists and is not an empty folder: choose a new folder\n"
    assert files_in(tmp_path) == ["notes.txt"]


def test_init_then_build_with_a_non_editable_install_in_a_fresh_environment(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(REPO)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    # No warning from the build backend (the package name, editable installs, licences...); pip's own
    # notes about this machine's package sources are not ours.
    ours = [line for line in install.stderr.splitlines() if not line.startswith("WARNING: Location ")]
    assert not [line for line in ours if "warning" in line.lower() or "!!" in line], install.stderr
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    assert "site-packages" in where.stdout  # the installed copy, not the repository
    playbook = env_dir / "bin" / "playbook"
    created = subprocess.run(
        [str(playbook), "init", "team-playbook"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    project = tmp_path / "team-playbook"
    built = subprocess.run(
        [str(playbook), "build"], cwd=project, capture_output=True, text=True, env=ENV, timeout=300, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    stage = (project / "site/stages/discovery/index.html").read_text(encoding="utf-8")
    assert "REPLACE: Discovery" in stage  # the starter page, from the package's templates
    assert (project / "site/assets/playbook/playbook.css").is_file()
    assert '<script src="../../assets/playbook/playbook.js" defer></script>' in stage
    assert "Content-Security-Policy" in stage  # the package's theme override
    # A project may override one template and keep the rest from the package.
    (project / "templates").mkdir()
    (project / "templates/stage.md.j2").write_text("# {{ stage.title }}\n\nOur own stage page.\n", encoding="utf-8")
    built = subprocess.run(
        [str(playbook), "build"], cwd=project, capture_output=True, text=True, env=ENV, timeout=300, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Our own stage page." in (project / "site/stages/discovery/index.html").read_text(encoding="utf-8")
    assert "Our own stage page." not in (project / "site/roles/account-executive/index.html").read_text()
    # And its own site_config/theme/ replaces one file of the package's theme by the same name.
    own_css = project / "site_config/theme/assets/playbook/playbook.css"
    own_css.parent.mkdir(parents=True)
    own_css.write_text("/* our own colours */\n", encoding="utf-8")
    built = subprocess.run(
        [str(playbook), "build"], cwd=project, capture_output=True, text=True, env=ENV, timeout=300, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "site/assets/playbook/playbook.css").read_text(encoding="utf-8") == "/* our own colours */\n"
    assert "Content-Security-Policy" in (project / "site/stages/discovery/index.html").read_text(encoding="utf-8")
    assert sys.prefix not in where.stdout


# --- where the project is made, and its name ---------------------------------------------------------


def test_init_into_a_dangling_link_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "playbook").symlink_to(tmp_path / "gone")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "playbook")])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'playbook'} is a link to {tmp_path / 'gone'}, "
        "which does not exist: create that folder first, or choose another\n",
    )
    assert not (tmp_path / "gone").exists()


def test_init_where_a_folder_cannot_be_made_is_a_clean_refusal(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "file.txt/playbook")])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot create the project in {tmp_path / 'file.txt/playbook'}: Not a directory\n",
    )


AWKWARD_NAMES = [
    "Acme: Sales",
    "'Quoted'",
    '"Double" quoted',
    "It's ours",
    "# not a comment",
    "- not a list",
    "{not: a map}",
    "[not, a list]",
    "&anchor *alias",
    "!tag",
    "%directive",
    "@at `tick`",
    "yes",
    "null",
    "~",
    "1.0",
    "0o17",
    "back\\slash",
    "tab-free  double  spaces",
    " leading and trailing ",
    "Ventes – équipe Zürich",
    "営業プレイブック",
    "Sales 🚀 playbook",
    "Right-to-left שלום",
    "a" * 300,
    "x: y # z",
    "---",
    "...",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_any_name_is_written_so_mkdocs_yml_loads_back_to_exactly_that_name(tmp_path: Path, name: str) -> None:
    from mkdocs.utils.yaml import get_yaml_loader

    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--name", name])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "p/mkdocs.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["site_name"] == name
    assert yaml.load(text, Loader=get_yaml_loader())["site_name"] == name  # as MkDocs itself reads it


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x92", "\x9b", "\u2028", "\u202e"]
)
def test_a_name_with_a_control_character_is_refused_and_nothing_is_written(tmp_path: Path, char: str) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--name", f"Acme{char} Sales"])
    assert result.exit_code == 1
    shown = f"\\x{ord(char):02x}" if ord(char) < 0x20 else f"\\u{ord(char):04x}"  # as printable() writes it
    kind = "a line break" if char in "\n\r\u2028" else "a control character"
    message = (
        f"Error: the site name 'Acme{shown} Sales' holds {kind} (U+{ord(char):04X}) at character 5: type it again"
        " without it"
    )
    if char == "\x92":
        message += " (a pasted apostrophe from some programs arrives as U+0092)"
    assert result.output == message + "\n"
    assert not (tmp_path / "p").exists()


def test_a_folder_name_with_a_control_character_needs_a_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "acme\x1b]0;x")])
    assert result.exit_code == 1
    assert result.output == (
        "Error: the name made from the folder's name 'Acme\\x1b]0;X Sales Playbook' holds a "
        "control character (U+001B) at character 5: give the site a name with --name\n"
    )


def test_a_blank_name_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--name", "   "])
    assert (result.exit_code, result.output) == (1, "Error: the site name is empty: give the site a name with --name\n")


def test_a_folder_name_that_is_not_utf8_needs_a_name_and_the_message_prints(tmp_path: Path) -> None:
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9")  # as the command line gives it: \udce9
    result = CliRunner().invoke(main, ["init", folder])
    assert result.exit_code == 1
    assert result.output == (
        "Error: the name made from the folder's name 'Caf\\udce9 Sales Playbook' holds a byte that is not"
        " UTF-8 (U+DCE9) at character 4: give the site a name with --name\n"
    )


def test_a_project_made_in_a_folder_whose_name_is_not_utf8_is_reported_printably(tmp_path: Path) -> None:
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9")
    result = CliRunner().invoke(main, ["init", folder, "--name", "Café"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Created a playbook project in {tmp_path}/caf\\udce9 (")
