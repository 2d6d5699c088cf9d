"""The Keelpoint example (issue 22 §7): an infrastructure-software company with a technical-win track
alongside its sale, a gate with a named exception, forecast categories, a credit-split table, a
proof-of-value plan, targets by level and a scorecard; built strictly as a project of its own, and
its health check clean (two gaps accepted with their reasons)."""

from __future__ import annotations

import os
from pathlib import Path

from .conftest import REPO, mkdocs_in_process, playbook_in_process

EXAMPLE = REPO / "examples" / "keelpoint"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_the_keelpoint_example_builds_strictly_and_checks_clean(tmp_path: Path) -> None:
    site = tmp_path / "site"
    built = mkdocs_in_process("build", "--strict", "-f", str(EXAMPLE / "mkdocs.yml"), "-d", str(site), env=ENV)
    assert built.returncode == 0, built.stderr
    assert "Keelpoint Field Playbook" in (site / "index.html").read_text(encoding="utf-8")
    process = (site / "process" / "enterprise-sale" / "index.html").read_text(encoding="utf-8")
    assert "Technical-win gate" in process and "Design-partner lane" in process
    assert "Technical-win track" in process  # drawn as a second lane of the sale
    stage = (site / "stages" / "validate" / "index.html").read_text(encoding="utf-8")
    assert "Proof of value" in stage  # the track's phase on the stage it spans
    for page, words in (
        ("forecast/commit", "Commit"),
        ("policies/credit-split", "Who is credited"),
        ("documents/proof-of-value-plan", "Success criteria"),
        ("scorecards/technical-fit", 'data-grade-at-least="55"'),
        ("metrics/new-arr", "Senior Account Executive"),
        ("roles/regional-director", "manages 4 to 7 AEs"),
    ):
        assert words in (site / page / "index.html").read_text(encoding="utf-8"), page

    validate = playbook_in_process("validate", "--root", str(EXAMPLE), env=ENV)
    assert validate.returncode == 0, validate.stdout
    check = playbook_in_process("check", "--root", str(EXAMPLE), "--today", "2026-12-01", env=ENV)
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[-1] == "Health check: 0 errors, 2 warnings, 0 info, of which 2 accepted."
