"""The site's "What's new" page: the latest changes to the content, from the git history.

Each recent commit that touched ``content/`` is compared with its parent (see ``changes.py``), and
the commits that changed something the edition shows are listed, newest first. The page depends
only on the history, so two builds of one commit still produce the same bytes.

It degrades to a short note when there is no history to read: outside a git repository, without
git, or past the start of a shallow clone (CI checkouts often fetch one commit only).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from .changes import Diff, HistoryUnavailable, Key, diff_models, git, locate, markdown, model_of_files, touched_files
from .frontmatter import dump_front_matter
from .render import NavEntry, Page, escape_html
from .resolve import Playbook

PATH = "whats-new.md"
TITLE = "What's new"
SHOWN = 8  # commits listed at most
SCANNED = 12  # commits read at most, to keep builds quick
# Diffs by (content folder, commit, edition, hidden): commits never change, so neither do these.
_diffs: dict[tuple[str, str, str, frozenset[Key]], Diff] = {}


def entity_pages(playbook: Playbook) -> dict[Key, str]:
    """Where each entity's page is, to link the names in the list."""
    pages: dict[Key, str] = {}
    for collection in ("personas", "roles", "stages", "methods", "metrics", "coaching"):
        for view in getattr(playbook, collection):
            pages[(collection, view.id)] = view.page
    if playbook.philosophy is not None:
        pages[("philosophy", "philosophy")] = playbook.philosophy.page
    if playbook.strategy is not None:
        pages[("strategy", "strategy")] = playbook.strategy.page
    return pages


def commit_diff(
    content_dir: Path, commit: str, parent: str | None, edition: str, hidden: frozenset[Key], where: tuple[Path, str]
) -> Diff:
    """What one commit changed, reading only the content files it touched (quick in a large playbook).

    ``where``: the repository's top and the content folder inside it (``locate``), found once per page.
    """
    key = (str(content_dir), commit, edition, hidden)
    if key not in _diffs:
        top, inside = where
        before, after = touched_files(top, inside, commit, parent)
        old = model_of_files(top, inside, parent, before, edition, hidden) if parent and before else {}
        new = model_of_files(top, inside, commit, after, edition, hidden) if after else {}
        _diffs[key] = diff_models(old, new)
    return _diffs[key]


def recent_changes(content_dir: Path, edition: str, hidden: frozenset[Key], pages: dict[Key, str]) -> list[str]:
    """Markdown sections, one per recent commit that changed what this edition shows."""
    top, inside = locate(content_dir)
    log = git(top, "log", f"-n{SCANNED}", "--format=%H%x09%P%x09%ct%x09%s", "--", inside).decode("utf-8", "replace")
    # A shallow clone lists its cut-off commits here; their parents exist but were not fetched.
    shallow_file = Path(git(top, "rev-parse", "--path-format=absolute", "--git-path", "shallow").decode().strip())
    cut_off = set(shallow_file.read_text().split()) if shallow_file.is_file() else set()
    sections: list[str] = []
    for line in log.splitlines():
        commit, parents, stamp, subject = (line.split("\t", 3) + ["", "", ""])[:4]
        if commit in cut_off:
            sections.append("*Earlier history is not available in this copy of the repository.*\n")
            break
        parent = parents.split()[0] if parents else None
        diff = commit_diff(content_dir, commit, parent, edition, hidden, (top, inside))
        if not diff:
            continue
        day = datetime.datetime.fromtimestamp(int(stamp), datetime.UTC).date().isoformat()
        heading = f"{day} · {commit[:7]}"
        if edition != "public":  # commit messages may name internal work
            heading += f" · {escape_html(subject)}"
        sections.append(markdown(diff, heading, level=2, pages=pages, from_page=PATH))
        if len(sections) == SHOWN:
            break
    return sections


def whats_new_page(content_dir: Path, edition: str, playbook: Playbook, hidden: set[Key]) -> tuple[Page, NavEntry]:
    """The page and its navigation entry. ``hidden``: entities internal now, never listed in public."""
    intro = "The latest changes to the playbook content, newest first."
    try:
        sections = recent_changes(content_dir, edition, frozenset(hidden), entity_pages(playbook))
    except (HistoryUnavailable, ValueError):
        sections = [
            (
                "*The history of the content is not available here (the playbook is not in a git "
                "repository, or git is not installed), so there are no changes to list.*\n"
            )
        ]
    if not sections:
        sections = ["*No changes to the content in the recent history.*\n"]
    body = "\n".join([f"# {TITLE}", "", intro, "", *sections])
    # Kept out of search: it names every entity that changed, and a search should lead to the entity.
    front = f"---\n{dump_front_matter({'title': TITLE, 'search': {'exclude': True}})}---\n\n"
    return Page(PATH, TITLE, front + body), NavEntry(TITLE, PATH)
