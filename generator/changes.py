"""What changed in the playbook between two git revisions: a diff of the model, not of the text.

Each revision's ``content/`` is read straight from git (``git archive``, nothing is checked out) and
goes through the normal loader and validator, so a moved line or a reformatted list is no change,
while "exit criterion added to Discovery" is. Entities are matched by collection and id; fields are
compared value by value, list items by their name (or position when they have none).

The public edition compares public editions: nothing internal is listed, and commit messages
(which may name internal work) are left out of the site's "What's new" page in that edition.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .edition import EDITIONS, public_edition
from .history import HistoryUnavailable, Key, git, internal_at, locate, read_blobs
from .load import load_content
from .models import COLLECTIONS
from .validate import SINGULAR, validate_documents

__all__ = ["HistoryUnavailable", "Key", "diff_models", "markdown", "model_at", "model_of_files"]

NOUN = {**SINGULAR, "philosophy": "philosophy", "strategy": "strategy"}
# List items are matched across revisions by the first of these fields they have.
ITEM_KEYS = ("name", "guideline", "what", "role", "tenure", "rating", "text")


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
    blobs = read_blobs(top, [(rev, f) for f in files])
    return model_of_files(top, inside, rev, {path: data for (_, path), data in blobs.items()}, edition, hidden)


def model_of_files(
    top: Path,
    inside: str,
    rev: str,
    files: dict[str, bytes],
    edition: str = "internal",
    hidden: frozenset[Key] = frozenset(),
) -> dict[Key, dict[str, Any]]:
    """``model_at`` from files of ``rev`` already read (path from the repository's top → bytes).

    The files are written to a scratch folder and read with the normal loader, so that exactly the
    rules of a build apply (which files are content, ids, limits).
    """
    with tempfile.TemporaryDirectory(prefix="playbook-rev-") as tmp:
        for path, data in files.items():
            target = Path(tmp, *path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (Path(tmp) / inside).mkdir(parents=True, exist_ok=True)
        documents, _ = load_content(Path(tmp) / inside, Path(tmp), reuse=False)
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
