"""`playbook migrate`: a playbook written for the first content model (stages with an `order:`, no
process) is converted, says what it did, and then validates and builds."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import Project, build_pages

from .conftest import FIXTURES, TEMPLATES


def first_model_playbook(root: Path) -> Path:
    """The small fixture as the first model wrote it: an order on each stage, no process file."""
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    shutil.rmtree(root / "content" / "processes")
    for stage, order in (("close", 2), ("discover", 1)):
        path = root / "content" / "stages" / f"{stage}.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(f"# kept as written\norder: {order}\n" + text, encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_migrate_moves_the_stage_order_into_a_process_and_says_so(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    code, out = run("validate", "--root", str(root))
    assert code == 1 and "run `playbook migrate` to move it there" in out
    code, out = run("migrate", "--root", str(root))
    assert code == 0
    assert out.splitlines() == [
        "Wrote content/processes/sales-process.yml: the 2 stages in their old order.",
        "Removed 'order:' from 2 stage files; run `playbook validate` next.",
    ]
    process = (root / "content/processes/sales-process.yml").read_text(encoding="utf-8")
    assert "stages:\n- discover\n- close\n" in process
    stage = (root / "content/stages/close.yml").read_text(encoding="utf-8")
    assert stage.startswith("# kept as written\nlabel: Stage 2\n")  # only the order line is gone
    assert run("validate", "--root", str(root)) == (0, "The playbook content is valid.\n")
    site = build_pages(Project(root, root / "content", TEMPLATES))
    assert {"process/sales-process.md", "stages/discover.md", "stages/close.md"} <= {p.path for p in site.pages}
    # Running it again changes nothing.
    assert run("migrate", "--root", str(root)) == (0, "The content is up to date: nothing to migrate.\n")


def test_migrate_refuses_an_order_that_is_not_a_number(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    path = root / "content/stages/close.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 2", "order: second"), encoding="utf-8")
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    assert out == ("Error: content/stages/close.yml:2:1: 'order: second' is not a number: write the stage's place"
                   " as a number (1 first), or delete the line and list the stage in a process yourself\n")
    assert not (root / "content/processes").exists()  # nothing written
