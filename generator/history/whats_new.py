"""The site's "What's new" page: the latest changes to the content, from the git history.

Each recent commit that touched ``content/`` is compared with its parent (see ``changes.py``), and
the commits that changed something the edition shows are listed, newest first. The page depends
only on the history, so two builds of one commit still produce the same bytes.

It degrades to a short note when there is no history to read: outside a git repository, without
git, or past the start of a shallow clone (CI checkouts often fetch one commit only).
"""

from __future__ import annotations

import datetime
import hashlib
import textwrap
from pathlib import Path
from typing import Any

from generator.history.changes import Diff, Withheld, diff_models, markdown, model_of_files, withheld_now
from generator.history.git import HistoryUnavailable, Key, git, locate, read_blobs, touched_files_of
from generator.model.resolve import Playbook
from generator.model.validate import Validated
from generator.site.markdown import literal
from generator.site.render import NavEntry, Page, front_matter_text

PATH = "team/whats-new.md"
TITLE = "What's new"
SHOWN = 8  # commits listed at most
SUBJECT_WIDTH = 80  # characters of a commit subject shown in its heading
SCANNED = 12  # commits read at most, to keep builds quick
# Diffs by (content folder, commit, edition, what is withheld now): commits never change, so neither do these.
_diffs: dict[tuple[str, str, str, str], Diff | None] = {}


def commit_diffs(
    content_dir: Path,
    where: tuple[Path, str],
    commits: list[tuple[str, str | None]],
    edition: str,
    withheld: Withheld,
) -> list[Diff | None]:
    """What each (commit, parent) changed, reading only the content files it touched; None for a
    commit the public edition cannot show (one side's content did not validate).

    ``where``: the repository's top and the content folder inside it (``locate``). The touched files
    of every commit not seen before are listed side by side and read in one go, which keeps the page
    quick in a large playbook; the diffs are kept, since commits never change.
    """
    digest = hashlib.blake2b(repr(withheld).encode(), digest_size=16).hexdigest()
    keys = [(str(content_dir), commit, edition, digest) for commit, _ in commits]
    new = [(pair, key) for pair, key in zip(commits, keys) if key not in _diffs]
    if new:
        top, inside = where
        touched = touched_files_of(top, inside, [pair for pair, _ in new])
        wanted = [
            (rev, path)
            for ((commit, parent), _), (before, after) in zip(new, touched)
            for rev, paths in ((parent, before), (commit, after))
            if rev
            for path in paths
        ]
        blobs = read_blobs(top, wanted)
        for ((commit, parent), key), (before, after) in zip(new, touched):
            old = _model(top, inside, parent, before, blobs, edition, withheld) if parent and before else {}
            now = _model(top, inside, commit, after, blobs, edition, withheld) if after else {}
            _diffs[key] = diff_models(old, now, withheld) if old is not None and now is not None else None
    return [_diffs[key] for key in keys]


def _model(
    top: Path,
    inside: str,
    rev: str,
    paths: list[str],
    blobs: dict[tuple[str, str], bytes],
    edition: str,
    withheld: Withheld,
) -> dict[Key, dict[str, Any]] | None:
    files = {path: blobs[(rev, path)] for path in paths if (rev, path) in blobs}
    return model_of_files(top, inside, rev, files, edition, withheld)


def recent_changes(content_dir: Path, edition: str, withheld: Withheld, pages: dict[Key, str]) -> list[str]:
    """Markdown sections, one per recent commit that changed what this edition shows."""
    top, inside = locate(content_dir)
    log = git(top, "log", f"-n{SCANNED}", "--format=%H%x09%P%x09%ct%x09%s", "--", inside).decode("utf-8", "replace")
    # A shallow clone lists its cut-off commits here; their parents exist but were not fetched.
    shallow_file = Path(git(top, "rev-parse", "--path-format=absolute", "--git-path", "shallow").decode().strip())
    cut_off = set(shallow_file.read_text().split()) if shallow_file.is_file() else set()
    commits = []
    for line in log.splitlines():
        commit, parents, stamp, subject = (line.split("\t", 3) + ["", "", ""])[:4]
        commits.append((commit, parents.split()[0] if parents else None, stamp, subject))
    readable = next((i for i, c in enumerate(commits) if c[0] in cut_off), len(commits))
    sections: list[str] = []
    start = 0
    # A few commits at a time, as many as sections are still missing: most commits change something
    # shown, and reading one commit too many can mean reading the whole first version of the playbook.
    while start < readable and len(sections) < SHOWN:
        batch = commits[start : min(readable, start + SHOWN - len(sections))]
        start += len(batch)
        diffs = commit_diffs(content_dir, (top, inside), [(c[0], c[1]) for c in batch], edition, withheld)
        for (commit, _, stamp, subject), diff in zip(batch, diffs):
            if not diff:
                continue
            day = datetime.datetime.fromtimestamp(int(stamp), datetime.UTC).date().isoformat()
            heading = f"{day} · {commit[:7]}"
            if edition != "public":  # commit messages may name internal work
                # A heading, not the whole message: long subjects stop at a word, the rest is in git.
                heading += f" · {literal(textwrap.shorten(subject, SUBJECT_WIDTH, placeholder=' …'))}"
            sections.append(markdown(diff, heading, level=2, pages=pages, from_page=PATH))
    if len(sections) < SHOWN and readable < len(commits):
        sections.append("*Earlier history is not available in this copy of the repository.*\n")
    return sections


def whats_new_page(content_dir: Path, edition: str, playbook: Playbook, current: Validated) -> tuple[Page, NavEntry]:
    """The page and its navigation entry. ``playbook``: what this edition shows (for links);
    ``current``: the content as it is now, whose internal entities are never listed in public."""
    withheld = withheld_now(current) if edition == "public" else Withheld()
    intro = "The latest changes to the playbook content, newest first."
    try:
        sections = recent_changes(
            content_dir, edition, withheld, {(name, view.id): view.page for name, view in playbook.views()}
        )
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
    front = f"---\n{front_matter_text({'title': TITLE, 'search': {'exclude': True}})}---\n\n"
    return Page(PATH, TITLE, front + body), NavEntry(TITLE, PATH)
