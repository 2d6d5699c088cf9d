"""The health check: each rule fires on a fixture made to break it and stays quiet on a healthy one."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks.registry import RULES
from generator.checks.report import HealthReport
from generator.checks.run import run_checks
from generator.checks.severities import load_severities
from generator.cli import main
from generator.errors import ContentError
from generator.pipeline import Project, load_playbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = datetime.date(2027, 1, 15)


@pytest.fixture
def healthy(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/healthy: the small playbook with nothing missing."""
    shutil.copytree(FIXTURES / "healthy" / "content", tmp_path / "content")
    return tmp_path


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def report(root: Path, today: datetime.date = TODAY, **severities: str) -> HealthReport:
    _, validated = load_playbook(Project.at(root))
    return run_checks(validated, severities=severities, today=today)


def lines(report: HealthReport, rule_id: str) -> list[str]:
    return [str(f) for f in report.of(rule_id)]


def test_healthy_fixture_has_no_findings(healthy: Path) -> None:
    result = report(healthy)
    assert result.findings == []
    assert [r.id for r in result.rules] == list(RULES)


def _remove(relative: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / "content" / relative
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return apply


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root, relative, old, new)


# rule id, how to break the healthy fixture, the exact finding expected (file:line:col: severity: message [rule])
CASES = [
    ("four-parts", _remove("philosophy.yml"),
     "content/philosophy.yml:1:1: error: the philosophy (why we sell) is missing: add content/philosophy.yml [four-parts]"),
    ("four-parts", _remove("coaching"),
     "content/coaching/:1:1: error: execution has no coaching: add a coaching script in content/coaching/ [four-parts]"),
    ("stage-has-method", _edit("methods/waste-questions.yml", "[discover, close]", "[discover]"),
     "content/stages/close.yml:2:7: warning: stage 'close' has no method: list it under 'stages' in a method file"
     " [stage-has-method]"),
    ("stage-has-coaching", _edit("coaching/count-the-waste.yml", "[discover, close]", "[close]"),
     "content/stages/discover.yml:2:7: warning: stage 'discover' has no coaching script: list it under 'stages' in one"
     " [stage-has-coaching]"),
    ("focus-is-lead", _edit("roles/rep.yml", "focus_metrics: [visits]", "focus_metrics: [visits, wins]"),
     "content/roles/rep.yml:10:29: error: 'wins' is a lag metric: focus the new track on lead metrics and list results"
     " under 'lag_metrics' [focus-is-lead]"),
    ("lead-drives-lag", _edit("metrics/visits.yml", "drives: [wins]", "drives: []"),
     "content/metrics/visits.yml:6:9: warning: lead metric 'visits' drives no lag metric: add the result it moves"
     " under 'drives' [lead-drives-lag]"),
    ("coaching-moves-lead", _edit("coaching/count-the-waste.yml", "moves: [visits]", "moves: [wins]"),
     "content/coaching/count-the-waste.yml:3:8: warning: coaching script 'count-the-waste' moves only lag metrics:"
     " name the lead metric the behaviour changes [coaching-moves-lead]"),
    ("strategic-anomaly", _edit("roles/rep.yml", "    measured_by: [visits]\n", ""),
     "content/roles/rep.yml:5:11: warning: 'Book first visits.' is measured by no metric: add 'measured_by'"
     " [strategic-anomaly]"),
    ("icp-complete", _remove("strategy.yml"),
     "content/strategy.yml:1:1: error: there is no ideal client profile: add content/strategy.yml with icp.criteria,"
     " icp.disqualifiers and off_profile_rule [icp-complete]"),
    ("owner-missing", _edit("stages/close.yml", "owner: Bakery enablement team\n", ""),
     "content/stages/close.yml:1:1: info: no owner: add 'owner:' naming who keeps this page current [owner-missing]"),
    ("review-overdue", _edit("metrics/wins.yml", "review_by: 2027-06-30", "review_by: 2027-01-14"),
     "content/metrics/wins.yml:7:12: warning: review was due on 2027-01-14: review the page, then move 'review_by'"
     " forward [review-overdue]"),
]


