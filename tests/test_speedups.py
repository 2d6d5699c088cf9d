"""The shortcuts taken for speed give the same answers as the long way round."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.discover import discover
from generator.load import load_content

SMALL = Path(__file__).resolve().parent / "fixtures" / "small" / "content"


def test_a_collection_folder_linked_from_outside_is_still_refused(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "content")
    outside = tmp_path / "elsewhere"
    shutil.move(str(tmp_path / "content" / "metrics"), outside)
    (tmp_path / "content" / "metrics").symlink_to(outside, target_is_directory=True)
    docs, problems = discover(tmp_path / "content", tmp_path)
    assert sorted(str(p) for p in problems) == [
        "content/metrics/visits.yml:1:1: 'visits.yml' links to a file outside the content folder: copy the file in instead",
        "content/metrics/wins.yml:1:1: 'wins.yml' links to a file outside the content folder: copy the file in instead",
    ]
    # A link that stays inside the content folder is fine, and each discovery looks again.
    (tmp_path / "content" / "metrics").unlink()
    shutil.move(str(outside), tmp_path / "content" / "metrics")
    docs, problems = discover(tmp_path / "content", tmp_path)
    assert problems == [] and len(docs) == 11


def test_unchanged_files_are_reused_and_a_changed_one_is_read_again(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "content")
    first, _ = load_content(tmp_path / "content", tmp_path)
    method = tmp_path / "content" / "methods" / "waste-questions.yml"
    method.write_text(method.read_text(encoding="utf-8").replace("On the first visit.", "On every visit."),
                      encoding="utf-8")
    second, problems = load_content(tmp_path / "content", tmp_path)
    assert problems == []
    by_file = {d.file: d for d in first}
    for doc in second:
        if doc.file == "content/methods/waste-questions.yml":
            assert doc is not by_file[doc.file] and doc.data["when_to_use"] == "On every visit."
        else:
            assert doc is by_file[doc.file]
    # A broken save is reported, then the fixed file is read again (problems are not cached away).
    method.write_text("name: [unclosed\n", encoding="utf-8")
    _, problems = load_content(tmp_path / "content", tmp_path)
    assert [p.file for p in problems] == ["content/methods/waste-questions.yml"]
    method.write_text((SMALL / "methods" / "waste-questions.yml").read_text(encoding="utf-8"), encoding="utf-8")
    again, problems = load_content(tmp_path / "content", tmp_path)
    assert problems == [] and next(d for d in again if d.id == "waste-questions").data["when_to_use"] == "On the first visit."


def test_the_cycle_collector_is_paused_for_the_pipeline_and_restored_after() -> None:
    import gc

    import pytest

    from generator.collector import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # build_pages around load_playbook
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a content error")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_a_build_freezes_its_objects_only_while_it_runs(tmp_path: Path) -> None:
    # `gc.freeze` sets what the build keeps alive aside from the collector; a process that goes on
    # after the build (tests, a script building twice) gets everything back, failed build or not.
    import gc

    import pytest
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    shutil.copytree(SMALL, tmp_path / "content")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Freeze\ntheme: {name: material}\nplugins:\n"
        f"  - playbook: {{templates_dir: '{Path(__file__).resolve().parent.parent / 'templates'}'}}\n",
        encoding="utf-8",
    )
    frozen_during: list[int] = []
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["playbook"]
    plugin.on_startup(command="build", dirty=False)  # as `mkdocs build` does (MkDocs may reuse an instance)
    original = plugin.on_files

    def on_files(files: object, *, config: object) -> object:
        frozen_during.append(gc.get_freeze_count())
        return original(files, config=config)

    events = config.plugins.events["files"]
    events[events.index(original)] = on_files
    build(config)
    assert frozen_during and frozen_during[0] > 0 and gc.get_freeze_count() == 0
    (tmp_path / "content" / "stages" / "broken.yml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises((PluginError, Abort)):
        build(load_config(str(tmp_path / "mkdocs.yml")))
    assert gc.get_freeze_count() == 0


def test_reading_a_past_revision_keeps_the_project_s_parsed_files(tmp_path: Path) -> None:
    # What's new reads old versions of a few files; the live preview's next rebuild must still find
    # the project's thousand files parsed.
    from generator import load

    shutil.copytree(SMALL, tmp_path / "content")
    load_content(tmp_path / "content", tmp_path)
    kept = dict(load._parsed)
    other = tmp_path / "old" / "content"
    shutil.copytree(SMALL / "stages", other / "stages")
    docs, _ = load_content(other, tmp_path / "old", reuse=False)
    assert docs and load._parsed == kept
