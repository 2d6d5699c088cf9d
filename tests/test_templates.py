"""The page layouts reps rely on, checked in the generated Markdown (and once in a real MkDocs build).

Golden files (tests/test_render.py) pin every byte; these tests state what each layout promises, so a
template change that breaks a promise fails with a message that says which one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline import Project, build_pages
from generator.site.render import Site

from .conftest import FIXTURES, REPO, TEMPLATES


def render(root: Path, edition: str = "internal") -> Site:
    return build_pages(Project(root, root / "content", TEMPLATES), edition)


def pages(root: Path, edition: str = "internal") -> dict[str, str]:
    return {p.path: p.markdown for p in render(root, edition).pages}


def front_matter(markdown: str) -> dict[str, object]:
    return dict(yaml.safe_load(markdown.split("---\n", 2)[1]))


def body(markdown: str) -> str:
    return markdown.split("---\n", 2)[2]


def test_a_stage_page_answers_what_to_do_now_first() -> None:
    md = body(pages(FIXTURES / "small")["stages/discover.md"])
    order = ['# <span class="playbook-label" data-search-exclude>Stage 1 ·</span> Discover', '<div class="playbook-goal" markdown>', "## Move on when", "## Your part",
             "## The buyer's view"]
    assert [md.index(x) for x in order] == sorted(md.index(x) for x in order)
    assert '<div class="playbook-checklist" data-checklist="discover" markdown>' in md
    assert "- [ ] Daily waste is written down in loaves." in md
    assert '<section class="playbook-role" data-role="rep" markdown>' in md
    assert "### [Field Rep](../roles/rep.md) { #discover--rep }" in md
    # Its place in the process, with the next stage, one line under the goal.
    assert ("[Sales process](../process/sales-process.md) · step 1 of 2 · [Stage 2 · Close](close.md) →") in md


def test_ask_now_shows_the_elements_due_and_the_key_questions(small_playbook: Path) -> None:
    (small_playbook / "content/qualification").mkdir()
    (small_playbook / "content/qualification/basics.yml").write_text(
        "name: Basics\nelements:\n  - id: waste\n    letter: W\n    name: Waste\n    meaning: How much goes unsold.\n"
        "    questions: [How many loaves went unsold?]\n    due: discover\n", encoding="utf-8")
    md = body(pages(small_playbook)["stages/discover.md"])
    ask = md.split("## Ask now", 1)[1].split("## Your part", 1)[0]
    assert ("- **[W · Waste](../qualification/basics.md#basics--waste)**: How much goes unsold.  \n"
            "  *Ask:* How many loaves went unsold?") in ask
    assert "- **[Waste questions](../methods/waste-questions.md)**: How many loaves went unsold yesterday?" in ask


def test_an_entity_page_is_found_by_name_and_keeps_its_tags_for_the_index() -> None:
    meta = front_matter(pages(FIXTURES / "small")["stages/discover.md"])
    assert meta["tags"] == ["Role/Area Manager", "Role/Field Rep", "Stage/Stage 1 · Discover"]
    assert meta["search"] == {"boost": 10} and meta["hide"] == ["tags"]


def test_print_all_cards_page_has_one_card_per_stage_in_order_and_is_not_searched() -> None:
    md = pages(FIXTURES / "small")["stages/cards.md"]
    assert front_matter(md)["search"] == {"exclude": True}
    assert re.findall(r"^## (.+?) \{ #(\w+) \}$", md, re.M) == [
        ("Stage 1 · Discover", "discover"), ("Stage 2 · Close", "close")]
    assert md.count('<article class="playbook-card stage-card" markdown>') == 2


def test_each_process_has_a_matrix_linking_every_activity_to_its_role_on_the_stage_page() -> None:
    md = pages(FIXTURES / "small")["process/sales-process-matrix.md"]
    assert '<th scope="col" data-role="rep" markdown="span">[Field Rep](../roles/rep.md)</th>' in md
    assert '<td data-role="rep" markdown="span">[Visit the shop at opening.](../stages/discover.md#discover--rep)</td>' in md
    assert "<tr markdown=\"block\"><th scope=\"row\" markdown=\"span\">[Stage 2 · Close](../stages/close.md)</th>" in md


def test_a_process_map_has_its_stages_in_order_its_ends_and_its_other_moves(small_playbook: Path) -> None:
    process = small_playbook / "content/processes/sales-process.yml"
    process.write_text(process.read_text() + "outcomes:\n  - {id: won, name: Trial signed, kind: won, from: [close]}\n"
                       "  - {id: out, name: Not a fit, kind: disqualified, from: [discover]}\n"
                       "transitions:\n  - {from: close, to: [discover], when: The owner wants another look.}\n",
                       encoding="utf-8")
    site = pages(small_playbook)
    md = body(site["process/sales-process.md"])
    # Its stages carry labels ("Stage 1"): the flow is not numbered again.
    flow = md.split('<div class="playbook-flow playbook-flow--labelled" markdown>', 1)[1].split("</div>", 1)[0]
    assert re.findall(r"\*\*\[(.+?)\]", flow) == ["Stage 1 · Discover", "Stage 2 · Close"]
    ends = md.split("## How it ends", 1)[1]
    assert "### Trial signed { #sales-process--won }" in ends and "*Won* · from [Stage 2 · Close](../stages/close.md)" in ends
    assert ("| [Stage 2 · Close](../stages/close.md) | [Stage 1 · Discover](../stages/discover.md) | The owner wants"
            " another look. |") in md
    # The ends are not "the next stage after the last one": the last stage has no next.
    stage = body(site["stages/close.md"])
    assert "→</p>" not in stage and "- To [Stage 1 · Discover](discover.md): The owner wants another look." in stage
    assert "- Ends as **[Trial signed](../process/sales-process.md#sales-process--won)** (won)" in stage
    assert "Not a fit" not in stage


def test_role_page_shows_tracks_stop_start_continue_and_stages_in_order() -> None:
    md = pages(FIXTURES / "small")["roles/rep.md"]
    assert "| **new**: First quarter. | [First visits](../metrics/visits.md) | [New bakeries won](../metrics/wins.md) |" in md
    assert md.index('!!! failure "Stop"') < md.index('!!! tip "Start"') < md.index('!!! success "Continue"')
    stages = re.findall(r"^- \*\*\[(.+?)\]\(", md.split("## Your part in each stage", 1)[1], re.M)
    assert stages == ["Stage 1 · Discover", "Stage 2 · Close"]


def test_home_has_the_four_parts_and_a_start_here_card_per_role() -> None:
    md = pages(FIXTURES / "small")["index.md"]
    for part in ("Why we sell", "What we do", "How we do it", "How we make it stick"):
        assert re.search(rf"^-   \*\*{part}\*\*$", md, re.M), part
    assert '<span class="playbook-role-name" data-role="rep" markdown="span">**[Field Rep](roles/rep.md)**</span>' in md
    assert '<div class="playbook-role-picker" data-roles></div>' in md


def test_metrics_index_defines_each_metric_and_draws_lead_to_lag() -> None:
    md = pages(FIXTURES / "small")["metrics/index.md"]
    assert ("| [First visits](visits.md) | A visit with the owner present. | visits per week | — |"
            " Logged in the CRM. |") in md
    tree = md.split('<div class="playbook-tree" markdown>', 1)[1].split("</div>", 1)[0]
    assert "- **[New bakeries won](wins.md)**\n    - [First visits](visits.md)" in tree


def test_coaching_hub_indexes_scripts_by_stage_and_by_metric() -> None:
    md = pages(FIXTURES / "small")["coaching/index.md"]
    by_stage, by_metric = md.split("## By stage", 1)[1].split("## By the metric it moves", 1)
    assert "| [Stage 1 · Discover](../stages/discover.md) | [Count the waste](count-the-waste.md) |" in by_stage
    assert "Close" not in by_stage
    assert "| [First visits](../metrics/visits.md) (lead) | [Count the waste](count-the-waste.md) |" in by_metric


def test_a_condition_is_a_badge_in_words_with_the_amounts_as_reps_type_them(small_playbook: Path) -> None:
    strategy = small_playbook / "content/strategy.yml"
    strategy.write_text(strategy.read_text().replace("  - name: Independent bakeries", "  - id: shops\n    name: Independent bakeries")
                        + "thresholds:\n  deal-plan: {name: Deal plan, amounts: {shops: 10000}}\n", encoding="utf-8")
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text(stage.read_text().replace(
        "  - Trial agreement signed.",
        "  - Trial agreement signed.\n  - text: Deal plan agreed.\n    when: {threshold: deal-plan}\n"
        "  - text: Finance has seen the price.\n    when: {at_least: 50000}"), encoding="utf-8")
    md = pages(small_playbook)["stages/close.md"]
    assert ('- [ ] Deal plan agreed. <span class="playbook-badge" data-condition>Deal plan: Independent bakeries'
            ' ≥ $10k<span class="playbook-aliases" aria-hidden="true"> $10k 10k 10K 10,000 10000 USD 10,000</span>'
            '</span>') in md
    assert '- [ ] Finance has seen the price. <span class="playbook-badge" data-condition>≥ $50k<span' in md


def test_missing_parts_leave_no_empty_heading_and_no_note_for_reps(small_playbook: Path) -> None:
    stage = small_playbook / "content/stages/close.yml"
    stage.write_text("name: Close\nexit_criteria:\n  - Trial agreement signed.\n", encoding="utf-8")
    rep = small_playbook / "content/roles/rep.yml"
    rep.write_text("name: Field Rep\npurpose: Win new bakeries.\n", encoding="utf-8")
    script = small_playbook / "content/coaching/count-the-waste.yml"
    script.write_text(script.read_text().split("rubric:", 1)[0] + "commitments: [Ask on every visit.]\n")
    for edition in ("internal", "public"):
        site = pages(small_playbook, edition)
        for path in ("stages/close.md", "roles/rep.md", "coaching/count-the-waste.md"):
            md = body(site[path])
            headings = re.findall(r"^(##+ .*)\n\n(?=#|\Z)", md, re.M)
            assert headings == [], (edition, path, headings)
            assert "## Your part" not in md or path != "stages/close.md"
            assert "## Rate" not in md or path != "coaching/count-the-waste.md"
        # What is missing is for the playbook team (health page, `playbook check`), in every edition.
        for path in ("stages/close.md", "roles/rep.md", "index.md"):
            assert "to be written" not in body(site[path]), (edition, path)


def test_content_in_the_html_blocks_stays_escaped_in_a_real_build(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/discover.yml"
    text = stage.read_text(encoding="utf-8").replace("goal: Find the waste problem.",
                                                     "goal: 'Find <img src=x onerror=alert(1)> & waste.'")
    text = text.replace("actions: [Visit the shop at opening.]", "actions: ['Visit <script>alert(1)</script> early.']")
    assert "<script>" in text
    stage.write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "site_config/pages", small_playbook / "site_config/pages", dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (small_playbook / "mkdocs.yml").write_text(config, encoding="utf-8")
    (small_playbook / "templates").symlink_to(TEMPLATES, target_is_directory=True)
    site = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=small_playbook, check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    process = (site / "process/sales-process/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in process and "&lt;img src=x onerror=alert(1)&gt; &amp; waste." in process
    matrix = (site / "process/sales-process-matrix/index.html").read_text(encoding="utf-8")
    assert '<th scope="row"><a href="../../stages/discover/">Stage 1 · Discover</a></th>' in matrix
    assert "<script>alert" not in matrix and "&lt;script&gt;alert(1)&lt;/script&gt; early" in matrix
    stage_html = (site / "stages/discover/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in stage_html
    assert 'id="discover--rep"' in stage_html and 'class="task-list-item"' in stage_html


def test_a_role_focusing_on_a_metric_in_two_tracks_is_listed_once(small_playbook: Path) -> None:
    rep = small_playbook / "content/roles/rep.yml"
    rep.write_text(rep.read_text(encoding="utf-8").replace(
        "compensated_on:",
        "  - tenure: tenured\n    description: After a year.\n    focus_metrics: [visits]\n    lag_metrics: [wins]\n"
        "compensated_on:"), encoding="utf-8")
    site = pages(small_playbook)
    assert "[Field Rep](../roles/rep.md) (new, tenured)" in site["metrics/visits.md"]
    assert site["metrics/visits.md"].count("[Field Rep]") == 1


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_text, st.lists(_text, max_size=3))
def test_front_matter_reads_back_as_written_by_mkdocs(title: str, tags: list[str]) -> None:
    from mkdocs.utils.meta import get_data

    from generator.site.render import front_matter_text

    data = {"title": title, "tags": tags, "search": {"boost": 10}, "hide": ["tags"]}
    body_text, meta = get_data(f"---\n{front_matter_text(data)}---\n\nBody\n")
    assert meta == data and body_text == "Body\n"
