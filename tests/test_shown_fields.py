"""What a team writes that is not a field of its own entity, yet belongs on a page: derived links
the field-coverage test cannot see (``tests/test_field_coverage.py`` covers every field)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.pipeline import Project, build_pages

from .conftest import write

FRAMEWORK = """\
name: Waste check
elements:
  - id: daily-waste
    name: Daily waste
"""


def _page(root: Path, path: str) -> str:
    return next(p.markdown for p in build_pages(Project.at(root)).pages if p.path == path)


def test_shown_by_is_on_the_framework_page_when_the_element_has_no_due_stage(small_playbook: Path) -> None:
    """The exit criteria that confirm an element show it, whether or not a stage is due to know it."""
    write(small_playbook, "content/qualification/waste-check.yml", FRAMEWORK)
    stage = small_playbook / "content" / "stages" / "discover.yml"
    written = "  - text: Daily waste is written down in loaves.\n    confirms: waste-check.daily-waste\n"
    text = stage.read_text(encoding="utf-8").replace("  - Daily waste is written down in loaves.\n", written)
    stage.write_text(text, encoding="utf-8")
    page = _page(small_playbook, "qualification/waste-check.md")
    assert re.search(r"\*\*Shown by:\*\* \[[^]]*Discover\]\(\.\./stages/discover\.md#discover--exit\)", page), page
    assert "Known by:**" not in page.split("## The elements")[1]
