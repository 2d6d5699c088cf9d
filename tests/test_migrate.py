"""`playbook migrate`: a playbook written for the first content model (stages with an `order:`, no
process) is converted, says what it did, and then validates and builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import Project, build_pages, load_playbook

from .conftest import FIXTURES, TEMPLATES
from .test_hostile import CASES, HOSTILE, overlay, problems_of

NOTHING_CHANGED = "Nothing was changed: fix these, then run `playbook migrate` again."


def first_model_playbook(root: Path) -> Path:
    """The small fixture as the first model wrote it: an order on each stage, no process file."""
    shutil.copytree(FIXTURES / "small" / "content", root / "content")
    shutil.rmtree(root / "content" / "processes")
    for stage, order in (("close", 2), ("discover", 1)):
        path = root / "content" / "stages" / f"{stage}.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(f"# kept as written\norder: {order}\n" + text, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links not followed), with its bytes: to show nothing changed."""
    return {
        p.relative_to(root).as_posix(): (b"-> " + os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


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
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    assert out.splitlines() == [
        "content/stages/close.yml:2:1: 'order: second' is not a number: write the stage's place as a number"
        " (1 first), or delete the line and list the stage in a process yourself",
        "1 problem found in the playbook content.",
        NOTHING_CHANGED,
    ]
    assert snapshot(root) == before  # nothing written: not the other stage, not a process


def test_an_order_written_on_the_next_line_is_read_as_yaml_reads_it(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    close = root / "content/stages/close.yml"
    close.write_text(close.read_text(encoding="utf-8").replace("order: 2\n", "order:\n  3\n"), encoding="utf-8")
    assert run("migrate", "--root", str(root))[0] == 0
    # Its order is 3 (after discover's 1), and both lines of it are gone: the name is untouched.
    assert "stages:\n- discover\n- close\n" in (root / "content/processes/sales-process.yml").read_text()
    migrated = close.read_text(encoding="utf-8")
    assert migrated == (FIXTURES / "small/content/stages/close.yml").read_text().join(["# kept as written\n", ""])
    assert run("validate", "--root", str(root)) == (0, "The playbook content is valid.\n")


def test_a_line_order_3_inside_a_quoted_text_is_text_and_stays(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    close = root / "content/stages/close.yml"
    goal = 'goal: "Agree a trial\norder: 3\nbefore the quarter ends."\n'
    text = close.read_text(encoding="utf-8")
    close.write_text(goal + text.replace("order: 2\n", "").replace("goal: Agree a trial.\n", "order: 2\n"))
    assert run("migrate", "--root", str(root))[0] == 0
    assert "stages:\n- discover\n- close\n" in (root / "content/processes/sales-process.yml").read_text()
    assert close.read_text(encoding="utf-8").startswith(goal + "# kept as written\nlabel: Stage 2\n")
    _, validated = load_playbook(Project.at(root))
    assert validated.entities["stages"]["close"].goal == "Agree a trial order: 3 before the quarter ends."


def test_comments_line_endings_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    close = root / "content/stages/close.yml"
    text = close.read_text(encoding="utf-8").replace("order: 2\n", "order: 2   # its old place\n")
    close.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert run("migrate", "--root", str(root))[0] == 0
    expected = text.replace("order: 2   # its old place\n", "").replace("\n", "\r\n")
    assert close.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_a_file_that_is_not_utf8_is_refused_at_its_byte_and_nothing_changes(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    close = root / "content/stages/close.yml"
    close.write_bytes(close.read_bytes().replace(b"Agree a trial.", b"Agree a d\xe9al."))
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    assert out.splitlines() == [
        "content/stages/close.yml:5:16: the file is not UTF-8 text (byte 0xe9): save it as UTF-8",
        "1 problem found in the playbook content.",
        NOTHING_CHANGED,
    ]
    assert snapshot(root) == before  # discover's order is still there, and no process was written


def test_a_stage_file_linking_out_of_content_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path / "project")
    outside = tmp_path / "outside.yml"
    outside.write_text("order: 3\nname: Not ours\n", encoding="utf-8")
    (root / "content/stages/elsewhere.yml").symlink_to(outside)
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    assert out.splitlines() == [
        "content/stages/elsewhere.yml:1:1: 'elsewhere.yml' links to a file outside the content folder:"
        " copy the file in instead",
        "1 problem found in the playbook content.",
        NOTHING_CHANGED,
    ]
    assert outside.read_text(encoding="utf-8") == "order: 3\nname: Not ours\n"
    assert snapshot(root) == before


def test_a_yaml_error_anywhere_is_refused_as_validate_refuses_it(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    (root / "content/roles/rep.yml").write_text("name: Rep\npurpose: [unclosed\n", encoding="utf-8")
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    validated = run("validate", "--root", str(root))[1].splitlines()
    problem = next(line for line in validated if line.startswith("content/roles/rep.yml:"))
    assert problem.startswith("content/roles/rep.yml:3:1: YAML syntax error:")
    assert out.splitlines() == [problem, "1 problem found in the playbook content.", NOTHING_CHANGED]
    assert snapshot(root) == before


def test_an_order_that_an_alias_uses_is_refused_rather_than_breaking_the_file(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    close = root / "content/stages/close.yml"
    close.write_text(close.read_text(encoding="utf-8").replace("order: 2\n", "order: &place 2\nlabel_order: *place\n"))
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    assert out.splitlines()[0] == (
        "content/stages/close.yml:2:1: 'order' cannot be removed without changing other fields (an anchor, a"
        " comment inside it...): delete it yourself and list the stage in a process"
    )
    assert snapshot(root) == before


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    assert run("migrate", "--root", str(root))[0] == 0
    after_first = snapshot(root)
    assert run("migrate", "--root", str(root)) == (0, "The content is up to date: nothing to migrate.\n")
    assert snapshot(root) == after_first


@pytest.mark.parametrize("case", CASES)
def test_migrate_on_every_hostile_case_never_crashes_and_changes_all_or_nothing(tmp_path: Path, case: str) -> None:
    root = overlay(tmp_path, case)
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code in (0, 1), out
    migrated = HOSTILE / case / "migrated"
    if code == 1:
        assert out.splitlines()[-1] == NOTHING_CHANGED
        # What it refuses, validate refuses too (an order that is not a number aside).
        reported = set(problems_of(root))
        assert all(line in reported or "'order" in line for line in out.splitlines()[:-2]), out
        assert snapshot(root) == before
        assert not migrated.exists()
        return
    after = snapshot(root)
    expected = {**before, **{p.relative_to(migrated).as_posix(): p.read_bytes() for p in migrated.rglob("*.yml")}}
    assert after == (expected if migrated.exists() else before)


@pytest.mark.parametrize("value", ["second", ".inf", ".nan", "yes", ""])
def test_an_order_that_is_not_a_finite_number_is_refused_at_its_key(tmp_path: Path, value: str) -> None:
    root = first_model_playbook(tmp_path)
    close = root / "content/stages/close.yml"
    close.write_text(close.read_text(encoding="utf-8").replace("order: 2\n", f"order: {value}\n"), encoding="utf-8")
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    shown = f"order: {value}".strip()
    assert out.splitlines()[0] == (
        f"content/stages/close.yml:2:1: '{shown}' is not a number: write the stage's place as a number (1 first),"
        " or delete the line and list the stage in a process yourself"
    )
    assert snapshot(root) == before


def test_fields_written_in_braces_are_refused_rather_than_rewritten(tmp_path: Path) -> None:
    root = first_model_playbook(tmp_path)
    (root / "content/stages/close.yml").write_text("{name: Close, order: 2}\n", encoding="utf-8")
    before = snapshot(root)
    code, out = run("migrate", "--root", str(root))
    assert code == 1
    assert out.splitlines()[0] == (
        "content/stages/close.yml:1:15: the fields are written in braces ({...}): delete 'order' yourself and"
        " list the stage in a process"
    )
    assert snapshot(root) == before
