"""Build benchmark: how the playbook build scales, and what it costs on top of plain MkDocs.

For each size it generates a synthetic playbook (bench/generate.py), builds it with the playbook
plugin, exports exactly the same Markdown pages and navigation to a docs folder, builds that with a
plain ``mkdocs build`` (same theme and Markdown configuration, no playbook plugin), and reports:

* time per phase: import, load, validate, resolve, render, health checks, What's new, navigation,
  the rest of the plugin's on_config and whole-build hooks ("other"), the per-page hooks (sanitizer,
  CSP seal, edit links) and MkDocs (everything else);
* pages per second, peak memory (ru_maxrss of the build subprocess), site size;
* search index size raw and gzipped, median page HTML size, the YAML loader that ran;
* the plain build's time and peak memory, and the ratio of ours to it: the median of paired runs
  (ours, plain, ours, plain …; `--pairs`, 5 by default up to 1,000 entities), with the pairs' range.

Each build runs in its own subprocess, so memory figures are per build and nothing is warm in
the measured process except what a real build would have. Compare times only as ratios within one
run: the machine is shared and noisy.

    python bench/run.py                 # sizes 100, 300, 1000, 5000
    python bench/run.py --sizes 1000    # one size (what `make bench SIZES=1000` runs)
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import add_history, generate  # noqa: E402

# Our phases: importing the generator, the pipeline's steps, the rest of the plugin's on_config and
# its whole-build hooks ("other"), and the plugin's per-page MkDocs hooks.
PIPELINE = ("load", "validate", "resolve", "render", "checks", "whats_new", "navigation")
PHASES = ("import", *PIPELINE, "other", "page_hooks")
# Where the pipeline calls each step (functions looked up in generator.pipeline when it runs).
STEPS = {
    "load_content": "load",
    "validate_documents": "validate",
    "resolve": "resolve",
    "render_site": "render",
    "check_project": "checks",
    "whats_new_page": "whats_new",
    "group_large_sections": "navigation",
    "natural_groups": "navigation",
}
PAGE_HOOKS = ("on_page_markdown", "on_page_content", "on_page_context", "on_post_page")
RESULT_KEYS = (
    "entities",
    "pages",
    "collections",
    "history_commits",
    "phases_s",
    "ours_s",
    "ours_share",
    "pipeline_s",
    "pipeline_share",
    "total_s",
    "pages_per_s",
    "peak_memory_mb",
    "site_bytes",
    "search_index_bytes",
    "search_index_gzip_bytes",
    "median_page_html_bytes",
    "max_page_html_bytes",
    "yaml_loader",
    "plain_total_s",
    "plain_peak_memory_mb",
    "ratio_vs_plain",
    "ratio_range",
    "pairs",
)


# --- the build subprocess ----------------------------------------------------------------------


def child(mode: str, config_file: str) -> None:
    """Build once and print what was measured as JSON (runs in its own process).

    The clock starts before MkDocs is imported, in both modes, so the whole build is timed as a
    user's ``mkdocs build`` would run it, our own import included.
    """
    import logging
    import resource

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    phases: dict[str, float] = {}
    if mode == "ours":
        began = time.perf_counter()
        from generator import pipeline
        from generator.content.load import YAML_LOADER
        from generator.engines.plugin import PlaybookPlugin

        phases["import"] = time.perf_counter() - began
        # Time each phase where the pipeline calls it, without changing what it does.
        for attr, phase in STEPS.items():
            original = getattr(pipeline, attr, None)
            if original is not None:
                setattr(pipeline, attr, _timed(original, phase, phases))
        for attr in dir(PlaybookPlugin):  # on_config runs the pipeline: its own phases are taken out below
            if attr.startswith("on_") and attr not in ("on_startup", "on_serve", "on_shutdown"):
                phase = "page_hooks" if attr in PAGE_HOOKS else "on_config" if attr == "on_config" else "hooks"
                setattr(PlaybookPlugin, attr, _timed(getattr(PlaybookPlugin, attr), phase, phases))
    else:
        YAML_LOADER = ""
    config = load_config(config_file, strict=True)
    build(config)
    total = time.perf_counter() - start
    if mode == "ours":
        on_config = phases.pop("on_config", 0.0)
        timed = sum(phases.get(p, 0.0) for p in set(STEPS.values()))
        phases["other"] = max(0.0, on_config - timed) + phases.pop("hooks", 0.0)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"total_s": total, "phases_s": phases, "peak_kb": peak_kb, "yaml_loader": YAML_LOADER}))


def _timed(func: Any, phase: str, phases: dict[str, float]) -> Any:
    @functools.wraps(func)  # keeps MkDocs' event priority
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            phases[phase] = phases.get(phase, 0.0) + time.perf_counter() - start

    return wrapper


def run_child(mode: str, config_file: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(config_file)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if proc.returncode != 0:
        raise SystemExit(f"The {mode} build of {config_file} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- configuration of the two builds ------------------------------------------------------------


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml for its plugin list even if it holds !!python/name tags (left as None)."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def root_config() -> dict[str, Any]:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant) or {}


def write_configs(work: Path) -> tuple[Path, Path, Path]:
    """mkdocs.yml files for our build and the plain one: both inherit the project's mkdocs.yml.

    Only what must differ is overridden: where the docs and site are, and the plugin list (the
    plain build has no playbook plugin). Theme, Markdown extensions and CSS stay identical.
    """
    base = root_config()
    docs = (ROOT / base.get("docs_dir", "docs")).resolve()
    # The plain build gets by hand what the plugin adds: the package's theme override, CSS and script.
    from generator.bundled import THEME_DIR
    from generator.engines.defaults import SCRIPT, STYLESHEET

    plain_extras = {
        "theme": {"name": "material", "custom_dir": str(THEME_DIR)},
        "extra_css": [STYLESHEET],
        "extra_javascript": [{"path": SCRIPT, "defer": True}],
    }
    plugins: list[Any] = []
    plain_plugins: list[Any] = []
    for entry in base.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "playbook":
            options = {} if isinstance(entry, str) else dict(entry[name] or {})
            options.update(content_dir=str(work / "content"), templates_dir=str(work / "templates"))
            plugins.append({"playbook": options})
        else:
            plugins.append(entry)
            plain_plugins.append(entry)
    plain_docs = work / "plain-docs"
    common = {"INHERIT": str(ROOT / "mkdocs.yml"), "watch": [str(work / "content")]}
    ours = work / "mkdocs-ours.yml"
    plain = work / "mkdocs-plain.yml"
    ours.write_text(
        yaml.safe_dump(
            {**common, "docs_dir": str(docs), "site_dir": str(work / "site-ours"), "plugins": plugins}, sort_keys=False
        ),
        encoding="utf-8",
    )
    plain.write_text(
        yaml.safe_dump(
            {
                **common,
                **plain_extras,
                "docs_dir": str(plain_docs),
                "site_dir": str(work / "site-plain"),
                "plugins": plain_plugins,
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return ours, plain, docs


def export_plain(work: Path, docs: Path, plain_config: Path) -> None:
    """Write the generated pages and hand-written docs to one folder, and the same nav to the config."""
    from generator.engines.assemble import to_mkdocs_nav
    from generator.pipeline import Project, build_pages

    site = build_pages(Project(work, work / "content", work / "templates"))
    target = work / "plain-docs"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(docs, target)
    generated = set()
    for page in site.pages:
        path = target / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
        generated.add(page.path)
    user_nav = root_config().get("nav")
    if user_nav is None:
        hand_written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        user_nav = [p for p in hand_written if p not in generated]
    config = yaml.safe_load(plain_config.read_text(encoding="utf-8"))
    config["nav"] = to_mkdocs_nav(site.nav) + list(user_nav)
    plain_config.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


# --- measuring the output -----------------------------------------------------------------------


def site_figures(site: Path) -> dict[str, Any]:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    sizes = [p.stat().st_size for p in pages]
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    return {
        "pages": len(pages),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "search_index_bytes": len(raw),
        "search_index_gzip_bytes": len(gzip.compress(raw, compresslevel=6)),
        "median_page_html_bytes": int(statistics.median(sizes)) if sizes else 0,
        "max_page_html_bytes": max(sizes, default=0),
    }


def bench_size(entities: int, work: Path, pairs: int = 1) -> dict[str, Any]:
    counts = generate(entities, work)
    history = add_history(work)  # the What's new page reads it, as in a real build from git
    ours_config, plain_config, docs = write_configs(work)
    export_plain(work, docs, plain_config)
    # Paired runs, ours then plain, each into a fresh folder as a first build would have: the
    # machine's speed drifts, so the ratio is the median of the pairs' ratios.
    runs = []
    for _ in range(pairs):
        for site in ("site-ours", "site-plain"):
            shutil.rmtree(work / site, ignore_errors=True)
        runs.append((run_child("ours", ours_config), run_child("plain", plain_config)))
    ratios = [o["total_s"] / p["total_s"] for o, p in runs]
    ours, plain = sorted(runs, key=lambda r: r[0]["total_s"] / r[1]["total_s"])[len(runs) // 2]
    phases = {p: round(ours["phases_s"].get(p, 0.0), 3) for p in PHASES}
    ours_s = sum(phases.values())
    pipeline_s = sum(phases[p] for p in PIPELINE)
    phases["mkdocs"] = round(ours["total_s"] - ours_s, 3)
    figures = site_figures(work / "site-ours")
    return {
        "entities": entities,
        "collections": counts,
        "history_commits": history,
        **figures,
        "phases_s": phases,
        "ours_s": round(ours_s, 3),
        "ours_share": round(ours_s / ours["total_s"], 4),
        "pipeline_s": round(pipeline_s, 3),
        "pipeline_share": round(pipeline_s / ours["total_s"], 4),
        "total_s": round(ours["total_s"], 3),
        "pages_per_s": round(figures["pages"] / ours["total_s"], 1),
        "peak_memory_mb": round(ours["peak_kb"] / 1024, 1),
        "yaml_loader": ours["yaml_loader"],
        "plain_total_s": round(plain["total_s"], 3),
        "plain_peak_memory_mb": round(plain["peak_kb"] / 1024, 1),
        "ratio_vs_plain": round(statistics.median(ratios), 3),
        "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "pairs": pairs,
    }


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "entities",
        "pages",
        "import",
        "load",
        "valid.",
        "resolve",
        "render",
        "checks",
        "new",
        "nav",
        "other",
        "page hooks",
        "mkdocs",
        "total s",
        "pipeline %",
        "ours %",
        "plain s",
        "ratio",
        "pairs",
        "range",
        "pages/s",
        "peak MB",
        "median KB",
        "index KB gz",
    )
    rows = [head]
    for r in results:
        p = r["phases_s"]
        rows.append(
            (
                str(r["entities"]),
                str(r["pages"]),
                f"{p['import']:.2f}",
                f"{p['load']:.2f}",
                f"{p['validate']:.2f}",
                f"{p['resolve']:.2f}",
                f"{p['render']:.2f}",
                f"{p['checks']:.2f}",
                f"{p['whats_new']:.2f}",
                f"{p['navigation']:.2f}",
                f"{p['other']:.2f}",
                f"{p['page_hooks']:.2f}",
                f"{p['mkdocs']:.2f}",
                f"{r['total_s']:.2f}",
                f"{100 * r['pipeline_share']:.1f}",
                f"{100 * r['ours_share']:.1f}",
                f"{r['plain_total_s']:.2f}",
                f"{r['ratio_vs_plain']:.2f}",
                str(r["pairs"]),
                "{:.2f}–{:.2f}".format(*r["ratio_range"]),
                f"{r['pages_per_s']:.0f}",
                f"{r['peak_memory_mb']:.0f}",
                f"{r['median_page_html_bytes'] / 1024:.1f}",
                f"{r['search_index_gzip_bytes'] / 1024:.0f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in rows)


def scaling(results: list[dict[str, Any]]) -> dict[str, float]:
    """Time at each size divided by the time at 1,000 entities (near-linear is about size / 1,000)."""
    base = next((r for r in results if r["entities"] == 1000), None)
    if base is None:
        return {}
    return {str(r["entities"]): round(r["total_s"] / base["total_s"], 2) for r in results}


RATIO_SIZES = (100, 300, 1000, 5000)
# Issues 7 and 24's targets: (name, what is compared, limit). Each is checked on the run's own figures.
TARGETS = (
    ("pipeline share at 1,000 entities", "pipeline_share", 0.05),
    ("time at 5,000 / time at 1,000", "scaling_5000", 5.5),
    ("peak memory at 5,000 entities (MB)", "peak_memory_mb_5000", 1536),
    ("median page HTML at 1,000 entities (KB)", "median_page_kb", 60),
    ("search index gzipped at 1,000 entities (MB)", "search_index_gzip_mb", 1.5),
)


def targets(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target this run measured: its figure, its limit and whether the figure is within it."""
    by_size = {r["entities"]: r for r in results}
    figures: dict[str, float] = {}
    # The build stays within 1.10 × plain MkDocs at each size the issue names (issue 24).
    ratios = [
        {"target": f"build time / plain MkDocs at {size:,} entities", "figure": r["ratio_vs_plain"], "limit": 1.10}
        for size, r in sorted(by_size.items())
        if size in RATIO_SIZES
    ]
    if 1000 in by_size:
        r = by_size[1000]
        figures.update(
            pipeline_share=r["pipeline_share"],
            median_page_kb=round(r["median_page_html_bytes"] / 1024, 1),
            search_index_gzip_mb=round(r["search_index_gzip_bytes"] / 1024 / 1024, 3),
        )
    if 5000 in by_size:
        figures["peak_memory_mb_5000"] = by_size[5000]["peak_memory_mb"]
        if 1000 in by_size:
            figures["scaling_5000"] = round(by_size[5000]["total_s"] / by_size[1000]["total_s"], 2)
    measured = ratios + [
        {"target": name, "figure": figures[key], "limit": limit} for name, key, limit in TARGETS if key in figures
    ]
    return [{**t, "met": t["figure"] <= t["limit"]} for t in measured]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,300,1000,5000", help="comma-separated entity counts")
    parser.add_argument("--out", type=Path, default=BENCH / "results", help="folder for the JSON results")
    parser.add_argument("--work", type=Path, default=None, help="keep the generated playbooks and sites here")
    parser.add_argument(
        "--pairs",
        type=int,
        default=5,
        help="paired runs (ours, plain) per size up to 1,000 entities; larger sizes run once",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]
    work_root = args.work or Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    results = []
    try:
        for size in sizes:
            print(f"Building {size} entities...", file=sys.stderr, flush=True)
            results.append(bench_size(size, work_root / f"n{size}", args.pairs if size <= 1000 else 1))
            done = results[-1]
            print(  # each size as soon as it is measured: a slow size later does not hide it
                f"{size} entities: ours {done['total_s']:.2f} s, plain {done['plain_total_s']:.2f} s, ratio "
                f"{done['ratio_vs_plain']:.3f} (pairs {done['ratio_range'][0]:.3f}–{done['ratio_range'][1]:.3f}, "
                f"{done['pairs']} pairs); phases {done['phases_s']}",
                file=sys.stderr,
                flush=True,
            )
    finally:
        if args.work is None:
            shutil.rmtree(work_root, ignore_errors=True)
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "note": "Times are wall-clock on a shared machine; compare them only as ratios within one run.",
        "scaling_vs_1000": scaling(results),
        "targets": targets(results),
        "results": results,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = report["when"].replace(":", "").replace("+0000", "Z")
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    if report["scaling_vs_1000"]:
        print("time relative to 1,000 entities:", report["scaling_vs_1000"])
    for target in report["targets"]:
        verdict = "met" if target["met"] else "NOT MET"
        print(f"target {target['target']}: {target['figure']} (limit {target['limit']}): {verdict}")
    print(f"Results written to {path}")


if __name__ == "__main__":
    main()
