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

from generator.pipeline import Project, build_pages
from generator.site.render import Site

from .conftest import FIXTURES, REPO, TEMPLATES


def render(root: Path) -> Site:
    return build_pages(Project(root, root / "content", TEMPLATES))


def pages(root: Path) -> dict[str, str]:
    return {p.path: p.markdown for p in render(root).pages}


def front_matter(markdown: str) -> dict[str, object]:
    return dict(yaml.safe_load(markdown.split("---\n", 2)[1]))


def test_stage_page_is_a_card_with_a_checklist_anchors_and_neighbours() -> None:
    md = pages(FIXTURES / "small")["process/discover.md"]
    body = md.split("---\n", 2)[2]
    assert body.index("# 1. Discover") < body.index('!!! abstract "Goal"') < body.index('!!! quote "The buyer\'s view"')
    assert "### [Field Rep](../roles/rep.md) { #discover--rep }" in body
    assert "### [Area Manager](../roles/manager.md) { #discover--manager }" in body
    assert "- [ ] Daily waste is written down in loaves." in body
    assert "## Red flags { #discover--red-flags }" in body
    assert "- [Waste questions](../methods/waste-questions.md): Turns waste into a number." in body
    assert "- [Count the waste](../coaching/count-the-waste.md)" in body
    assert "- [Bakery Owner](../strategy/personas/owner.md)" in body
    assert "[2. Close →](close.md)" in body and "←" not in body  # first stage: a next, no previous
    close = pages(FIXTURES / "small")["process/close.md"]
    assert "[← 1. Discover](discover.md)" in close and "→](" not in close


def test_stage_front_matter_tags_by_stage_and_role_and_ranks_it_in_search() -> None:
    meta = front_matter(pages(FIXTURES / "small")["process/discover.md"])
    assert meta["tags"] == ["Role/Area Manager", "Role/Field Rep", "Stage/Discover"]
    assert meta["search"] == {"boost": 4}


def test_role_and_coaching_pages_are_tagged_by_motion() -> None:
    site = pages(FIXTURES / "small")
    assert front_matter(site["roles/rep.md"])["tags"] == ["Motion/hunter", "Role/Field Rep"]
    assert "Motion/hunter" in front_matter(site["coaching/count-the-waste.md"])["tags"]  # type: ignore[operator]
    assert "<!-- material/tags -->" in site["tags.md"]


def test_print_all_cards_page_has_one_card_per_stage_in_order_and_is_not_searched() -> None:
    md = pages(FIXTURES / "small")["process/cards.md"]
    assert front_matter(md)["search"] == {"exclude": True}
    assert md.count('<article class="playbook-card stage-card" markdown>') == 2
    assert md.index("## 1. Discover { #discover }") < md.index("## 2. Close { #close }")
    # Headings one level down, with anchors unique on the page.
    assert "### Exit criteria { #discover--exit }" in md and "### Exit criteria { #close--exit }" in md
    assert "# 1. Discover" not in md.replace("## 1. Discover", "")


def test_matrix_links_every_activity_to_its_role_on_the_stage_page() -> None:
    md = pages(FIXTURES / "small")["process/matrix.md"]
    rows = [line for line in md.splitlines() if line.startswith("<tr ")]
    assert rows[0] == ('<tr markdown="block"><th scope="col">Stage</th>'
                       '<th scope="col" markdown="span">[Area Manager](../roles/manager.md)</th>'
                       '<th scope="col" markdown="span">[Field Rep](../roles/rep.md)</th></tr>')
    assert rows[1] == ('<tr markdown="block"><th scope="row" markdown="span">[1. Discover](discover.md)</th>'
                       '<td markdown="span">[Review the visit notes.](discover.md#discover--manager)</td>'
                       '<td markdown="span">[Visit the shop at opening.](discover.md#discover--rep)</td></tr>')
    assert rows[2] == ('<tr markdown="block"><th scope="row" markdown="span">[2. Close](close.md)</th>'
                       '<td markdown="span">—</td>'
                       '<td markdown="span">[Send the trial agreement.](close.md#close--rep)</td></tr>')
    assert front_matter(md)["hide"] == ["navigation", "toc"]


def test_role_page_shows_tracks_stop_start_continue_and_stages_in_order() -> None:
    md = pages(FIXTURES / "small")["roles/rep.md"]
    assert ("| **New**: First quarter. | [First visits](../metrics/visits.md) "
            "| [New bakeries won](../metrics/wins.md) |") in md
    for kind, item in (("failure", "Stop"), ("tip", "Start"), ("success", "Continue")):
        assert f'!!! {kind} "{item}"' in md
    assert md.index("### [1. Discover](../process/discover.md)") < md.index("### [2. Close](../process/close.md)")
    assert "| [Count the waste](../coaching/count-the-waste.md) | Gets a waste number on the first visit. |" in md


