"""Site audit: Lighthouse and axe-core over every page kind of the built sample playbook.

It builds the bundled sample into a temporary folder (``playbook build --site-dir DIR``), serves it
on 127.0.0.1 the way a static host does (gzip for text, long cache for assets/, no-cache for
pages), picks one page of each kind from the built folders (the first entity of each collection,
so it works with any playbook), and then:

* runs Lighthouse 12 (npm, pinned in package-lock.json; mobile emulation and throttling, its
  default) on the key pages or on every kind, and prints performance, accessibility,
  best-practices and SEO scores with the failing audits; the targets are accessibility >= 95 and
  performance >= 90 on home, a stage page and the stage x role matrix;
* runs axe-core in Chromium through Playwright on every page kind, at 1280x800 and 390x844, in the
  light and the dark colour scheme, and prints each violation (impact, rule, help, where); the
  target is no serious or critical violation.

Both drive Debian's /usr/bin/chromium. The figures go to audit/results/ (latest.json, a stamped copy,
and Lighthouse's full reports in lighthouse/). It is a report, not a test: the exit code is 0
unless --strict is given and a target is missed. Lighthouse's performance score depends on the
machine's load; on a shared machine compare it only within one run.

    python audit/run.py                    # what `make audit` runs
    python audit/run.py --pages all        # Lighthouse on every page kind, not only the key pages
    python audit/run.py --pages none       # axe only (quick, after a fix)
    python audit/run.py --site-dir site    # audit a site built already
    python audit/run.py --strict           # exit 1 when a target is missed
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

AUDIT = Path(__file__).resolve().parent
ROOT = AUDIT.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
    " --disable-component-update --disable-sync"
)
PLAYWRIGHT_ARGS = ["--headless", *CHROME_FLAGS.split()[1:]]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
KEY_PAGES = ("home", "stage", "matrix")
TARGETS = {"accessibility": 95, "performance": 90}  # on each of KEY_PAGES
MODES: dict[str, dict[str, Any]] = {  # name: Playwright browser-context options
    "desktop-light": {"viewport": {"width": 1280, "height": 800}, "color_scheme": "light"},
    "desktop-dark": {"viewport": {"width": 1280, "height": 800}, "color_scheme": "dark"},
    "phone-light": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light", "is_mobile": True,
                    "has_touch": True},
    "phone-dark": {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark", "is_mobile": True,
                   "has_touch": True},
}


# --- serving the site as a static host does -------------------------------------------------------

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".gz": "application/gzip",
}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
LONG_CACHE = "max-age=31536000"


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it, ``*`` allows it)."""
    quality: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name.strip():
            quality[name.strip().lower()] = q
    if "gzip" in quality:
        return quality["gzip"] > 0
    return quality.get("*", 0.0) > 0


