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

from .conftest import TEMPLATES

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
    playbook, validated = load_playbook(Project.at(root))
    return run_checks(validated, playbook, severities=severities, today=today)


def lines(report: HealthReport, rule_id: str) -> list[str]:
    return [str(f) for f in report.of(rule_id)]


def test_healthy_fixture_has_no_findings(healthy: Path) -> None:
    result = report(healthy)
    assert result.findings == []
    assert [r.id for r in result.rules] == list(RULES)


SCORECARD = """name: Bakery lead score
factors:
  - name: Ovens
    bands:
      - {below: 5, points: 0}
      - {at_least: 5, below: 20, points: 20}
      - {at_least: 20, points: 10}
  - name: Asked for
    options: [{label: A trial, points: 20}, {label: A leaflet, points: 5}]
thresholds:
  - {name: Hot, at_least: 30}
  - {name: Warm, at_least: 10}
"""


def _remove(relative: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / "content" / relative
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return apply


def _add(relative: str, text: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / "content" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / relative).write_text(text, encoding="utf-8")

    return apply


def _then(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)

    return apply


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root, relative, old, new)


def _cut(relative: str, key: str) -> Callable[[Path], None]:
    """Remove a top-level field with everything under it (indented lines)."""
    def apply(root: Path) -> None:
        path = root / "content" / relative
        kept, skipping = [], False
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith(f"{key}:"):
                skipping = True
                continue
            if skipping and (line.startswith(" ") or line.startswith("-")):
                continue
            skipping = False
            kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    return apply


_remove_rubric = _cut("coaching/count-the-waste.yml", "rubric")
_remove_priorities = _cut("personas/owner.yml", "priorities")
_remove_tracks = _cut("roles/rep.yml", "tenure_tracks")


def _close_out_of_process(root: Path) -> None:
    edit(root, "processes/sales-process.yml", "- close\n", "")
    edit(root, "processes/sales-process.yml", "    from: [close]\n", "")


