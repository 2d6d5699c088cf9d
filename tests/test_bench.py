"""The benchmark's parts are correct (not fast: timing is for `make bench`, never a test).

The generator must produce valid playbooks of the requested size with real cross-references, and
bench/run.py must run end to end and write every figure the README's table is made from.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.load import YAML_LOADER
from generator.pipeline import Project, build_pages, load_playbook

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
sys.path.insert(0, str(ROOT / "bench"))

from generate import HISTORY_COMMITS, add_history, counts_for, generate  # noqa: E402
from run import PHASES, RESULT_KEYS  # noqa: E402


@pytest.mark.parametrize("entities", [20, 100, 537])
def test_generated_playbook_has_the_requested_size(entities: int, tmp_path: Path) -> None:
    counts = generate(entities, tmp_path)
    assert sum(counts.values()) == entities == sum(counts_for(entities).values())
    for collection, count in counts.items():
        assert len(list((tmp_path / "content" / collection).glob("*.yml"))) == count
    assert (tmp_path / "content" / "philosophy.yml").is_file()
    assert (tmp_path / "content" / "strategy.yml").is_file()


def test_generator_refuses_a_size_too_small_for_every_collection(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 20 entities"):
        generate(19, tmp_path)


def test_generated_playbook_is_valid_and_connected(tmp_path: Path) -> None:
    counts = generate(300, tmp_path)
    playbook, _ = load_playbook(Project(tmp_path, tmp_path / "content", TEMPLATES))
    assert len(playbook.methods) == counts["methods"] and len(playbook.coaching) == counts["coaching"]
    # Spread like a real playbook: many methods and coaching scripts, a few stages and roles.
    assert counts["coaching"] > counts["methods"] > counts["metrics"] > counts["personas"] > counts["stages"]
    # Cross-references resolve in both directions.
    assert all(m.stages for m in playbook.methods)
    assert sum(len(s.methods) for s in playbook.stages) == sum(len(m.stages) for m in playbook.methods)
    assert any(x.driven_by for x in playbook.lag_metrics)
    assert all(r.work for r in playbook.roles[:3])
    assert any(c.methods for c in playbook.coaching)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(120, tmp_path / "a")
    generate(120, tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yml"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_large_sections_are_grouped_in_the_navigation(tmp_path: Path) -> None:
    generate(400, tmp_path)
    site = build_pages(Project(tmp_path, tmp_path / "content", TEMPLATES))
    methods = next(e for e in site.nav if e.title == "Methods")
    assert 1 < len(methods.children) <= 20
    assert all(len(group.children) <= 20 for group in methods.children)


def test_run_writes_every_figure_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "20", "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert report["note"] and report["machine"]["cpus"] >= 1
    assert report["targets"] == []  # no target is about 20 entities
    [result] = report["results"]
    assert set(RESULT_KEYS) <= set(result)
    assert set(result["phases_s"]) == {*PHASES, "mkdocs"}
    assert result["entities"] == 20 and result["yaml_loader"] == YAML_LOADER
    assert result["history_commits"] == HISTORY_COMMITS
    # The same generated Markdown was built twice: with the plugin and plainly, page for page.
    plain_pages = len(list((tmp_path / "work" / "n20" / "site-plain").rglob("*.html")))
    ours_pages = len(list((tmp_path / "work" / "n20" / "site-ours").rglob("*.html")))
    assert ours_pages == plain_pages and result["pages"] == ours_pages - 1  # 404.html is not a page
    assert 0 < result["ours_share"] < 1 and result["ratio_vs_plain"] > 0 and result["peak_memory_mb"] > 20
    assert 0 < result["search_index_gzip_bytes"] < result["search_index_bytes"]
    assert 0 < result["median_page_html_bytes"] <= result["max_page_html_bytes"]
    assert "entities" in proc.stdout and "Results written to" in proc.stdout
    assert len(list(out.glob("bench-*.json"))) == 1


def test_plain_build_has_the_same_configuration_without_the_plugin(tmp_path: Path) -> None:
    import yaml
    from run import write_configs

    ours, plain, docs = write_configs(tmp_path)
    ours_config = yaml.safe_load(ours.read_text(encoding="utf-8"))
    plain_config = yaml.safe_load(plain.read_text(encoding="utf-8"))
    # Both inherit the project's mkdocs.yml (theme, features, Markdown extensions) and differ only here.
    assert ours_config["INHERIT"] == plain_config["INHERIT"] == str(ROOT / "mkdocs.yml")
    ours_plugins = [p if isinstance(p, str) else next(iter(p)) for p in ours_config["plugins"]]
    plain_plugins = [p if isinstance(p, str) else next(iter(p)) for p in plain_config["plugins"]]
    assert "playbook" in ours_plugins and "playbook" not in plain_plugins
    assert [p for p in ours_plugins if p != "playbook"] == plain_plugins
    playbook = next(p["playbook"] for p in ours_config["plugins"] if isinstance(p, dict) and "playbook" in p)
    assert playbook["content_dir"] == str(tmp_path / "content")
    assert ours_config["docs_dir"] == str(docs) and plain_config["docs_dir"] == str(tmp_path / "plain-docs")


def test_scaling_is_reported_against_1000_entities() -> None:
    from run import scaling

    results = [{"entities": 100, "total_s": 2.0}, {"entities": 1000, "total_s": 10.0}, {"entities": 5000, "total_s": 45.0}]
    assert scaling(results) == {"100": 0.2, "1000": 1.0, "5000": 4.5}
    assert scaling(results[:1]) == {}


def test_targets_are_checked_on_the_run_s_own_figures() -> None:
    from run import targets

    def result(entities: int, total: float, **extra: float) -> dict[str, float]:
        base = {"entities": entities, "total_s": total, "pipeline_share": 0.04, "ratio_vs_plain": 1.2,
                "median_page_html_bytes": 50 * 1024, "search_index_gzip_bytes": 400 * 1024, "peak_memory_mb": 300}
        return {**base, **extra}

    checked = {t["target"]: (t["figure"], t["met"]) for t in targets([result(1000, 10.0), result(5000, 60.0)])}
    assert checked["pipeline share at 1,000 entities"] == (0.04, True)
    assert checked["build time / plain MkDocs at 1,000 entities"] == (1.2, False)
    assert checked["time at 5,000 / time at 1,000"] == (6.0, False)
    assert checked["peak memory at 5,000 entities (MB)"] == (300, True)
    assert checked["median page HTML at 1,000 entities (KB)"] == (50.0, True)
    assert checked["search index gzipped at 1,000 entities (MB)"] == (0.391, True)
    # A run without 1,000 entities checks only what it measured.
    assert [t["target"] for t in targets([result(5000, 60.0)])] == [
        "build time / plain MkDocs at 5,000 entities",
        "peak memory at 5,000 entities (MB)",
    ]
    # The ratio to plain MkDocs is checked at each of the sizes issue 24 names.
    sizes = [result(n, 1.0) for n in (100, 300, 1000, 5000)]
    assert [t["figure"] for t in targets(sizes) if t["target"].startswith("build time")] == [1.2] * 4


def test_the_history_is_a_real_repository_that_what_s_new_reads(tmp_path: Path) -> None:
    generate(60, tmp_path)
    assert add_history(tmp_path) == HISTORY_COMMITS
    log = subprocess.run(["git", "log", "--format=%s"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert len(log.stdout.splitlines()) == HISTORY_COMMITS
    site = build_pages(Project(tmp_path, tmp_path / "content", TEMPLATES))
    page = next(p for p in site.pages if p.path == "team/whats-new.md")
    assert page.markdown.count("Sharpen three method summaries") == 8  # the page lists the latest eight
    assert "Revised in round 11." in page.markdown
    # Fixed dates and author: the same history, commit for commit, on every run.
    again = tmp_path / "again"
    generate(60, again)
    add_history(again)
    heads = [
        subprocess.run(["git", "rev-parse", "HEAD"], cwd=d, capture_output=True, text=True, check=True).stdout
        for d in (tmp_path, again)
    ]
    assert heads[0] == heads[1]
