"""What changed in the playbook between two git revisions: a diff of the model, not of the text.

Each revision's ``content/`` is read straight from git (``git cat-file``, nothing is checked out) and
goes through the normal loader and validator, so a moved line or a reformatted list is no change,
while "exit criterion added to Discovery" is. Entities are matched by collection and id; fields are
compared value by value, list items by their name (or position when they have none).

The public edition compares public editions: nothing internal is listed, and commit messages
(which may name internal work) are left out of the site's "What's new" page in that edition.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.load import load_content
from generator.history.git import Key, git, internal_at, locate, read_blobs
from generator.model.collections import COLLECTIONS, LAYOUT
from generator.model.validate import validate_files
from generator.model.validated import Validated
from generator.site.edition import is_internal, public_edition
from generator.site.markdown import literal, plain_text
from generator.site.urls import relative_url

NOUN = {name: c.noun for name, c in COLLECTIONS.items()}
# List items are matched across revisions by the first of these fields they have.
ITEM_KEYS = ("name", "guideline", "what", "role", "roles", "tenure", "rating", "text")


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


@dataclass(frozen=True)
class Withheld:
    """What the current content keeps out of the public edition, to keep it out of older revisions too.

    Visibility is judged by the content as it is now: an entity or a list item that is internal now
    is never listed, even where an older revision had it public.
    """

    entities: frozenset[Key] = frozenset()
    # (collection, id) → {field path without indexes → keys of the items that are internal now}
    items: dict[Key, dict[str, frozenset[Any]]] = field(default_factory=dict)


def withheld_now(validated: Validated) -> Withheld:
    """What is internal in the current, validated content."""
    entities = set()
    items: dict[Key, dict[str, frozenset[Any]]] = {}
    for collection, by_id in validated.entities.items():
        for entity_id, entity in by_id.items():
            if is_internal(entity):
                entities.add((collection, entity_id))
                continue
            found: dict[str, set[Any]] = {}
            _internal_items(entity.model_dump(mode="json", by_alias=True), "", found)
            if found:
                items[(collection, entity_id)] = {path: frozenset(keys) for path, keys in found.items()}
    return Withheld(frozenset(entities), items)


def _internal_items(value: Any, path: str, found: dict[str, set[Any]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _internal_items(inner, f"{path}.{key}" if path else key, found)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item.get("visibility") == "internal":
                found.setdefault(path, set()).add(_item_key(item))
            else:
                _internal_items(item, path, found)


def _without_withheld(value: Any, path: str, internal: dict[str, frozenset[Any]]) -> Any:
    """``value`` without the list items that are internal now (matched by their key)."""
    if isinstance(value, dict):
        return {k: _without_withheld(v, f"{path}.{k}" if path else k, internal) for k, v in value.items()}
    if isinstance(value, list):
        hidden = internal.get(path, frozenset())
        return [_without_withheld(i, path, internal) for i in value if _item_key(i) not in hidden]
    return value


def model_at(
    content_dir: Path, rev: str, edition: str = "internal", withheld: Withheld | None = None
) -> dict[Key, dict[str, Any]] | None:
    """The playbook at ``rev`` as plain data per entity (see ``model_of_files``)."""
    top, inside = locate(content_dir)
    git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")  # raises for an unknown revision
    files = git(top, "ls-tree", "-r", "--name-only", rev, "--", inside).decode().splitlines()
    blobs = read_blobs(top, [(rev, f) for f in files])
    return model_of_files(top, inside, rev, {path: data for (_, path), data in blobs.items()}, edition, withheld)


def model_of_files(
    top: Path,
    inside: str,
    rev: str,
    files: dict[str, bytes],
    edition: str = "internal",
    withheld: Withheld | None = None,
) -> dict[Key, dict[str, Any]] | None:
    """The entities in ``files`` of ``rev`` (path from the repository's top → bytes) as plain data.

    The files are written to a scratch folder and read with the normal loader, so that exactly the
    rules of a build apply. In the internal edition an entity that does not validate is shown as
    written. In the public edition nothing internal then or now is shown, and a revision whose
    files do not load and validate is treated as wholly internal: the answer is None.
    """
    with tempfile.TemporaryDirectory(prefix="playbook-rev-") as tmp:
        for path, data in files.items():
            target = Path(tmp, *path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (Path(tmp) / inside).mkdir(parents=True, exist_ok=True)
        documents, problems = load_content(Path(tmp) / inside, Path(tmp), LAYOUT, reuse=False)
    validated, more = validate_files(documents)
    if edition == "public":
        if problems or more:
            return None
        withheld = withheld or Withheld()
        # Entities internal at this revision, including those whose files were not read, or now.
        hidden = withheld.entities | internal_at(top, rev, inside)
        validated = public_edition(validated, hidden)
    model: dict[Key, dict[str, Any]] = {}
    if edition != "public":  # as written, for what does not validate
        model = {(d.collection, d.id): dict(d.data) for d in documents if isinstance(d.data, dict)}
    for collection, by_id in validated.entities.items():
        for entity_id, entity in by_id.items():
            dumped: dict[str, Any] = entity.model_dump(mode="json", by_alias=True)
            if edition == "public" and withheld is not None and (collection, entity_id) in withheld.items:
                dumped = _without_withheld(dumped, "", withheld.items[(collection, entity_id)])
            model[(collection, entity_id)] = dumped
    return model


def diff_models(
    old: dict[Key, dict[str, Any]], new: dict[Key, dict[str, Any]], withheld: Withheld | None = None
) -> Diff:
    """Added, removed and changed entities, each list in collection then id order.

    ``withheld`` (the public edition): a field that holds internal items now is named when it
    changed, never quoted, since an older wording of an internal item is internal too.
    """
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
        quiet = withheld.items.get(key, {}) if withheld is not None else {}
        if quiet:
            named = {path for path in quiet if _at(old[key], path) != _at(new[key], path)}
            lines = [line for line in lines if not any(line.startswith((f"`{q}`", f"`{q}[")) for q in quiet)]
            lines += [f"`{path}` changed" for path in sorted(named)]
        if lines:
            diff.changed.append(EntityChange(key, _title(key, new[key]), lines))
    return diff


def _at(data: Any, path: str) -> Any:
    """The value at a dotted field path (lists of parts: every item's value there)."""
    for part in path.split("."):
        if isinstance(data, list):
            data = [item.get(part) if isinstance(item, dict) else None for item in data]
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


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
    """What matches a list item across revisions: its name (or another identifying field), or its
    text; a line written as fields (text and visibility) matches the same line written as text."""
    if isinstance(item, dict):
        if set(item) <= {"text", "visibility"} and "text" in item:
            return ("value", str(item["text"]))
        for name in ITEM_KEYS:
            value = item.get(name)
            if value is None or value == []:
                continue  # a field left out (``role`` when the activity names ``roles``) identifies nothing
            return (name, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
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
    text = plain_text(" ".join(str(value).split()))
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{literal(text)}”"


def markdown(
    diff: Diff, heading: str, *, level: int = 1, pages: dict[Key, str] | None = None, from_page: str = ""
) -> str:
    """The diff as Markdown; entity names link to their pages when ``pages`` says where they are."""

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