@pytest.mark.parametrize("rule_id, breakage, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_with_file_line_and_message(healthy: Path, rule_id: str, breakage: Callable[[Path], None],
                                               expected: str) -> None:
    breakage(healthy)
    assert expected in lines(report(healthy), rule_id)


def test_every_rule_has_a_firing_case() -> None:
    assert {c[0] for c in CASES} == set(RULES)


def test_lead_metric_driving_a_lag_metric_through_another_lead_metric_is_fine(healthy: Path) -> None:
    (healthy / "content/metrics/samples.yml").write_text(
        "name: Samples left\nkind: lead\ndefinition: A tray left with the owner.\nunit: trays\n"
        "how_measured: Van log.\ndrives: [visits]\nowner: Team\n", encoding="utf-8")
    assert report(healthy).of("lead-drives-lag") == []
    edit(healthy, "metrics/visits.yml", "drives: [wins]", "drives: []")
    assert {f.message.split("'")[1] for f in report(healthy).of("lead-drives-lag")} == {"samples", "visits"}


def test_strategic_anomaly_measured_by_a_metric_the_role_does_not_watch(healthy: Path) -> None:
    (healthy / "content/metrics/tastings.yml").write_text(
        "name: Tastings\nkind: lead\ndefinition: A tasting in the shop.\nunit: tastings\n"
        "how_measured: Van log.\ndrives: [wins]\nowner: Team\n", encoding="utf-8")
    edit(healthy, "roles/rep.yml", "measured_by: [visits]", "measured_by: [tastings]")
    assert lines(report(healthy), "strategic-anomaly") == [
        "content/roles/rep.yml:6:18: warning: 'Book first visits.' is measured by 'tastings', which the role neither"
        " focuses on (tenure tracks) nor is paid on (compensated_on) [strategic-anomaly]"
    ]


def test_strategic_anomaly_paid_on_a_metric_nothing_covers(healthy: Path) -> None:
    (healthy / "content/metrics/margin.yml").write_text(
        "name: Margin\nkind: lag\ndefinition: Gross margin.\nunit: percent\nhow_measured: Finance.\nowner: Team\n",
        encoding="utf-8")
    edit(healthy, "roles/rep.yml", "compensated_on: [wins]", "compensated_on: [wins, margin]")
    assert lines(report(healthy), "strategic-anomaly") == [
        "content/roles/rep.yml:12:24: warning: the role is paid on 'margin', which no responsibility or tenure track"
        " covers [strategic-anomaly]"
    ]


def test_review_due_today_is_not_overdue(healthy: Path) -> None:
    assert report(healthy, today=datetime.date(2027, 6, 30)).of("review-overdue") == []
    assert len(report(healthy, today=datetime.date(2027, 7, 1)).of("review-overdue")) == 11


def test_severities_change_and_switch_off_rules(healthy: Path) -> None:
    edit(healthy, "stages/close.yml", "owner: Bakery enablement team\n", "")
    assert [f.severity for f in report(healthy, **{"owner-missing": "error"}).findings] == ["error"]
    result = report(healthy, **{"owner-missing": "off"})
    assert result.findings == [] and "owner-missing" not in [r.id for r in result.rules]


def test_severities_file(tmp_path: Path) -> None:
    assert load_severities(tmp_path) == {}
    (tmp_path / "playbook-check.yml").write_text("severities:\n  owner-missing: error\n  review-overdue: off\n")
    assert load_severities(tmp_path) == {"owner-missing": "error", "review-overdue": "off"}


def test_severities_file_mistakes_are_located(tmp_path: Path) -> None:
    (tmp_path / "playbook-check.yml").write_text("severities:\n  owner-mising: error\n  review-overdue: loud\n")
    with pytest.raises(ContentError) as caught:
        load_severities(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "playbook-check.yml:2:3: severities.owner-mising: unknown rule 'owner-mising': did you mean 'owner-missing'?",
        "playbook-check.yml:3:19: severities.review-overdue: 'loud' is not a severity; use error, warning, info or off",
    ]


def test_repository_severities_file_is_valid() -> None:
    root = Path(__file__).resolve().parents[1]
    assert set(load_severities(root)) == set(RULES)


