"""What changed in the playbook between two git revisions: a diff of the model, not of the text.

Each revision's ``content/`` is read straight from git (``git archive``, nothing is checked out) and
goes through the normal loader and validator, so a moved line or a reformatted list is no change,
while "exit criterion added to Discovery" is. Entities are matched by collection and id; fields are
compared value by value, list items by their name (or position when they have none).

The public edition compares public editions: nothing internal is listed, and commit messages
(which may name internal work) are left out of the site's "What's new" page in that edition.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .edition import EDITIONS, public_edition
from .load import load_content
from .models import COLLECTIONS
from .validate import SINGULAR, validate_documents

Key = tuple[str, str]  # (collection, id)
NOUN = {**SINGULAR, "philosophy": "philosophy", "strategy": "strategy"}
# List items are matched across revisions by the first of these fields they have.
ITEM_KEYS = ("name", "guideline", "what", "role", "tenure", "rating", "text")


class HistoryUnavailable(Exception):
    """The project is not in a git repository, or the revision is not in its history."""


@dataclass
class EntityChange:
    key: Key
    title: str
    fields: list[str] = field(default_factory=list)  # Markdown lines: "`goal`: “a” → “b”"


@dataclass
class Diff:
    added: list[EntityChange]
    removed: list[EntityChange]
    changed: list[EntityChange]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise HistoryUnavailable(f"git could not run: {exc}") from None
    if result.returncode != 0:
        raise HistoryUnavailable(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def model_at(
    content_dir: Path,
    rev: str,
    edition: str = "internal",
    hidden: frozenset[Key] = frozenset(),
    only: set[str] | None = None,
) -> dict[Key, dict[str, Any]]:
    """The playbook at ``rev`` as plain data per entity (entities that do not validate: as written).

    ``only`` limits the reading to these files (paths from the repository's top, as git lists
    them), which keeps a comparison of two neighbouring commits quick in a large playbook. In the
    public edition, ``hidden`` entities are left out too, with every reference to them.
    """
    top, inside = locate(content_dir)
    git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")  # raises for an unknown revision
    files = [
        f
        for f in git(top, "ls-tree", "-r", "--name-only", rev, "--", inside).decode().splitlines()
        if only is None or f in only
    ]
    return model_of_files(top, inside, rev, files, edition, hidden)


def model_of_files(
    top: Path, inside: str, rev: str, files: list[str], edition: str = "internal", hidden: frozenset[Key] = frozenset()
) -> dict[Key, dict[str, Any]]:
    """``model_at`` for files known to exist at ``rev`` (paths from the repository's top)."""
    with tempfile.TemporaryDirectory(prefix="playbook-rev-") as tmp:
        if files:
            archive = git(top, "archive", "--format=tar", rev, "--", *files)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tmp, filter="data")
        (Path(tmp) / inside).mkdir(parents=True, exist_ok=True)
        documents, _ = load_content(Path(tmp) / inside, Path(tmp))
    validated, _ = validate_documents(documents)
    raw = {(d.collection, d.id): d.data for d in documents if isinstance(d.data, dict)}
    if edition == "public":
        # Entities internal at this revision, including those whose files were not read.
        hidden = hidden | internal_at(top, rev, inside)
        validated = public_edition(validated, hidden)
        raw = {k: v for k, v in raw.items() if v.get("visibility") != "internal" and k not in hidden}
    model = {key: dict(value) for key, value in raw.items()}  # fallback: as written
    for collection, by_id in validated.entities.items():
        for entity_id, entity in by_id.items():
            model[(collection, entity_id)] = entity.model_dump(mode="json", by_alias=True)
    return model


def touched_files(top: Path, inside: str, commit: str, parent: str | None) -> tuple[list[str], list[str]]:
    """The content files a commit touched: (those that existed before it, those that exist after it).

    One ``git diff`` answers both, so comparing a commit with its parent reads only those files,
    without listing the whole tree at either revision (quick in a large playbook).
    """
    if parent is None:  # the first commit: everything is new
        return [], git(top, "ls-tree", "-r", "--name-only", commit, "--", inside).decode().splitlines()
    fields = git(top, "diff", "--name-status", "--no-renames", "-z", parent, commit, "--", inside).decode()
    pairs = fields.split("\0")
    before: list[str] = []
    after: list[str] = []
    for status, path in zip(pairs[0::2], pairs[1::2]):
        if not status.startswith("A"):
            before.append(path)
        if not status.startswith("D"):
            after.append(path)
    return before, after


