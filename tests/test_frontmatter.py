"""Generated front matter is exactly what yaml.dump writes, and reads back to the same data."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.frontmatter import SafeDumper, dump_front_matter
from generator.pipeline import Project, build_pages

from .conftest import REPO, TEMPLATES


def reference(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=1000)


@pytest.mark.parametrize(
    "title",
    ["Discovery", "1. Discover", "yes", "No", "on", "1.0", "2027-01-01", "10:30", "a: b", "#hash", "-dash",
     "O'Brien & Co", "Stage × role matrix", "Role/Account Executive", "trailing ", "two  spaces", "~", "",
     "null", "&lt;script>", "“curly quotes”", "tab\there", "line\nbreak", "0755", "1e3"],
)
def test_tricky_titles_match_yaml_dump(title: str) -> None:
    data = {"title": title, "tags": [title, "Motion/hunter"], "search": {"boost": 4}}
    assert dump_front_matter(data) == reference(data)
    assert yaml.safe_load(dump_front_matter(data)) == data


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "tags", "hide", "search"]),
                       st.one_of(st.text(max_size=30), st.lists(st.text(max_size=20), max_size=3),
                                 st.integers(-5, 5), st.dictionaries(st.sampled_from(["boost", "exclude"]),
                                                                     st.one_of(st.integers(0, 9), st.booleans())))))
def test_random_front_matter_matches_yaml_dump(data: dict[str, Any]) -> None:
    assert dump_front_matter(data) == reference(data)


def test_every_page_of_the_sample_playbook() -> None:
    site = build_pages(Project(REPO, REPO / "content", TEMPLATES))
    for page in site.pages:
        front = page.markdown.split("---\n", 2)[1]
        assert front == reference(yaml.safe_load(front)), page.path
