"""Differentiators standing on their own (issue 22 §6): a value file with differentiators and proof
and none of a driver's own fields is company-wide value content, shown on the Value page apart from
the drivers, and checked for proof on each differentiator or for all."""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.checks.run import run_checks
from generator.pipeline import Project, build_pages, load_playbook
from tests.test_messages import problems_after

WHY_US = """name: Why Crumb & Co
differentiators:
  - name: Ovens serviced overnight
    claim: A technician on site before the first bake.
    proof: [Median arrival 3 hours after the call.]
  - name: One price per oven
"""
DRIVER = """name: Fewer burnt batches
need: Stop binning a tray every morning.
differentiators:
  - {name: Probe in the loaf, proof: [Two bakeries binned half as much.]}
proof: [A bakery in town cut waste by a third.]
"""


def _site(tmp_path: Path, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    assert problems_after(tmp_path, [(f"value/{name}.yml", None, text) for name, text in files.items()]) == []
    project = Project(tmp_path, tmp_path / "content", Path(__file__).resolve().parents[1] / "templates")
    pages = {p.path: p.markdown for p in build_pages(project).pages}
    playbook, validated = load_playbook(project)
    report = run_checks(validated, playbook, today=datetime.date(2027, 1, 15))
    return pages, [str(f) for f in report.of("value-proof")]


def test_company_wide_differentiators_are_shown_apart_from_the_drivers(tmp_path: Path) -> None:
    pages, _ = _site(tmp_path, {"why-us": WHY_US, "fewer-burnt-batches": DRIVER})
    index = pages["value/index.md"]
    assert "## [Fewer burnt batches](fewer-burnt-batches.md)" in index
    assert "\n## [Why Crumb &amp; Co]" not in index  # not listed as a driver
    across = index.split("## Across every need { #across-every-need }", 1)[1]
    assert "### [Why Crumb &amp; Co](why-us.md)" in across
    assert "- **Ovens serviced overnight**: A technician on site before the first bake." in across
    assert "- **One price per oven**" in across
    assert "Fewer burnt batches" not in across
    page = pages["value/why-us.md"]
    assert "### Ovens serviced overnight" in page and "- Median arrival 3 hours after the call." in page


def test_proof_is_asked_of_each_company_wide_differentiator_or_of_the_file(tmp_path: Path) -> None:
    _, findings = _site(tmp_path, {"why-us": WHY_US})
    assert findings == [
        "content/value/why-us.yml:1:1: warning: value driver 'why-us' has no proof points: add 'proof', "
        "customer stories or figures [value-proof]"
    ]
    _, findings = _site(
        tmp_path / "b",
        {
            "why-us": WHY_US.replace(
                "  - name: One price per oven\n", "  - {name: One price per oven, proof: [Since 2019.]}\n"
            )
        },
    )
    assert findings == []
