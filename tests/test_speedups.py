"""The shortcuts taken for speed give the same answers as the long way round."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.content.discover import discover
from generator.content.load import load_content
from generator.model.collections import LAYOUT

SMALL = Path(__file__).resolve().parent / "fixtures" / "small" / "content"


def test_a_collection_folder_linked_from_outside_is_still_refused(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "content")
    outside = tmp_path / "elsewhere"
    shutil.move(str(tmp_path / "content" / "metrics"), outside)
    (tmp_path / "content" / "metrics").symlink_to(outside, target_is_directory=True)
    docs, problems = discover(tmp_path / "content", tmp_path, LAYOUT)
    assert sorted(str(p) for p in problems) == [
        "content/metrics/visits.yml:1:1: 'visits.yml' links to a file outside the content folder: copy the file in instead",
        "content/metrics/wins.yml:1:1: 'wins.yml' links to a file outside the content folder: copy the file in instead",
    ]
    # A link that stays inside the content folder is fine, and each discovery looks again.
    (tmp_path / "content" / "metrics").unlink()
    shutil.move(str(outside), tmp_path / "content" / "metrics")
    docs, problems = discover(tmp_path / "content", tmp_path, LAYOUT)
    assert problems == [] and len(docs) == 12


def test_unchanged_files_are_reused_and_a_changed_one_is_read_again(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "content")
    first, _ = load_content(tmp_path / "content", tmp_path, LAYOUT)
    method = tmp_path / "content" / "methods" / "waste-questions.yml"
    method.write_text(method.read_text(encoding="utf-8").replace("On the first visit.", "On every visit."),
                      encoding="utf-8")
    second, problems = load_content(tmp_path / "content", tmp_path, LAYOUT)
    assert problems == []
    by_file = {d.file: d for d in first}
    for doc in second:
        if doc.file == "content/methods/waste-questions.yml":
            assert doc is not by_file[doc.file] and doc.data["when_to_use"] == "On every visit."
        else:
            assert doc is by_file[doc.file]
    # A broken save is reported, then the fixed file is read again (problems are not cached away).
    method.write_text("name: [unclosed\n", encoding="utf-8")
    _, problems = load_content(tmp_path / "content", tmp_path, LAYOUT)
    assert [p.file for p in problems] == ["content/methods/waste-questions.yml"]
    method.write_text((SMALL / "methods" / "waste-questions.yml").read_text(encoding="utf-8"), encoding="utf-8")
    again, problems = load_content(tmp_path / "content", tmp_path, LAYOUT)
    assert problems == [] and next(d for d in again if d.id == "waste-questions").data["when_to_use"] == "On the first visit."


def test_reading_a_past_revision_keeps_the_project_s_parsed_files(tmp_path: Path) -> None:
    # What's new reads old versions of a few files; the live preview's next rebuild must still find
    # the project's thousand files parsed.
    from generator.content import load

    shutil.copytree(SMALL, tmp_path / "content")
    load_content(tmp_path / "content", tmp_path, LAYOUT)
    kept = dict(load._parsed)
    other = tmp_path / "old" / "content"
    shutil.copytree(SMALL / "stages", other / "stages")
    docs, _ = load_content(other, tmp_path / "old", LAYOUT, reuse=False)
    assert docs and load._parsed == kept
