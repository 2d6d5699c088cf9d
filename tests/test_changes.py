"""`playbook changes --since REF`: a semantic diff of the playbook between two git revisions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.history.changes import diff_models, markdown, model_at
from generator.history.git import HistoryUnavailable

from .conftest import playbook_in_process, write

PLAYBOOK = [str(Path(sys.executable).parent / "playbook")]


def git(root: Path, *args: str, when: int = 1772625600) -> str:
    env = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000", "PATH": "/usr/bin:/bin",
           "HOME": str(root)}
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                            cwd=root, env=env, check=True, capture_output=True, text=True)
    return result.stdout


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def history(small_playbook: Path) -> Path:
    """The small playbook committed and tagged v1, then edited in a second commit."""
    root = small_playbook
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "First playbook")
    git(root, "tag", "v1")
    edit(root, "content/stages/close.yml", "goal: Agree a trial.", "goal: Agree a paid trial.")
    edit(root, "content/stages/close.yml", "  - Trial agreement signed.", "  - Trial agreement signed.\n  - Start date agreed.")
    edit(root, "content/methods/waste-questions.yml", "  - How many loaves went unsold yesterday?",
         "  - How many loaves went unsold yesterday?\n  - Which days are worst?")
    edit(root, "content/roles/rep.yml", "  - what: Book first visits.", "  - what: Book first visits every week.")
    # Only the formatting changes here: flow lists become block lists. Not a change of the model.
    edit(root, "content/roles/manager.yml", "stop: [Taking over calls.]", "stop:\n    - Taking over calls.")
    write(root, "content/personas/head-baker.yml", "name: Head Baker\nsummary: Runs the night shift.\n"
          "priorities: [Ovens full by 4am]\nvalues: [Simple tools]\nquestions: [Is it quick?]\n")
    write(root, "content/methods/rival-quote.yml", "visibility: internal\nname: Rival quote answer\nkind: objection\n"
          "summary: Our floor price.\nwhen_to_use: A rival quote.\nstages: [close]\n")
    (root / "content" / "coaching" / "count-the-waste.yml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Second playbook", when=1772712000)
    return root


EXPECTED = """# Playbook changes from v1 to HEAD

2 added, 1 removed, 3 changed.

## Added

- Persona **Head Baker**
- Method **Rival quote answer**

## Removed

- Coaching script **Count the waste**

## Changed

- Stage **Close**
    - `goal`: “Agree a trial.” → “Agree a paid trial.”
    - `exit_criteria`: added “Start date agreed.”
- Role **Field Rep**
    - `responsibilities`: added “Book first visits every week.”
    - `responsibilities`: removed “Book first visits.”
- Method **Waste questions**
    - `questions`: added “Which days are worst?”
