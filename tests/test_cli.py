"""The `playbook` command: exit codes, one line per problem, no traceback, the old site kept on failure."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, TEMPLATES, playbook_in_process
from .test_mkdocs_build import make_project

PLAYBOOK = [sys.executable, "-m", "generator"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return playbook_in_process(*args, cwd=cwd, env=ENV)


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A real `python -m generator` process: what the exit code and the streams are outside pytest."""
    return subprocess.run([*PLAYBOOK, *args], cwd=cwd, capture_output=True, text=True, env=ENV, timeout=300)


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def project_with_templates(root: Path) -> Path:
    """The playbook in ``root``/content with a copy of the repository's templates beside it."""
    (root / "templates").mkdir(exist_ok=True)
    for template in TEMPLATES.rglob("*.j2"):
        target = root / "templates" / template.relative_to(TEMPLATES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.read_text())
    return make_project(root, root / "content")


def test_validate_passes_on_a_valid_playbook(small_playbook: Path) -> None:
    result = run("validate", cwd=small_playbook)
    assert result.returncode == 0, result.stderr
    assert "The playbook content is valid." in result.stdout


def test_validate_reports_every_problem_once_and_exits_1(small_playbook: Path) -> None:
    (small_playbook / "content/stages/close.yml").write_text("order: 2\nlabel: Stage 2\ncolour: red\n")
    (small_playbook / "content/metrics/wins.yml").write_text("name: [broken\n")
    result = run_process("validate", cwd=small_playbook)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "content/metrics/wins.yml:2:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 1, column 7)",
        # A stage with a label needs no name (content model v3): the label is its title.
        "content/stages/close.yml:1:1: order: stages no longer carry an order: their place is in a process "
        "(content/processes/); run `playbook migrate` to move it there",
        "content/stages/close.yml:3:1: colour: unknown field 'colour'; allowed here: owner, review_by, visibility, "
        "check, sources, label, name, goal, buyer_view, activities, exit_criteria, red_flags, methods, coaching, "
        "meetings, competitors, personas, probability, forecast_category, time_box, timed_entry",
        "3 problems found in the playbook content.",
    ]
    assert "Traceback" not in result.stderr


def test_build_writes_the_site_and_a_failed_build_keeps_it(small_playbook: Path) -> None:
    config = project_with_templates(small_playbook)
    site = small_playbook / "site"
    first = run("build", "-f", str(config), "--site-dir", str(site), cwd=small_playbook)
    assert first.returncode == 0, first.stderr
    assert (site / "stages" / "discover" / "index.html").is_file()
    before = tree_hash(site)

    # A content error: validation fails before any build starts.
    stage = small_playbook / "content/stages/close.yml"
    good = stage.read_text()
    stage.write_text(good.replace("name: Close", "name: [Close"))
    failed = run("build", "-f", str(config), "--site-dir", str(site), cwd=small_playbook)
    assert failed.returncode == 1
    assert ("content/stages/close.yml:3:5: YAML syntax error: did not find expected ',' or ']' (while parsing a flow"
            " sequence that starts at line 2, column 7)") in failed.stderr
    assert tree_hash(site) == before

    # A failure inside MkDocs (a strict-mode warning from a broken link in a hand-written page).
    stage.write_text(good)
    (small_playbook / "docs" / "broken.md").write_text("# Broken\n\n[missing](nowhere.md)\n")
    failed = run("build", "-f", str(config), "--site-dir", str(site), cwd=small_playbook)
    assert failed.returncode == 1
    assert "The previous site was left as it was." in failed.stderr
    assert "Traceback" not in failed.stderr
    assert tree_hash(site) == before
    assert not [p for p in small_playbook.iterdir() if p.name.startswith(".site.")], "staging folders left behind"


def test_repository_validates() -> None:
    result = run("validate", cwd=REPO)
    assert result.returncode == 0, result.stderr