class StaticHostHandler(BaseHTTPRequestHandler):
    """GET and HEAD of files under ``root``: gzip, cache headers, index.html for folders, a 404 page."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host; every response has a Content-Length
    timeout = 30  # an idle keep-alive connection does not hold a thread for ever

    def __init__(self, *args: Any, root: Path, **kwargs: Any) -> None:
        self.root = root
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - name from the base class
        self.respond(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(body=False)

    def respond(self, body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        segments = url_path.split("/")
        if not url_path.startswith("/") or ".." in segments or "\\" in url_path or "\0" in url_path:
            self.send(403, b"Forbidden\n", "text/plain; charset=utf-8", body=body)
            return
        target = (self.root / url_path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            self.send(403, b"Forbidden\n", "text/plain; charset=utf-8", body=body)
            return
        if target.is_dir():
            if not url_path.endswith("/"):  # /stages → /stages/, so relative links resolve
                query = urlsplit(self.path).query
                self.send(301, b"", "text/plain; charset=utf-8", body=body,
                          extra={"Location": url_path + "/" + (f"?{query}" if query else "")})
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.root / "404.html"
            if not target.is_file():
                self.send(404, b"Not found\n", "text/plain; charset=utf-8", body=body)
                return
        suffix = target.suffix.lower()
        data = target.read_bytes()
        extra = {"Cache-Control": LONG_CACHE if self._is_asset(target) and status == 200 else "no-cache"}
        if suffix in COMPRESSIBLE:
            extra["Vary"] = "Accept-Encoding"
            if accepts_gzip(self.headers.get("Accept-Encoding", "")):
                data = gzip.compress(data, compresslevel=6, mtime=0)
                extra["Content-Encoding"] = "gzip"
        self.send(status, data, CONTENT_TYPES.get(suffix, "application/octet-stream"), body=body, extra=extra)

    def _is_asset(self, target: Path) -> bool:
        return target.relative_to(self.root).parts[0] == "assets"

    def send(self, status: int, data: bytes, content_type: str, body: bool,
             extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        pass


@contextlib.contextmanager
def serve_site(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 and a free port with StaticHostHandler; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHostHandler, root=folder.resolve()))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- which pages -----------------------------------------------------------------------------------

# (kind, folder, how the page is chosen): "first" is the first entity page in folder order,
# "first-matrix" / "first-not-matrix" split process maps from matrices, "index" is folder/index.html.
PAGE_KINDS = (
    ("home", "", "index"),
    ("stage", "stages", "first"),
    ("matrix", "process", "first-matrix"),
    ("process", "process", "first-not-matrix"),
    ("role", "roles", "first"),
    ("method", "methods", "first"),
    ("metric", "metrics", "first"),
    ("metrics index", "metrics", "index"),
    ("coaching script", "coaching", "first"),
    ("meeting", "meetings", "first"),
    ("competitor", "competitors", "first"),
    ("persona", "personas", "first"),
    ("value driver", "value", "first"),
    ("qualification", "qualification", "first"),
    ("strategy", "strategy", "index"),
    ("philosophy", "philosophy", "index"),
    ("stage cards", "stages/cards", "index"),
)
NOT_ENTITIES = {"stages": {"cards"}}  # folders beside the entity pages that are pages of another kind


def pick_pages(site_dir: Path) -> dict[str, str]:
    """One URL path per page kind the built site has, e.g. ``{"stage": "/stages/commit/"}``."""
    pages: dict[str, str] = {}
    for kind, folder, rule in PAGE_KINDS:
        base = site_dir / folder
        if rule == "index":
            if (base / "index.html").is_file():
                pages[kind] = f"/{folder}/" if folder else "/"
            continue
        if not base.is_dir():
            continue
        entities = sorted(
            p.name for p in base.iterdir()
            if (p / "index.html").is_file() and p.name not in NOT_ENTITIES.get(folder, set())
        )
        if rule == "first-matrix":
            entities = [e for e in entities if e.endswith("-matrix")]
        elif rule == "first-not-matrix":
            entities = [e for e in entities if not e.endswith("-matrix")]
        if entities:
            pages[kind] = f"/{folder}/{entities[0]}/"
    return pages


# --- Lighthouse -------------------------------------------------------------------------------------


def lighthouse(url: str, report_path: Path) -> dict[str, Any]:
    """Run Lighthouse once (mobile, simulated throttling) and summarise its report."""
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={report_path}", "--quiet",
        f"--chrome-path={CHROMIUM}", f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = round(time.perf_counter() - start, 1)
    if proc.returncode != 0 or not report_path.is_file():
        return {"error": (proc.stderr or proc.stdout)[-2000:], "seconds": seconds}
    return {**summarise_lighthouse(json.loads(report_path.read_text(encoding="utf-8"))), "seconds": seconds}


def summarise_lighthouse(report: dict[str, Any]) -> dict[str, Any]:
    """Scores out of 100, the main metrics, and every failing audit with up to 3 of its elements."""
    audits = report["audits"]
    scores: dict[str, int | None] = {}
    failing: dict[str, list[dict[str, Any]]] = {}
    for category in CATEGORIES:
        entry = report["categories"].get(category)
        if entry is None:
            continue
        scores[category] = None if entry["score"] is None else round(entry["score"] * 100)
        failing[category] = []
        for ref in entry["auditRefs"]:
            audit = audits[ref["id"]]
            limit = 0.9 if category == "performance" else 1
            if ref.get("group") == "metrics" or audit.get("score") is None or audit["score"] >= limit:
                continue
            if audit.get("scoreDisplayMode") in ("manual", "notApplicable", "informative"):
                continue
            items = (audit.get("details") or {}).get("items") or []
            nodes = [item["node"] for item in items if isinstance(item.get("node"), dict)]
            failing[category].append({
                "id": ref["id"], "title": audit.get("title", ""), "display": audit.get("displayValue", ""),
                "elements": [n.get("selector", "") for n in nodes[:3]],
                "why": [_first_reason(n.get("explanation", "")) for n in nodes[:3]],
            })
    metrics = {name: audits[name].get("displayValue", "") for name in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
        "speed-index") if name in audits}
    # Audits Lighthouse could not run (12.2.3's trace engine fails on some audits with newer Chromium).
    errors = {name: audit.get("errorMessage", "")[:300] for name, audit in audits.items()
              if audit.get("scoreDisplayMode") == "error"}
    return {"scores": scores, "metrics": metrics, "failing": failing, "errors": errors,
            "warnings": report.get("runWarnings", [])}


def _first_reason(explanation: str) -> str:
    """The first line of a node's explanation after "Fix any of the following:" (a contrast ratio, say)."""
    lines = [line.strip() for line in explanation.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("Fix ")]
    return lines[0] if lines else ""