def test_home_has_the_four_parts_and_a_start_here_card_per_role() -> None:
    md = pages(FIXTURES / "small")["index.md"]
    for part in ("Philosophy", "Process", "Method", "Execution"):
        assert re.search(rf"^-   \*\*(\[{part}\]\([^)]*\)|{part})\*\*", md, re.M), part
    assert "2 stages: [Discover](process/discover.md) → [Close](process/close.md)" in md
    assert "1 lead metric driving 1 lag metric" in md  # singular where there is one
    start = md.split("## Start here", 1)[1]
    assert start.index("**[Area Manager](roles/manager.md)**") < start.index("**[Field Rep](roles/rep.md)**")
    assert "- Coaching: [Count the waste](coaching/count-the-waste.md)" in start


def test_process_flow_lists_stages_in_order_inside_the_flow_block() -> None:
    md = pages(FIXTURES / "small")["process/index.md"]
    flow = md.split('<div class="stage-flow" markdown>', 1)[1].split("</div>", 1)[0]
    assert re.findall(r"\*\*\[(\w+)\]", flow) == ["Discover", "Close"]


def test_metrics_page_shows_lead_to_lag_with_roles_and_coaching() -> None:
    md = pages(FIXTURES / "small")["metrics/index.md"]
    assert ("| [First visits](visits.md) | [New bakeries won](wins.md) | [Area Manager](../roles/manager.md) (tenured)"
            "<br>[Field Rep](../roles/rep.md) (new) | [Count the waste](../coaching/count-the-waste.md) |") in md


def test_coaching_hub_indexes_scripts_by_stage_and_by_metric() -> None:
    md = pages(FIXTURES / "small")["coaching/index.md"]
    by_stage, by_metric = md.split("## By stage", 1)[1].split("## By metric it moves", 1)
    assert "| [1. Discover](../process/discover.md) | [Count the waste](count-the-waste.md) |" in by_stage
    assert "| [2. Close](../process/close.md) | — |" in by_stage
    assert "| [First visits](../metrics/visits.md) | lead | [Count the waste](count-the-waste.md) |" in by_metric


def test_content_in_the_html_blocks_stays_escaped_in_a_real_build(small_playbook: Path, tmp_path: Path) -> None:
    stage = small_playbook / "content/stages/discover.yml"
    text = stage.read_text(encoding="utf-8").replace("goal: Find the waste problem.",
                                                     "goal: 'Find <img src=x onerror=alert(1)> & waste.'")
    text = text.replace("actions: [Visit the shop at opening.]", "actions: ['Visit <script>alert(1)</script> early.']")
    assert "<script>" in text
    stage.write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "site_config", small_playbook / "site_config")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (small_playbook / "mkdocs.yml").write_text(config, encoding="utf-8")
    (small_playbook / "templates").symlink_to(TEMPLATES, target_is_directory=True)
    site = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=small_playbook, check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    process = (site / "process/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in process and "&lt;img src=x onerror=alert(1)&gt; &amp; waste." in process
    matrix = (site / "process/matrix/index.html").read_text(encoding="utf-8")
    assert '<th scope="row"><a href="../discover/">1. Discover</a></th>' in matrix
    assert "<script>alert" not in matrix and "&lt;script&gt;alert(1)&lt;/script&gt; early." in matrix
    stage_html = (site / "process/discover/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in stage_html
    assert 'id="discover--rep"' in stage_html and 'class="task-list-item"' in stage_html


def test_a_role_focusing_on_a_metric_in_two_tracks_is_listed_once(small_playbook: Path) -> None:
    rep = small_playbook / "content/roles/rep.yml"
    rep.write_text(rep.read_text(encoding="utf-8").replace(
        "compensated_on:",
        "  - tenure: tenured\n    description: After a year.\n    focus_metrics: [visits]\n    lag_metrics: [wins]\n"
        "compensated_on:"), encoding="utf-8")
    site = pages(small_playbook)
    assert "[Field Rep](../roles/rep.md) (new, tenured)" in site["metrics/index.md"]
    assert site["metrics/index.md"].count("[Field Rep]") == 1
    assert "- [Field Rep](../roles/rep.md) (new, tenured)\n" in site["metrics/visits.md"]
