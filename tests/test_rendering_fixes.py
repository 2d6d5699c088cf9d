"""What a team wrote reaches the rep as written (issue 19): short forms that say they are short,
counts with the right noun, labels instead of our numbers, ends shown where they are reached, lists
of sentences as lists, a navigation grouped the way reps think, nothing "to be written" on reps'
pages, and starter files and messages that say exactly what they mean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.pipeline import Project, build_pages
from generator.site.render import NavEntry
from generator.site.wording import plural, short

from .conftest import FIXTURES, TEMPLATES, write


def _copy(fixture: str, root: Path) -> Path:
    shutil.copytree(FIXTURES / fixture / "content", root / "content")
    return root


def _pages(root: Path, edition: str = "internal") -> dict[str, str]:
    project = Project(root, root / "content", TEMPLATES)
    return {p.path: p.markdown.split("---\n", 2)[2] for p in build_pages(project, edition).pages}


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / "content" / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


# --- 1. Short forms: whole when short enough; else cut at a word, with "…" ----------------------


def test_a_short_text_is_shown_whole_with_every_clause() -> None:
    for text in (
        "Qualify it, or move it to Unqualified",
        "Runs the shop (work in progress): buys flour",
        "Send the recap within 24 hours; copy the champion.",
    ):
        assert short(text, 100) == text


def test_a_long_text_is_cut_at_a_word_and_says_so() -> None:
    text = "Walk every site with the facilities lead and the food safety lead, every freezer, every door too"
    cut = short(text, 62)
    assert cut.endswith("…") and len(cut) <= 62 and text.startswith(cut.removesuffix("…"))
    assert cut == "Walk every site with the facilities lead and the food safety…"
    # A whole first sentence that fills half the room is kept whole rather than cut mid-sentence.
    two = "Open with the trigger and ask about the loss. Then agree who else must come to the next meeting."
    assert short(two, 60) == "Open with the trigger and ask about the loss. …"


def test_a_cut_never_splits_a_link_or_a_code_span() -> None:
    text = "Start [the MEDDPPICC framework](qualification:meddppicc) early, and `log it` before the call ends today"
    cut = short(text, 40)
    assert cut.endswith("…")
    assert cut.count("[") == cut.count("]") and cut.count("(") == cut.count(")") and cut.count("`") % 2 == 0
    # A link counts as its text: it fits whole though its Markdown is longer than the room.
    assert short("See [the strategy page](strategy:strategy).", 30) == "See [the strategy page](strategy:strategy)."


def test_index_lines_and_matrix_cells_keep_the_clause_that_changes_what_the_rep_does(tmp_path: Path) -> None:
    root = _copy("small", tmp_path)
    _edit(
        root,
        "personas/owner.yml",
        "summary: Runs the shop and the ovens.",
        "summary: 'Runs the shop and the ovens (work in progress): ask before visiting.'",
    )
    _edit(
        root,
        "stages/discover.yml",
        "actions: [Visit the shop at opening.]",
        "actions: ['Qualify it, or move it to Unqualified']",
    )
    site = _pages(root)
    assert "Runs the shop and the ovens (work in progress): ask before visiting." in site["personas/index.md"]
    matrix = site["process/sales-process-matrix.md"]
    assert "Qualify it, or move it to Unqualified" in matrix


# --- 2. The process map shows the company's labels, not our numbers on top ------------------------


def test_a_process_map_of_labelled_stages_is_not_numbered_again(tmp_path: Path) -> None:
    root = _copy("small", tmp_path)
    assert '<div class="playbook-flow playbook-flow--labelled" markdown>' in _pages(root)["process/sales-process.md"]
    for stage in ("discover", "close"):
        _edit(root, f"stages/{stage}.yml", "label: Stage ", "# label: Stage ")
    assert '<div class="playbook-flow" markdown>' in _pages(root)["process/sales-process.md"]
    css = (Path(__file__).parents[1] / "site_config/theme/assets/playbook/playbook.css").read_text(encoding="utf-8")
    assert ".playbook-flow--labelled ol > li::before { content: none; }" in css


# --- 3. Counts: the right noun, only what is there, only what is really driven; the site's name ----


def test_plural_only_when_the_count_is_not_one() -> None:
    assert plural(1, "criterion", "criteria") == "1 criterion"
    assert plural([1, 2, 3], "criterion", "criteria") == "3 criteria"
    assert plural(0, "error") == "0 errors" and plural(1, "error") == "1 error"
    assert plural(1.0, "day") == "1 day" and plural(2.5, "day") == "2.5 days" and plural(1234567, "x") == "1234567 xs"


def test_one_criterion_one_error_one_stage(tmp_path: Path) -> None:
    root = _copy("small", tmp_path)
    _edit(root, "metrics/wins.yml", "definition: A signed trial that converts.\n", "")  # one finding at least
    site = _pages(root)
    assert "| 1 criterion |" in site["stages/index.md"] and "1 criteria" not in site["stages/index.md"]
    health = site["team/health.md"]
    headline = re.search(r'^!!! \w+ "(.*)"$', health, re.M)
    assert headline is not None
    assert not re.search(r"\b1 (errors|warnings|reminders)\b", headline.group(1)), headline.group(1)


def test_home_counts_only_what_is_there_and_what_is_really_driven(tmp_path: Path) -> None:
    root = _copy("small", tmp_path)
    assert "[1 lead metric driving 1 result](metrics/index.md)" in _pages(root)["index.md"]
    _edit(root, "metrics/visits.yml", "drives: [wins]\n", "")
    _edit(
        root,
        "philosophy.yml",
        "ethics:\n  - guideline: Never invent a discount.\n"
        "    dilemma: A buyer asks for a price we do not have.\n    answer: We say so and check with the desk.\n",
        "",
    )
    home = _pages(root)["index.md"]
    assert "driving" not in home
    assert "[1 lead metric and 1 result metric](metrics/index.md)" in home
    assert "0 ethical lines" not in home and "ethical line" not in home
    assert "[Our purpose](philosophy.md) and 1 principle." in home


def test_a_card_with_nothing_to_count_is_left_out(tmp_path: Path) -> None:
    root = _copy("small", tmp_path)
    (root / "content/philosophy.yml").unlink()
    home = _pages(root)["index.md"]
    assert "**Why we sell**" not in home and "Philosophy" not in home


def test_the_home_page_is_titled_with_the_site_name(tmp_path: Path) -> None:
    root = _copy("small", tmp_path)
    write(root, "mkdocs.yml", "site_name: Rimefield Field Guide\nplugins:\n  - playbook\n")
    project = Project.from_config(root / "mkdocs.yml")
    assert project.site_name == "Rimefield Field Guide"
    home = next(p for p in build_pages(project).pages if p.path == "index.md")
    assert "\n# Rimefield Field Guide\n" in home.markdown
    assert "\n# Sales playbook\n" in _pages(root)["index.md"]  # no configuration: the default


# --- 4. Meetings: stages said once; who else comes, as a list of what the team wrote -------------


def test_a_meeting_lists_its_stages_once_and_its_other_attendees_as_a_list(tmp_path: Path) -> None:
    root = _copy("healthy", tmp_path)
    _edit(
        root,
        "meetings/weekly-review.yml",
        "stages: [close]\n",
        "stages: [close]\nwhen: {stages: [discover, close]}\n"
        "also:\n  - The CRO is the DRI.\n  - The reps bring their three largest deals.\n",
    )
    md = _pages(root)["meetings/weekly-review.md"]
    deals = md.split("## Which deals", 1)[1].split("\n## ", 1)[0]
    assert deals.count("Stage 2 · Close") == 1 and deals.count("Stage 1 · Discover") == 1
    assert deals.index("Stage 1 · Discover") < deals.index("Stage 2 · Close")  # the process's order
    assert "- The CRO is the DRI.\n- The reps bring their three largest deals.\n" in md
    assert "DRI., The reps" not in md and "DRI.," not in md


# --- 5. Ends: where they are reached; grouped by process; neutral words ----------------------------


def test_an_end_without_from_is_reached_from_the_last_stage_only(tmp_path: Path) -> None:
    root = _copy("healthy", tmp_path)
    site = _pages(root)
    assert "No trial" not in site["stages/discover.md"]  # `lost` has no `from:`
    assert "Ends as **[No trial](../process/sales-process.md#sales-process--lost)** (lost)" in site["stages/close.md"]
    process = site["process/sales-process.md"]
    assert "## How it ends" in process and "How deals end" not in process and "any stage" not in process
    lost = process.split("### No trial", 1)[1]
    assert lost.split("\n\n", 2)[1] == "*Lost* · from [Stage 2 · Close](../stages/close.md)"


def test_a_stage_in_two_processes_says_which_process_each_end_belongs_to(tmp_path: Path) -> None:
    root = _copy("healthy", tmp_path)
    write(
        root,
        "content/processes/renewals.yml",
        "name: Renewals\norder: 2\nstages: [close]\noutcomes:\n  - {id: churned, name: Churned, kind: lost}\n",
    )
    md = _pages(root)["stages/close.md"]
    moves = md.split("Where a deal goes from here", 1)[1].split("</div>", 1)[0]
    groups = {g.split("]", 1)[0]: g for g in moves.split("**In [")[1:]}
    assert sorted(groups) == ["Renewals", "Sales process"]
    assert "Trial signed" in groups["Sales process"] and "Churned" not in groups["Sales process"]
    assert "Churned" in groups["Renewals"] and "Trial signed" not in groups["Renewals"]


# --- 6. Navigation: stages by process, metrics by kind ---------------------------------------------


def _big(root: Path) -> Path:
    write(root, "content/roles/rep.yml", "name: Rep\npurpose: Sell.\n")
    for i in range(1, 24):
        write(
            root,
            f"content/stages/s{i:02d}.yml",
            f"name: Phase {i}\ngoal: Do step {i}.\n"
            f"activities:\n  - role: rep\n    actions: [Act {i}.]\nexit_criteria: [Done {i}.]\n",
        )
    write(
        root,
        "content/processes/alpha.yml",
        "name: Alpha\norder: 1\nstages: [" + ", ".join(f"s{i:02d}" for i in range(1, 13)) + "]\n",
    )
    write(
        root,
        "content/processes/beta.yml",
        "name: Beta\norder: 2\nstages: [" + ", ".join(f"s{i:02d}" for i in range(12, 24)) + "]\n",
    )
    for i in range(1, 23):
        write(
            root,
            f"content/metrics/m{i:02d}.yml",
            f"name: Metric {i}\nkind: {'lead' if i % 2 else 'lag'}\ndefinition: Count {i}.\n",
        )
    return root


def _section(nav: list[NavEntry], title: str) -> NavEntry:
    return next(entry for entry in nav if entry.title == title)


def test_many_stages_are_grouped_by_process_and_many_metrics_by_kind(tmp_path: Path) -> None:
    site = build_pages(Project(tmp_path, _big(tmp_path) / "content", TEMPLATES))
    stages = _section(site.nav, "Stages")
    assert [g.title for g in stages.children] == ["Alpha", "Beta", "Print all stage cards"]
    alpha, beta = stages.children[0], stages.children[1]
    assert [e.title for e in alpha.children] == [f"Phase {i}" for i in range(1, 13)]  # the process's order
    assert [e.title for e in beta.children] == [f"Phase {i}" for i in range(12, 24)]  # Phase 12 in both
    metrics = _section(site.nav, "Metrics")
    assert [g.title for g in metrics.children] == ["Lead metrics", "Lag metrics"]
    assert all(e.title.endswith(("1", "3", "5", "7", "9")) for e in metrics.children[0].children)


# --- 9. What is missing is the playbook team's business, in every edition ---------------------------


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_reps_pages_never_say_to_be_written(tmp_path: Path, edition: str) -> None:
    root = _copy("small", tmp_path)
    write(root, "content/stages/close.yml", "label: Stage 2\nname: Close\n")
    write(root, "content/roles/rep.yml", "name: Field Rep\n")
    write(root, "content/metrics/wins.yml", "name: New bakeries won\nkind: lag\n")
    (root / "content/philosophy.yml").write_text("principles:\n  - name: Listen first\n", encoding="utf-8")
    site = _pages(root, edition)
    for path, md in site.items():
        if not path.startswith("team/"):
            assert "to be written" not in md, path
            assert "playbook-todo" not in md, path


# --- 10. Starter files and messages -----------------------------------------------------------------


def test_new_strategy_writes_its_starter_texts_whole(tmp_path: Path) -> None:
    from generator.cli import main

    (tmp_path / "content").mkdir()
    result = CliRunner().invoke(main, ["new", "strategy", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "content/strategy.yml").read_text(encoding="utf-8")
    rule = text.split("off_profile_rule:", 1)[1].split("\n\n", 1)[0]
    assert " ".join(rule.split()).endswith("(below the good-fit score)'"), rule


@pytest.mark.parametrize("given", ["strategy", "foo"])
def test_a_single_file_kind_takes_no_id(tmp_path: Path, given: str) -> None:
    from generator.cli import main

    (tmp_path / "content").mkdir()
    result = CliRunner().invoke(main, ["new", "strategy", given, "--root", str(tmp_path)])
    assert result.exit_code != 0
    assert "strategy is one file (strategy.yml in the content folder) and takes no id" in result.output
    assert "run `playbook new strategy`" in result.output and not (tmp_path / "content/strategy.yml").exists()
    assert "take no ID" in " ".join(CliRunner().invoke(main, ["new", "--help"]).output.split())


def test_coaching_runs_names_exactly_what_is_missing(tmp_path: Path) -> None:
    from generator.cli import main

    root = _copy("healthy", tmp_path)
    _edit(root, "coaching/count-the-waste.yml", "questions: [What number did the owner give?]\n", "")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--rule", "coaching-runs"])
    assert "coaching script 'count-the-waste' has no questions: add 'questions' [coaching-runs]" in result.output
    _edit(root, "coaching/count-the-waste.yml", "behaviour: Gets a waste number on the first visit.\n", "")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--rule", "coaching-runs"])
    assert "has no behaviour and questions: add 'behaviour' and 'questions' [coaching-runs]" in result.output
    assert "things to observe" not in result.output  # it has `observe:`


def test_a_framework_with_no_elements_has_no_empty_table(tmp_path: Path) -> None:
    root = _copy("healthy", tmp_path)
    write(root, "content/qualification/basics.yml", "name: Bakery basics\nsummary: What we must know.\n")
    md = _pages(root)["qualification/index.md"]
    assert "What we must know." in md and "| Element | Known by |" not in md