# --- axe-core ---------------------------------------------------------------------------------------


def axe(base_url: str, pages: dict[str, str]) -> dict[str, dict[str, Any]]:
    """axe-core's violations on each page in each mode: ``{mode: {kind: [violation, ...]}, ...}``."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=PLAYWRIGHT_ARGS)
        try:
            for mode, options in MODES.items():
                # bypass_csp: the pages allow only their own scripts; axe is injected from node_modules.
                context = browser.new_context(**options, bypass_csp=True, service_workers="block")
                page = context.new_page()
                results[mode] = {"scheme": None, "pages": {}}
                for kind, path in pages.items():
                    page.goto(base_url + path, wait_until="load")
                    results[mode]["scheme"] = page.evaluate("document.body.dataset.mdColorScheme || null")
                    page.add_script_tag(path=str(AXE))
                    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                                          ".violations")
                    results[mode]["pages"][kind] = [
                        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"]),
                         "targets": [" ".join(map(str, n["target"])) for n in v["nodes"][:3]],
                         "why": [_axe_reason(n) for n in v["nodes"][:3]]}
                        for v in found
                    ]
                context.close()
        finally:
            browser.close()
    return results


def _axe_reason(node: dict[str, Any]) -> str:
    """The first check message of a failing node (for color-contrast: the ratio and the two colours)."""
    for check in (*node.get("any", []), *node.get("all", []), *node.get("none", [])):
        if check.get("message"):
            return str(check["message"])
    return ""


# --- the report -------------------------------------------------------------------------------------


def lighthouse_table(pages: dict[str, str], runs: dict[str, dict[str, Any]]) -> str:
    rows = [("page", "path", "perf", "a11y", "b-p", "seo", "LCP", "TBT", "s", "failing accessibility audits")]
    for kind, run in runs.items():
        if "error" in run:
            rows.append((kind, pages[kind], "-", "-", "-", "-", "-", "-", str(run["seconds"]), "Lighthouse failed"))
            continue
        s, m = run["scores"], run["metrics"]
        rows.append((kind, pages[kind], *(str(s.get(c, "-")) for c in CATEGORIES),
                     m.get("largest-contentful-paint", ""), m.get("total-blocking-time", ""), str(run["seconds"]),
                     ", ".join(a["id"] for a in run["failing"].get("accessibility", [])) or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1] for row in rows)


def verdicts(runs: dict[str, dict[str, Any]], axe_results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target this run measured, with its figures and whether it was met."""
    found = []
    for kind in KEY_PAGES:
        run = runs.get(kind)
        if run is None:
            continue
        scores = run.get("scores", {})
        met = all((scores.get(c) or 0) >= limit for c, limit in TARGETS.items())
        figures = ", ".join(f"{c} {scores.get(c, '-')} (>= {limit})" for c, limit in TARGETS.items())
        found.append({"target": f"Lighthouse {kind}", "figures": figures, "met": met})
    if axe_results:
        severe = sum(1 for mode in axe_results.values() for violations in mode["pages"].values()
                     for v in violations if v["impact"] in ("serious", "critical"))
        rules = {v["id"] for mode in axe_results.values() for violations in mode["pages"].values()
                 for v in violations if v["impact"] in ("serious", "critical")}
        found.append({"target": "axe: no serious or critical violation",
                      "figures": f"{len(rules)} rules ({', '.join(sorted(rules)) or 'none'}), {severe} findings over "
                      f"pages x modes", "met": severe == 0})
    return found


