"""One project: every command finds the content, templates and edition where mkdocs.yml says they are,
and reads the content once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

from .conftest import FIXTURES, TEMPLATES, write
from .test_mkdocs_build import ENV

PLAYBOOK = [sys.executable, "-m", "generator"]

MARK = "Templates from tpl/ in use."


def own_folders(root: Path) -> Path:
    """A project keeping its content in src/ and its templates in tpl/ (one template marked)."""
    shutil.copytree(FIXTURES / "small" / "content", root / "src")
    shutil.copytree(TEMPLATES, root / "tpl")
    stage = root / "tpl" / "stage.md.j2"
    stage.write_text(stage.read_text(encoding="utf-8") + f"\n{MARK}\n", encoding="utf-8")
    config = {
        "site_name": "Own folders",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "tags", {"playbook": {"content_dir": "src", "templates_dir": "tpl"}}],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "pymdownx.tasklist"],
    }
    write(root, "mkdocs.yml", yaml.safe_dump(config))
    (root / "docs").mkdir()
    return root / "mkdocs.yml"


def playbook(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_finds_the_content_and_templates_where_mkdocs_yml_says(tmp_path: Path) -> None:
    config = own_folders(tmp_path)
    root = str(tmp_path)
    assert not (tmp_path / "content").exists()

    assert playbook("validate", "--root", root)[:2] == (0, "The playbook content is valid.\n")
    code, out, _ = playbook("list", "stage", "--root", root)
    assert code == 0 and "src/stages/discover.yml" in out
    code, out, _ = playbook("show", "stage:discover", "--root", root)
    assert code == 0 and "Discover" in out
    code, out, err = playbook("check", "--root", root, "--today", "2026-01-15")
    assert code in (0, 1) and "src/" in out + err and "Fix these first" not in err
    code, out, _ = playbook("new", "stage", "qualify", "--root", root)
    assert code == 0 and out.startswith("Wrote src/stages/qualify.yml:")
    assert (tmp_path / "src" / "stages" / "qualify.yml").is_file()

    code, out, err = playbook("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))
    assert code == 0, err
    assert MARK in (tmp_path / "site" / "stages" / "discover" / "index.html").read_text(encoding="utf-8")
    code, out, err = playbook("export", str(tmp_path / "export"), "-f", str(config))
    assert code == 0, err
    assert MARK in (tmp_path / "export" / "docs" / "stages" / "discover.md").read_text(encoding="utf-8")

    # A spreadsheet's stages go to src/ too.
    activities = tmp_path / "act.csv"
    activities.write_text("Stage,Label,Goal,Field Rep\nTrial offer,Stage 3,Get a trial,Leave the agreement.\n")
    criteria = tmp_path / "exit.csv"
    criteria.write_text("Stage,Exit criterion\nTrial offer,Trial agreement signed.\n")
    code, out, err = playbook(
        "import", str(activities), "--exit-criteria", str(criteria), "--process", "trials", "--root", root
    )
    assert code == 0, err
    assert (tmp_path / "src" / "stages" / "trial-offer.yml").is_file() and not (tmp_path / "content").exists()

    # A content problem is reported where it is, in src/.
    close = tmp_path / "src" / "stages" / "close.yml"
    close.write_text(close.read_text(encoding="utf-8").replace("name: Close", "name: [Close"), encoding="utf-8")
    code, _, err = playbook("validate", "--root", root)
    assert code == 1 and "src/stages/close.yml:3:5: YAML syntax error" in err


def test_playbook_build_reads_the_content_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline

    config = own_folders(tmp_path)
    calls: list[int] = []
    validate = generator.pipeline.validate_documents

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.pipeline, "validate_documents", counted)
    code, _, err = playbook("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))
    assert code == 0, err
    assert len(calls) == 1

    # A content problem: read once too; the located report is printed once, and the site left as it was.
    close = tmp_path / "src" / "stages" / "close.yml"
    close.write_text(close.read_text(encoding="utf-8").replace("name: Close", "name: [Close"), encoding="utf-8")
    calls.clear()
    assert playbook("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))[0] == 1
    assert len(calls) == 1
    failed = subprocess.run(
        [*PLAYBOOK, "build", "-f", str(config), "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert failed.returncode == 1
    located = "src/stages/close.yml:3:5: YAML syntax error: did not find expected ',' or ']'"
    assert failed.stderr.count(located) == 1, failed.stderr
    assert "Build failed: the playbook content has the problems above." in failed.stderr
    assert "The previous site was left as it was." in failed.stderr
    assert "Traceback" not in failed.stderr


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      content_dir: 3\n", "mkdocs.yml:4:7: content_dir: must be a folder name"),
        ("      templates_dir: [a]\n", "mkdocs.yml:4:7: templates_dir: must be a folder name"),
        ("      edition: secret\n", "mkdocs.yml:4:7: edition: must be one of internal, public, not 'secret'"),
        ("      content_dir: [src\n", "mkdocs.yml:5:1: YAML syntax error: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_a_plugin_option_no_command_can_use_is_reported_where_it_is(
    tmp_path: Path, options: str, expected: str
) -> None:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    write(tmp_path, "mkdocs.yml", "site_name: X\nplugins:\n  - playbook:\n" + options)
    for command in (["validate", "--root", str(tmp_path)], ["build", "-f", str(tmp_path / "mkdocs.yml")]):
        code, _, err = playbook(*command)
        assert code == 1, command
        assert err.splitlines()[0] == expected, err
        assert "1 problem found in the project's configuration." in err