# rule id, how to break the healthy fixture, the exact finding expected (file:line:col: severity: message [rule])
CASES = [
    ("stage-exit-criteria", _edit("stages/close.yml", "exit_criteria:\n  - Trial agreement signed.\n", ""),
     "content/stages/close.yml:2:1: error: stage 'close' has no exit criteria: add 'exit_criteria', the facts that"
     " must be true to move on [stage-exit-criteria]"),
    ("stage-goal", _edit("stages/close.yml", "goal: Agree a trial.\n", ""),
     "content/stages/close.yml:2:1: warning: stage 'close' has no goal: add 'goal', what the stage achieves for the"
     " buyer and for us [stage-goal]"),
    ("stage-activities", _edit("stages/close.yml", "activities:\n  - role: rep\n    actions: [Send the trial agreement.]\n", ""),
     "content/stages/close.yml:2:1: warning: stage 'close' has no activities: add 'activities', what each role does"
     " here [stage-activities]"),
    ("stage-buyer-view", _edit("stages/close.yml", "buyer_view: Is it worth the risk?\n", ""),
     "content/stages/close.yml:2:1: info: stage 'close' has no buyer's view: add 'buyer_view' [stage-buyer-view]"),
    ("role-purpose", _edit("roles/rep.yml", "purpose: Win new bakeries.\n", ""),
     "content/roles/rep.yml:1:1: warning: role 'rep' has no purpose: add 'purpose', why the role exists in the"
     " customer's terms [role-purpose]"),
    ("role-expectations", _edit("roles/rep.yml", "  stop: [Leaving samples without a follow-up date.]\n  start: [Asking about waste.]\n"
           "  continue: [Visiting before 7am.]\n", "  stop: []\n"),
     "content/roles/rep.yml:1:1: warning: role 'rep' has no stop / start / continue: add 'expectations'"
     " [role-expectations]"),
    ("role-focus", _remove_tracks,
     "content/roles/rep.yml:1:1: warning: role 'rep' has no focus metrics: add 'tenure_tracks' with 1-3 lead metrics"
     " [role-focus]"),
    ("role-manager-commitments", _edit("roles/rep.yml", "manager_commitments: [A weekly 1:1.]\n", ""),
     "content/roles/rep.yml:1:1: info: role 'rep' has no manager commitments: add 'manager_commitments'"
     " [role-manager-commitments]"),
    ("metric-definition", _edit("metrics/wins.yml", "definition: A signed trial that converts.\n", ""),
     "content/metrics/wins.yml:1:1: warning: metric 'wins' has no definition: add 'definition', exactly what counts"
     " [metric-definition]"),
    ("coaching-runs", _edit("coaching/count-the-waste.yml", "observe: [Rep asked for a number.]\n", ""),
     "content/coaching/count-the-waste.yml:1:1: warning: coaching script 'count-the-waste' has no things to observe:"
     " add 'observe' [coaching-runs]"),
    ("coaching-rubric", _remove_rubric,
     "content/coaching/count-the-waste.yml:1:1: info: coaching script 'count-the-waste' has no rubric: add 'rubric'"
     " if the team rates this behaviour [coaching-rubric]"),
    ("meeting-agenda", _edit("meetings/weekly-review.yml",
                             "agenda:\n  - {part: Open trials, minutes: 15}\n  - {part: Next steps, minutes: 10}\n", ""),
     "content/meetings/weekly-review.yml:1:1: warning: meeting 'weekly-review' has no agenda: add 'agenda', its parts"
     " with their minutes [meeting-agenda]"),
    ("meeting-cadence", _edit("meetings/weekly-review.yml", "cadence: Mondays at 8.\n", ""),
     "content/meetings/weekly-review.yml:1:1: info: meeting 'weekly-review' has no cadence: add 'cadence', when it"
     " happens [meeting-cadence]"),
    ("value-proof", _edit("value/less-waste.yml", "proof: [A three-shop bakery cut waste by a fifth.]\n", ""),
     "content/value/less-waste.yml:1:1: warning: value driver 'less-waste' has no proof points: add 'proof',"
     " customer stories or figures [value-proof]"),
    ("competitor-how-we-win", _edit("competitors/frozen-bread-co.yml", "how_we_win: [Taste the difference in the shop.]\n", ""),
     "content/competitors/frozen-bread-co.yml:1:1: warning: competitor 'frozen-bread-co' has no 'how we win': add"
     " 'how_we_win' [competitor-how-we-win]"),
    ("persona-priorities", _remove_priorities,
     "content/personas/owner.yml:1:1: info: persona 'owner' has no priorities: add 'priorities' [persona-priorities]"),
    ("philosophy-written", _remove("philosophy.yml"),
     "content/philosophy.yml:1:1: warning: the philosophy (why we sell) is missing: add content/philosophy.yml"
     " [philosophy-written]"),
    ("four-parts", _remove("coaching"),
     "content/coaching/:1:1: error: execution has no coaching: add a coaching script in content/coaching/ [four-parts]"),
    ("stage-in-process", _close_out_of_process,
     "content/stages/close.yml:2:1: warning: stage 'close' is in no process: list it under 'stages' in a process file"
     " [stage-in-process]"),
    ("stage-has-method", _edit("methods/waste-questions.yml", "[discover, close]", "[discover]"),
     "content/stages/close.yml:2:1: warning: stage 'close' has no method: list one under 'methods' (or the stage in a"
     " method's 'stages') [stage-has-method]"),
    ("stage-has-coaching", _edit("coaching/count-the-waste.yml", "[discover, close]", "[close]"),
     "content/stages/discover.yml:2:1: warning: stage 'discover' has no coaching script: list one under 'coaching'"
     " (or the stage in a script's 'stages') [stage-has-coaching]"),
    ("element-questions", _edit("qualification/basics.yml", "    questions: [Who else decides on suppliers?]\n", ""),
     "content/qualification/basics.yml:10:11: warning: element 'buyer' has no questions: add 'questions' that uncover"
     " it [element-questions]"),
    ("element-due", _edit("qualification/basics.yml", "    due: close\n", ""),
     "content/qualification/basics.yml:10:11: warning: element 'buyer' is due at no stage: add 'due', the stage by"
     " which it must be known [element-due]"),
    ("focus-is-lead", _edit("roles/rep.yml", "focus_metrics: [visits]", "focus_metrics: [visits, wins]"),
     "content/roles/rep.yml:10:29: warning: 'wins' is a lag metric: focus the new track on lead metrics and list results"
     " under 'lag_metrics' [focus-is-lead]"),
    ("lead-drives-lag", _edit("metrics/visits.yml", "drives: [wins]", "drives: []"),
     "content/metrics/visits.yml:6:9: warning: lead metric 'visits' drives no lag metric: add the result it moves"
     " under 'drives' [lead-drives-lag]"),
    ("coaching-moves-lead", _edit("coaching/count-the-waste.yml", "moves: [visits]", "moves: [wins]"),
     "content/coaching/count-the-waste.yml:3:8: warning: coaching script 'count-the-waste' moves only lag metrics:"
     " name the lead metric the behaviour changes [coaching-moves-lead]"),
    ("responsibility-measured", _edit("roles/rep.yml", "    measured_by: [visits]\n", ""),
     "content/roles/rep.yml:5:11: info: 'Book first visits.' is measured by no metric: add 'measured_by' when one"
     " shows it [responsibility-measured]"),
    ("metric-kind-known", _edit("metrics/wins.yml", "kind: lag\n", ""),
     "content/metrics/wins.yml:1:1: info: metric 'wins' has no kind: add 'kind: lead' (a behaviour) or 'kind: lag'"
     " (a result) when it is known; the lead/lag rules skip it until then [metric-kind-known]"),
    ("track-has-focus", _edit("roles/rep.yml", "    focus_metrics: [visits]\n", ""),
     "content/roles/rep.yml:8:13: info: the new track has no focus: add 'focus_metrics', the 1-3 behaviours it works"
     " on now [track-has-focus]"),
    ("metric-has-target", _edit("metrics/wins.yml", "target: 2 per month\n", ""),
     "content/metrics/wins.yml:1:1: info: metric 'wins' has no target: add 'targets' (by role, level, segment or"
     " period) when there is one [metric-has-target]"),
    ("owner-missing", _edit("stages/close.yml", "owner: Bakery enablement team\n", ""),
     "content/stages/close.yml:1:1: info: no owner: add 'owner:' naming who keeps this page current [owner-missing]"),
    ("review-overdue", _edit("metrics/wins.yml", "review_by: 2027-06-30", "review_by: 2027-01-14"),
     "content/metrics/wins.yml:7:12: warning: review was due on 2027-01-14: review the page, then move 'review_by'"
     " forward [review-overdue]"),
    ("icp-complete", _remove("strategy.yml"),
     "content/strategy.yml:1:1: warning: there is no ideal client profile: add content/strategy.yml with icp.criteria,"
     " icp.disqualifiers and off_profile_rule [icp-complete]"),
    ("icp-bands-overlap", _edit("strategy.yml", "{at_least: 3, below: 10, points: 2}", "{at_least: 2, below: 10, points: 2}"),
     "content/strategy.yml:21:13: error: this band of 'Shops' overlaps band 1: a value from 2 to 3 would score twice;"
     " make 'at_least' of one the 'below' of the other [icp-bands-overlap]"),
    ("icp-good-fit-reachable", _edit("strategy.yml", "good_fit: 6", "good_fit: 9"),
     "content/strategy.yml:16:15: error: no account can reach the good-fit score 9: the factors give at most 8"
     " [icp-good-fit-reachable]"),
    ("strategic-anomaly", _then(_add("metrics/margin.yml", "name: Margin\nkind: lag\ndefinition: Gross margin.\n"),
                                _edit("roles/rep.yml", "compensated_on: [wins]", "compensated_on: [wins, margin]")),
     "content/roles/rep.yml:12:24: warning: the role is paid on 'margin', which no responsibility or tenure track"
     " covers [strategic-anomaly]"),
    ("threshold-used", _edit("strategy.yml", "off_profile_rule:", "thresholds:\n  big-order: {name: Big order, amount: 5000}\noff_profile_rule:"),
     "content/strategy.yml:27:3: warning: no rule refers to the threshold 'big-order': refer to it from a condition"
     " (`when: {threshold: big-order}`) or remove it [threshold-used]"),
    ("accept-matches", _edit("stages/close.yml", "owner: Bakery", "check: {accept: {stage-goal: Written later.}}\nowner: Bakery"),
     "content/stages/close.yml:10:18: warning: nothing here is found by 'stage-goal' any more: remove this accept"
     " [accept-matches]"),
    ("forecast-category-held", _add("forecast/commit.yml", "name: Commit\nroll_up: call\n"),
     "content/forecast/commit.yml:1:7: warning: no stage may hold forecast category 'commit': list the stages"
     " under 'stages' [forecast-category-held]"),
    ("probability-rises", _then(_edit("stages/discover.yml", "owner: Bakery", "probability: 40\nowner: Bakery"),
                                _edit("stages/close.yml", "owner: Bakery", "probability: 20\nowner: Bakery")),
     "content/stages/close.yml:10:14: warning: probability 20 is lower than 40 at 'discover', the stage before it"
     " in process 'sales-process' [probability-rises]"),
    ("gate-has-criteria", _edit("processes/sales-process.yml", "outcomes:", "gates:\n  - {id: trial-ready, name: Trial ready, before: close}\noutcomes:"),
     "content/processes/sales-process.yml:6:29: warning: gate 'trial-ready' has no criteria: list under 'criteria'"
     " what a deal must show to pass it [gate-has-criteria]"),
    ("scorecard-bands-overlap", _add("scorecards/bakery-lead.yml", SCORECARD.replace("at_least: 5, below: 20",
                                                                                    "at_least: 4, below: 20")),
     "content/scorecards/bakery-lead.yml:6:9: error: this band of 'Ovens' overlaps band 1: a value from 4 to 5 would"
     " score twice; make 'at_least' of one the 'below' of the other [scorecard-bands-overlap]"),
    ("scorecard-grade-reachable", _add("scorecards/bakery-lead.yml", SCORECARD.replace("at_least: 30}", "at_least: 45}")),
     "content/scorecards/bakery-lead.yml:11:27: error: no score can reach grade 'Hot' at 45: the factors give at most"
     " 40 [scorecard-grade-reachable]"),
    ("scorecard-grade-reachable", _add("scorecards/bakery-lead.yml", SCORECARD.replace("at_least: 10}", "at_least: 30}")),
     "content/scorecards/bakery-lead.yml:12:28: error: grade 'Warm' starts at 30, as grade 'Hot' does: a score would"
     " earn both; give each grade its own lowest score [scorecard-grade-reachable]"),
    ("scorecard-grade-reachable", _add("scorecards/bakery-lead.yml", SCORECARD + "maximum: 50\n"),
     "content/scorecards/bakery-lead.yml:13:10: error: the maximum says 50, but the factors give at most 40"
     " [scorecard-grade-reachable]"),
    ("placeholder", _edit("stages/close.yml", "goal: Agree a trial.", "goal: 'REPLACE: what the buyer agrees to'"),
     "content/stages/close.yml:3:8: error: this value is a placeholder left by `playbook new`: write the real one"
     " (or remove the line) [placeholder]"),
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
    assert len(report(healthy, today=datetime.date(2027, 7, 1)).of("review-overdue")) == 16


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

    edit(healthy, "stages/close.yml", "exit_criteria:\n  - Trial agreement signed.\n", "")
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
        "message": "review was due on 2027-01-14: review the page, then move 'review_by' forward", "accepted": None,
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

    shutil.copytree(TEMPLATES, healthy / "templates")
    edit(healthy, "roles/rep.yml", "    measured_by: [visits]\n", "")
    (healthy / "playbook-check.yml").write_text("severities:\n  responsibility-measured: error\n  owner-missing: off\n")
    site = build_pages(Project.at(healthy))
    page = next(p for p in site.pages if p.path == "team/health.md")
    team = next(n for n in site.nav if n.title == "For the playbook team")
    assert "System health" in [n.title for n in team.children]
    assert "- **error** `content/roles/rep.yml:5` 'Book first visits.' is measured by no metric" in page.markdown
    assert "| `strategic-anomaly` |" in page.markdown and "| `owner-missing` |" not in page.markdown
    assert "A *strategic anomaly* is a role held accountable for one thing" in page.markdown
    public = build_pages(Project.at(healthy), "public")
    assert "team/health.md" not in [p.path for p in public.pages], "the public edition has no maintenance page"


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


def test_an_accepted_gap_is_listed_as_accepted_and_does_not_fail_the_check(healthy: Path) -> None:
    edit(healthy, "stages/close.yml", "exit_criteria:\n  - Trial agreement signed.\n", "")
    result = CliRunner().invoke(main, ["check", "--root", str(healthy)])
    assert result.exit_code == 1  # stage-exit-criteria is an error in this fixture's defaults
    edit(healthy, "stages/close.yml", "owner: Bakery",
         "check:\n  accept:\n    stage-exit-criteria: The public handbook names none.\nowner: Bakery")
    result = CliRunner().invoke(main, ["check", "--root", str(healthy)])
    assert result.exit_code == 0, result.output
    finding = next(line for line in result.output.splitlines() if "[stage-exit-criteria]" in line)
    assert finding.startswith("content/stages/close.yml:") and ": error: " in finding
    assert finding.endswith("(accepted: The public handbook names none.)")
    assert "  stage-exit-criteria: 1 error (accepted)" in result.output
    assert result.output.rstrip().endswith("of which 1 accepted.")
    page = build_health_page(healthy)
    assert "*accepted*: The public handbook names none." in page


def build_health_page(root: Path) -> str:
    from generator.pipeline import build_pages

    site = build_pages(Project.at(root))
    return next(p.markdown for p in site.pages if p.path == "team/health.md")


def test_an_accept_that_names_no_rule_is_reported_with_a_suggestion(healthy: Path) -> None:
    edit(healthy, "stages/close.yml", "owner: Bakery", "check:\n  accept:\n    stage-exit-critera: typo\nowner: Bakery")
    written = (healthy / "content/stages/close.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(written, 1) if "stage-exit-critera" in text)
    assert lines(report(healthy), "accept-matches") == [
        f"content/stages/close.yml:{line}:5: warning: 'stage-exit-critera' is not a rule of the health check; did you"
        " mean 'stage-exit-criteria'? [accept-matches]"
    ]


def test_findings_come_errors_first_then_warnings_then_info_each_in_file_order(healthy: Path) -> None:
    edit(healthy, "stages/close.yml", "owner: Bakery enablement team\n", "")  # info (owner-missing)
    edit(healthy, "metrics/wins.yml", "review_by: 2027-06-30", "review_by: 2027-01-14")  # warning
    edit(healthy, "stages/close.yml", "goal: Agree a trial.", "goal: 'REPLACE: the goal'")  # error (placeholder)
    edit(healthy, "roles/rep.yml", "    measured_by: [visits]\n", "")  # info, in an earlier file than close.yml
    result = CliRunner().invoke(main, ["check", "--root", str(healthy), "--today", "2027-01-15"])
    shown = [line for line in result.output.splitlines() if line.startswith("content/")]
    assert [line.split(": ")[1] for line in shown] == ["error", "warning", "info", "info"]
    assert shown[2].startswith("content/roles/rep.yml") and shown[3].startswith("content/stages/close.yml")
    summary = result.output.split("By rule:\n", 1)[1].splitlines()
    assert summary[:4] == [
        "  placeholder: 1 error", "  review-overdue: 1 warning", "  owner-missing: 1 info",
        "  responsibility-measured: 1 info",
    ]
    assert summary[-1] == "Health check: 1 error, 1 warning, 2 info."


def test_check_filters_by_severity_and_by_rule(healthy: Path) -> None:
    edit(healthy, "stages/close.yml", "owner: Bakery enablement team\n", "")
    edit(healthy, "metrics/wins.yml", "review_by: 2027-06-30", "review_by: 2027-01-14")
    args = ["check", "--root", str(healthy), "--today", "2027-01-15"]
    warnings = CliRunner().invoke(main, [*args, "--min-severity", "warning"])
    assert "[review-overdue]" in warnings.output and "[owner-missing]" not in warnings.output
    only = CliRunner().invoke(main, [*args, "--rule", "owner-missing"])
    assert "[owner-missing]" in only.output and "[review-overdue]" not in only.output
    wrong = CliRunner().invoke(main, [*args, "--rule", "owner-mising"])
    assert wrong.exit_code == 2
    assert "Error: --rule owner-mising: no such rule is in force; did you mean 'owner-missing'?" in wrong.output