"""


def test_changes_since_a_tag_lists_entities_and_fields(history: Path) -> None:
    result = playbook_in_process("changes", "--since", "v1", "--root", str(history))
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED


def test_public_edition_changes_leave_internal_entities_out(history: Path) -> None:
    content = history / "content"
    diff = diff_models(model_at(content, "v1", "public"), model_at(content, "HEAD", "public"))
    assert [c.title for c in diff.added] == ["Head Baker"]
    assert "Rival quote" not in markdown(diff, "x")


def test_nested_parts_are_compared_field_by_field(history: Path) -> None:
    edit(history, "content/roles/rep.yml", "    description: First quarter.", "    description: First two quarters.")
    git(history, "commit", "-q", "-am", "Longer ramp")
    diff = diff_models(model_at(history / "content", "HEAD~1"), model_at(history / "content", "HEAD"))
    assert [(c.title, c.fields) for c in diff.changed] == [
        ("Field Rep", ["`tenure_tracks[new].description`: “First quarter.” → “First two quarters.”"])]


def test_same_content_reformatted_is_no_change(history: Path) -> None:
    diff = diff_models(model_at(history / "content", "HEAD"), model_at(history / "content", "HEAD"))
    assert not diff
    assert "No changes to the playbook content." in markdown(diff, "Nothing")


def test_unknown_revision_and_no_repository_are_reported(history: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    result = subprocess.run([*PLAYBOOK, "changes", "--since", "v9", "--root", str(history)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("Cannot compare v9 with HEAD: ")
    outside = tmp_path_factory.mktemp("not-a-repo")
    (outside / "content").mkdir()
    with pytest.raises(HistoryUnavailable, match="not a git repository"):
        model_at(outside / "content", "HEAD")


def whats_new(root: Path, edition: str = "internal", content: Path | None = None) -> str:
    from generator.pipeline import Project, build_pages

    from .conftest import TEMPLATES

    site = build_pages(Project(root, content or root / "content", TEMPLATES), edition)
    team = site.nav[-1]
    assert team.title == "For the playbook team"
    assert team.children[-1].title == "What's new" and team.children[-1].path == "team/whats-new.md"
    (page,) = [p for p in site.pages if p.path == "team/whats-new.md"]
    return page.markdown


def test_whats_new_lists_recent_commits_newest_first_with_links(history: Path) -> None:
    text = whats_new(history)
    # It names every entity that changed; search should lead to the entity's own page instead.
    assert text.startswith("---\ntitle: What's new\nsearch:\n  exclude: true\n---\n")
    second = text.index("## 2026-03-05 · ")
    first = text.index("## 2026-03-04 · ")
    assert second < first
    assert " · Second playbook\n\n2 added, 1 removed, 3 changed." in text
    assert "- Stage [Close](../stages/close.md)\n    - `goal`: “Agree a trial.” → “Agree a paid trial.”" in text
    # Removed entities have no page to link to.
    assert "- Coaching script **Count the waste**" in text
    assert " · First playbook\n\n12 added, 0 removed, 0 changed." in text


def test_whats_new_in_the_public_edition_has_no_internal_entities_or_commit_messages(history: Path) -> None:
    text = whats_new(history, "public")
    assert "Rival quote" not in text and "Second playbook" not in text
    assert "1 added, 1 removed, 3 changed." in text  # the head baker, but not the internal method


def test_whats_new_outside_git_says_so(small_playbook: Path) -> None:
    assert "The history of the content is not available here" in whats_new(small_playbook)


def test_whats_new_in_a_shallow_clone_stops_where_the_history_does(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)], check=True,
                   capture_output=True)
    text = whats_new(clone)
    assert "Earlier history is not available in this copy of the repository." in text
    assert "Second playbook" not in text  # its parent was not fetched: nothing to compare it with


def test_an_entity_made_internal_is_not_named_in_public_changes(history: Path) -> None:
    edit(history, "content/methods/waste-questions.yml", "name: Waste questions", "visibility: internal\nname: Waste questions")
    git(history, "commit", "-q", "-am", "Waste questions are internal now")
    args = ["changes", "--since", "HEAD~1", "--root", str(history)]
    internal = playbook_in_process(*args)
    assert "- Method **Waste questions**\n    - `visibility`: “public” → “internal”" in internal.stdout
    public = playbook_in_process(*args, "--edition", "public")
    assert public.returncode == 0, public.stderr
    assert "Waste questions" not in public.stdout
    assert "No changes to the playbook content." in public.stdout


def test_references_to_an_entity_made_internal_are_not_shown_in_its_history(history: Path) -> None:
    edit(history, "content/stages/discover.yml", "actions: [Review the visit notes.]", "actions: [Review the notes daily.]")
    git(history, "commit", "-q", "-am", "Daily reviews")
    assert "- Stage [Discover](../stages/discover.md)\n    - `activities[manager].actions`: added “Review the notes daily.”" \
        in whats_new(history)
    edit(history, "content/roles/manager.yml", "name: Area Manager", "visibility: internal\nname: Area Manager")
    git(history, "commit", "-q", "-am", "Area managers are internal now")
    # Older commits listed the manager on the Discover stage; the public page must not show it anywhere.
    text = whats_new(history, "public")
    assert "Area Manager" not in text and "manager" not in text.lower()
    assert "First playbook" not in text and "## 2026-03-04 · " in text
    assert "Daily reviews" not in text and "Review the notes daily" not in text


def test_whats_new_shortens_a_long_commit_subject_at_a_word(history: Path) -> None:
    edit(history, "content/stages/close.yml", "goal: Agree a paid trial.", "goal: Agree a paid trial today.")
    subject = "Close: " + "the goal now says when the paid trial is agreed, " * 4
    git(history, "commit", "-q", "-am", subject, when=1772798400)
    heading = next(line for line in whats_new(history).splitlines() if line.startswith("## 2026-03-06 · "))
    shown = heading.split(" · ", 2)[2]
    assert shown.endswith(" …") and len(shown) <= 80, shown
    assert subject.startswith(shown.removesuffix(" …").replace("\\", ""))