def test_cli_text_and_exit_code(healthy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--root", str(healthy), "--today", "2027-01-15"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip() == "The sales system is complete."

    edit(healthy, "stages/close.yml", "owner: Bakery enablement team\n", "")
    info_only = runner.invoke(main, ["check", "--root", str(healthy), "--today", "2027-01-15"])
    assert info_only.exit_code == 0
    assert "content/stages/close.yml:1:1: info: no owner" in info_only.output

    _remove("philosophy.yml")(healthy)
    failing = runner.invoke(main, ["check", "--root", str(healthy), "--today", "2027-01-15"])
    assert failing.exit_code == 1
    assert failing.output.splitlines()[-1] == "Health check: 1 error, 0 warnings, 1 info."


def test_cli_json(healthy: Path) -> None:
    edit(healthy, "metrics/wins.yml", "review_by: 2027-06-30", "review_by: 2027-01-14")
    result = CliRunner().invoke(main, ["check", "--root", str(healthy), "--format", "json", "--today", "2027-01-15"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["findings"] == [{
        "rule": "review-overdue", "severity": "warning", "file": "content/metrics/wins.yml", "line": 7, "column": 12,
        "message": "review was due on 2027-01-14: review the page, then move 'review_by' forward",
    }]
    assert data["summary"] == {"error": 0, "warning": 1, "info": 0} and data["failed"] is False
    assert {r["id"] for r in data["rules"]} == set(RULES)


def test_cli_reports_invalid_content_instead_of_checking(healthy: Path) -> None:
    edit(healthy, "metrics/wins.yml", "kind: lag", "kind: lagg")
    result = CliRunner().invoke(main, ["check", "--root", str(healthy)])
    assert result.exit_code == 1
    assert "content/metrics/wins.yml:2:7: kind:" in result.output
    assert "the health check runs only on valid content and settings" in result.output


def test_system_health_page_shows_the_same_findings(healthy: Path) -> None:
    from generator.pipeline import build_pages

    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", healthy / "templates")
    edit(healthy, "roles/rep.yml", "    measured_by: [visits]\n", "")
    (healthy / "playbook-check.yml").write_text("severities:\n  strategic-anomaly: error\n  owner-missing: off\n")
    site = build_pages(Project.at(healthy))
    page = next(p for p in site.pages if p.path == "health.md")
    assert "System health" in [n.title for n in site.nav]
    assert "- **error** `content/roles/rep.yml:5` 'Book first visits.' is measured by no metric" in page.markdown
    assert "| `strategic-anomaly` |" in page.markdown and "| `owner-missing` |" not in page.markdown
    assert "A *strategic anomaly* is a role held accountable for one thing" in page.markdown
    public = build_pages(Project.at(healthy), "public")
    assert "health.md" not in [p.path for p in public.pages], "the public edition has no maintenance page"


def test_pre_commit_hooks_run_validate_check_and_schema() -> None:
    import re

    import yaml

    root = Path(__file__).resolve().parents[1]
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    makefile = (root / "Makefile").read_text()
    expected = {"playbook-validate": "playbook validate", "playbook-check": "playbook check",
                "playbook-schema": "playbook schema --check"}
    assert set(hooks) == set(expected)
    for hook_id, command in expected.items():
        target = hooks[hook_id]["entry"].split()[-1]
        recipe = re.search(rf"^{re.escape(target)}:.*\n\t(.+)$", makefile, re.M)
        assert recipe is not None, f"Makefile has no target '{target}' for hook {hook_id}"
        assert recipe.group(1) == f"$(BIN)/{command}"
        assert hooks[hook_id]["pass_filenames"] is False
        assert re.search(hooks[hook_id]["files"], "content/stages/discovery.yml" if hook_id != "playbook-schema"
                         else "generator/models.py")


def test_cli_reports_a_broken_severities_file(healthy: Path) -> None:
    (healthy / "playbook-check.yml").write_text("severities:\n  stage-has-metod: error\n")
    result = CliRunner().invoke(main, ["check", "--root", str(healthy)])
    assert result.exit_code == 1
    assert ("playbook-check.yml:2:3: severities.stage-has-metod: unknown rule 'stage-has-metod': "
            "did you mean 'stage-has-method'?") in result.output