def _where(kinds: list[str], every: list[str], phrase: str) -> str:
    return phrase if kinds == every else ", ".join(kinds)


def print_failing_audits(runs: dict[str, dict[str, Any]]) -> None:
    """Each failing audit once, with the pages it failed on and up to 3 of its elements."""
    found: dict[tuple[str, ...], list[str]] = {}
    first: dict[tuple[str, ...], dict[str, Any]] = {}
    errored: dict[str, list[str]] = {}
    for kind, run in runs.items():
        for category, failing in run.get("failing", {}).items():
            for audit in failing:
                key = (category, audit["id"], *audit["elements"])
                found.setdefault(key, []).append(kind)
                first.setdefault(key, audit)
        for audit_id in run.get("errors", {}):
            errored.setdefault(audit_id, []).append(kind)
        for warning in run.get("warnings", []):
            print(f"  {kind}: Lighthouse warning: {warning}")
        if "error" in run:
            last = (run["error"].strip().splitlines() or [""])[-1]
            print(f"  {kind}: Lighthouse failed: {last}")
    for key, kinds in found.items():
        audit = first[key]
        display = f", e.g. {audit['display']}" if audit["display"] else ""
        print(f"  {key[0]}: {audit['id']}{display} — on {_where(kinds, list(runs), 'every page audited')}")
        for element, why in zip(audit["elements"], audit["why"]):
            print(f"      {element}" + (f"  ({why})" if why else ""))
    for audit_id, kinds in errored.items():
        where = _where(kinds, list(runs), "every page audited")
        print(f"  note: audit {audit_id} could not run (Lighthouse error) on {where}")


IMPACTS = ("critical", "serious", "moderate", "minor")


def print_axe(pages: dict[str, str], results: dict[str, dict[str, Any]]) -> None:
    """Each violation once (rule and elements), with the pages and modes it was found in."""
    for mode, result in results.items():
        if mode.endswith("dark") and result["scheme"] != "slate":
            print(f"  note: {mode}: the page's colour scheme was {result['scheme']!r}, not the dark 'slate'")
    found: dict[tuple[str, ...], dict[str, list[str]]] = {}  # (rule, targets) → {kind: [mode, ...]}
    first: dict[tuple[str, ...], dict[str, Any]] = {}
    for kind in pages:
        for mode, result in results.items():
            for v in result["pages"].get(kind, []):
                key = (v["id"], *v["targets"])
                found.setdefault(key, {}).setdefault(kind, []).append(mode)
                first.setdefault(key, v)
    order = sorted(found, key=lambda k: (IMPACTS.index(first[k]["impact"]) if first[k]["impact"] in IMPACTS else 9, k))
    for key in order:
        v = first[key]
        by_modes: dict[tuple[str, ...], list[str]] = {}
        for kind, modes in found[key].items():
            by_modes.setdefault(tuple(modes), []).append(kind)
        where = "; ".join(
            f"{_where(kinds, list(pages), 'every page kind')} ({_where(list(modes), list(results), 'all modes')})"
            for modes, kinds in by_modes.items()
        )
        print(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['nodes']} element(s)) — on {where}")
        for target, why in zip(v["targets"], v["why"]):
            print(f"      {target}" + (f"  ({why})" if why else ""))
    if not found:
        print("  no violation on any page in any mode")