def locate(content_dir: Path) -> tuple[Path, str]:
    """The repository's top folder, and the content folder's path inside it."""
    content_dir = content_dir.resolve()
    top = Path(git(content_dir.parent, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    return top, content_dir.relative_to(top).as_posix()


def internal_at(top: Path, rev: str, inside: str) -> frozenset[Key]:
    """Entities whose file says ``visibility: internal`` at the top level (a key in column 1)."""
    result = subprocess.run(
        ["git", "grep", "-l", "-E", "^visibility:[[:space:]]*[\"']?internal", rev, "--", inside],
        cwd=top,
        capture_output=True,
        timeout=60,
        check=False,
    )
    keys = set()
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        path = line.split(":", 1)[1] if line.startswith(f"{rev}:") else line
        key = entity_key(path, inside)
        if key is not None:
            keys.add(key)
    return frozenset(keys)


def entity_key(path: str, inside: str) -> Key | None:
    """(collection, id) of a content file path, as git lists it; None for other files."""
    parts = Path(path).relative_to(inside).parts if path.startswith(inside + "/") else ()
    if len(parts) == 1 and parts[0].endswith((".yml", ".yaml")):
        stem = Path(parts[0]).stem
        return (stem, stem) if stem in COLLECTIONS and COLLECTIONS[stem].single else None
    if len(parts) == 2 and parts[1].endswith((".yml", ".yaml")) and parts[0] in COLLECTIONS:
        return (parts[0], Path(parts[1]).stem)
    return None


def diff_models(old: dict[Key, dict[str, Any]], new: dict[Key, dict[str, Any]]) -> Diff:
    """Added, removed and changed entities, each list in collection then id order."""
    order = {name: i for i, name in enumerate(COLLECTIONS)}

    def ordered(keys: set[Key]) -> list[Key]:
        return sorted(keys, key=lambda k: (order.get(k[0], 99), k[1]))

    diff = Diff([], [], [])
    for key in ordered(set(new) - set(old)):
        diff.added.append(EntityChange(key, _title(key, new[key])))
    for key in ordered(set(old) - set(new)):
        diff.removed.append(EntityChange(key, _title(key, old[key])))
    for key in ordered(set(old) & set(new)):
        lines = _compare(old[key], new[key], "")
        if lines:
            diff.changed.append(EntityChange(key, _title(key, new[key]), lines))
    return diff


def _title(key: Key, data: dict[str, Any]) -> str:
    name = data.get("name")
    return str(name) if isinstance(name, str) and name else key[1]


def _compare(old: Any, new: Any, path: str) -> list[str]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        keys = list(new) + [k for k in old if k not in new]
        return [line for k in keys for line in _compare(old.get(k), new.get(k), f"{path}.{k}" if path else k)]
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(old, new, path)
    if old is None:
        return [f"`{path}` set to {_show(new)}"]
    if new is None:
        return [f"`{path}` removed (was {_show(old)})"]
    return [f"`{path}`: {_show(old)} → {_show(new)}"]


def _item_key(item: Any) -> Any:
    if isinstance(item, dict):
        for name in ITEM_KEYS:
            if name in item:
                return (name, str(item[name]))
        return None
    return ("value", str(item))


def _compare_lists(old: list[Any], new: list[Any], path: str) -> list[str]:
    old_keys, new_keys = [_item_key(i) for i in old], [_item_key(i) for i in new]
    matchable = None not in old_keys + new_keys and len(set(old_keys)) == len(old) and len(set(new_keys)) == len(new)
    if not matchable:  # items without names: compare position by position
        lines = [line for i, (a, b) in enumerate(zip(old, new)) for line in _compare(a, b, f"{path}[{i}]")]
        lines += [f"`{path}`: added {_show(item)}" for item in new[len(old) :]]
        lines += [f"`{path}`: removed {_show(item)}" for item in old[len(new) :]]
        return lines
    by_old = dict(zip(old_keys, old))
    lines = []
    for key, item in zip(new_keys, new):
        if key not in by_old:
            lines.append(f"`{path}`: added {_show(item)}")
        elif isinstance(item, dict):
            lines += _compare(by_old[key], item, f"{path}[{key[1]}]")
    lines += [f"`{path}`: removed {_show(item)}" for key, item in zip(old_keys, old) if key not in set(new_keys)]
    if not lines and old_keys != new_keys:
        lines.append(f"`{path}`: reordered")
    return lines


def _show(value: Any, limit: int = 90) -> str:
    """A value as a short quotation; raw HTML is made inert, as everywhere on the site."""
    if isinstance(value, dict):
        key = _item_key(value)
        value = key[1] if key else ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("`", "'")
    return f"“{text}”"


def markdown(
    diff: Diff, heading: str, *, level: int = 1, pages: dict[Key, str] | None = None, from_page: str = ""
) -> str:
    """The diff as Markdown; entity names link to their pages when ``pages`` says where they are."""
    from .render import relative_url

    def name(change: EntityChange, linked: bool) -> str:
        title = _show(change.title, 200)[1:-1].replace("[", "\\[").replace("]", "\\]")
        page = (pages or {}).get(change.key)
        label = f"[{title}]({relative_url(from_page, page)})" if linked and page else f"**{title}**"
        return f"{NOUN.get(change.key[0], change.key[0]).capitalize()} {label}"

    h = "#" * level
    out = [f"{h} {heading}", ""]
    if not diff:
        return "\n".join([*out, "No changes to the playbook content.", ""])
    counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed."
    out += [counts, ""]
    for title, changes, linked in (
        ("Added", diff.added, True),
        ("Removed", diff.removed, False),
        ("Changed", diff.changed, True),
    ):
        if not changes:
            continue
        out += [f"{h}# {title}", ""]
        for change in changes:
            out.append(f"- {name(change, linked)}")
            out += [f"    - {line}" for line in change.fields]
        out.append("")
    return "\n".join(out)


@click.command("changes")
@click.option("--since", required=True, help="The git revision to compare from: a tag, branch or commit.")
@click.option("--to", "until", default="HEAD", show_default=True, help="The git revision to compare to.")
@click.option("--root", default=".", show_default=True, help="Project folder holding content/.")
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default="internal",
    show_default=True,
    help="'public' compares only what the public edition shows.",
)
def changes_command(since: str, until: str, root: str, edition: str) -> None:
    """List the entities and fields added, removed or changed between two revisions, as Markdown."""
    from .pipeline import Project

    content_dir = Project.at(Path(root)).content_dir
    try:
        new = model_at(content_dir, until, edition)
        # What is internal now stays unnamed, even where it was public before ("removed").
        internal_now = frozenset(model_at(content_dir, until) if edition == "public" else ()) - set(new)
        diff = diff_models(model_at(content_dir, since, edition, internal_now), new)
    except HistoryUnavailable as exc:
        click.echo(f"Cannot compare {since} with {until}: {exc}", err=True)
        sys.exit(1)
    click.echo(markdown(diff, f"Playbook changes from {since} to {until}"), nl=False)