def build_sample(site_dir: Path) -> None:
    playbook = Path(sys.executable).parent / "playbook"
    proc = subprocess.run([str(playbook), "build", "--site-dir", str(site_dir)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if proc.returncode != 0:
        raise SystemExit(f"playbook build failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", choices=("all", "key", "none"), default="all",
                        help="Lighthouse on every page kind (12-30 s a page), the key pages (home, stage, "
                        "matrix) or none")
    parser.add_argument("--site-dir", type=Path, help="audit this built site instead of building the sample")
    parser.add_argument("--out", type=Path, default=AUDIT / "results", help="folder for the JSON results")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    for needed in (LIGHTHOUSE, AXE):
        if not needed.exists():
            raise SystemExit(f"{needed.relative_to(ROOT)} is missing: run `npm ci` (or `make audit`)")
    began = time.perf_counter()
    seconds: dict[str, float] = {}
    args.out.mkdir(parents=True, exist_ok=True)
    reports = args.out / "lighthouse"
    reports.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="playbook-audit-") as work:
        site_dir = args.site_dir
        if site_dir is None:
            print("Building the sample playbook...", file=sys.stderr, flush=True)
            site_dir = Path(work) / "site"
            build_sample(site_dir)
            seconds["build"] = round(time.perf_counter() - began, 1)
        pages = pick_pages(site_dir)
        chosen = {"key": KEY_PAGES, "all": tuple(pages), "none": ()}[args.pages]
        runs: dict[str, dict[str, Any]] = {}
        with serve_site(site_dir) as base_url:
            mark = time.perf_counter()
            for kind in (k for k in chosen if k in pages):
                print(f"Lighthouse: {kind} {pages[kind]}...", file=sys.stderr, flush=True)
                runs[kind] = lighthouse(base_url + pages[kind], reports / f"{kind.replace(' ', '-')}.json")
            seconds["lighthouse"] = round(time.perf_counter() - mark, 1)
            print(f"axe-core: {len(pages)} pages x {len(MODES)} modes...", file=sys.stderr, flush=True)
            mark = time.perf_counter()
            axe_results = axe(base_url, pages)
            seconds["axe"] = round(time.perf_counter() - mark, 1)
    seconds["total"] = round(time.perf_counter() - began, 1)
    report: dict[str, Any] = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
        "note": "Lighthouse's performance score moves with the machine's load; compare within one run.",
        "pages": pages,
        "lighthouse": runs,
        "axe": axe_results,
        "targets": verdicts(runs, axe_results),
        "seconds": seconds,
    }
    stamp = report["when"].replace(":", "").replace("+0000", "Z")
    path = args.out / f"audit-{stamp}.json"
    for target in (path, args.out / "latest.json"):
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if runs:
        print("Lighthouse (mobile, simulated throttling):")
        print(lighthouse_table(pages, runs))
        print("Failing Lighthouse audits:")
        print_failing_audits(runs)
    print(f"axe-core ({', '.join(MODES)}):")
    print_axe(pages, axe_results)
    for target in report["targets"]:
        print(f"target {target['target']}: {target['figures']}: {'PASS' if target['met'] else 'FAIL'}")
    print(f"Took {', '.join(f'{k} {v} s' for k, v in seconds.items())}. Results written to {path}")
    missed = any(not t["met"] for t in report["targets"])
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
