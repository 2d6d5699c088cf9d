"""``playbook new KIND ID --from EXISTING``: which file may be copied, and its text.

The copy is written into ``content/``, where it is committed and published, so what it copies from
must already be content of the same collection: an entity id (``close``), or the path of a file in
that collection's folder (``content/stages/close.yml``). A path anywhere else (``../..``, an absolute
path, another collection's folder) and a file that is a link out of the folder are refused, naming
what was given, before anything is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.discover import ID_PATTERN, ignored, is_yaml
from generator.content.limits import MAX_FILE_BYTES, not_content, too_big
from generator.errors import printable, suggest
from generator.model.collections import COLLECTIONS, Collection


class CopyRefused(Exception):
    """``--from`` names something that is not an entity of the collection; the message says what."""


def copy_text(content_dir: Path, collection: Collection, given: str) -> str:
    """The text of the entity ``given`` names (an id, or a file in the collection's folder)."""
    source = _source(content_dir, collection, given)
    shown = _shown(source, content_dir)
    if source.stat().st_size > MAX_FILE_BYTES:
        raise CopyRefused(f"--from {_quoted(given)}: {shown}: {too_big(source.stat().st_size)}")
    try:
        return source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CopyRefused(
            f"--from {_quoted(given)}: {shown} is not UTF-8 text: save it as UTF-8 (`playbook validate` says where)"
        ) from None


def _source(content_dir: Path, collection: Collection, given: str) -> Path:
    folder = content_dir / collection.name
    if collection.single:
        raise CopyRefused(f"{collection.name} is a single page: there is no other {collection.noun} to copy")
    if re.match(ID_PATTERN, given):
        for suffix in (".yml", ".yaml"):
            candidate = folder / f"{given}{suffix}"
            if candidate.exists() or candidate.is_symlink():
                return _checked(candidate, content_dir, folder, given)
        raise CopyRefused(_unknown(content_dir, collection, given))
    path = Path(given)
    if not path.is_absolute() and "/" not in given and "\\" not in given and not is_yaml(given):
        raise CopyRefused(_unknown(content_dir, collection, given))
    # A path (from the current folder, or from the project's): it must name a file directly in the
    # collection's folder. Folders are compared resolved; the file itself is checked below, so a link
    # out of the folder is refused too.
    inside = folder.resolve() in (path.parent.resolve(), (content_dir.parent / path).parent.resolve())
    if not inside or not is_yaml(path.name) or ignored(path.name):
        raise CopyRefused(
            f"--from {_quoted(given)} is not a {collection.noun} of this playbook: give the id of a "
            f"{collection.noun}, or a file in {_shown(folder, content_dir)}/"
        )
    candidate = folder / path.name
    if not candidate.exists() and not candidate.is_symlink():
        raise CopyRefused(_unknown(content_dir, collection, path.name.rsplit(".", 1)[0]))
    return _checked(candidate, content_dir, folder, given)


def _checked(path: Path, content_dir: Path, folder: Path, given: str) -> Path:
    """``path`` if it is a regular file that resolves inside the collection's folder."""
    refusal = not_content(path, content_dir)
    if refusal is None and not path.resolve().is_relative_to(folder.resolve()):
        refusal = f"'{path.name}' links to a file outside {_shown(folder, content_dir)}/: copy from the file itself"
    if refusal:
        raise CopyRefused(f"--from {_quoted(given)}: {refusal}")
    return path


def _unknown(content_dir: Path, collection: Collection, given: str) -> str:
    message = f"there is no {collection.noun} {_quoted(given)} to copy"
    elsewhere = [
        other.noun
        for other in COLLECTIONS.values()
        if other is not collection and not other.single and _ids(content_dir / other.name) & {given}
    ]
    if elsewhere:
        return f"{message}: '{given}' is a {elsewhere[0]}; --from copies a {collection.noun}"
    hint = suggest(given, _ids(content_dir / collection.name))
    return message + (f": {hint}" if hint else "")


def _ids(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.name.rsplit(".", 1)[0] for p in folder.iterdir() if is_yaml(p.name) and not ignored(p.name)}


def _shown(path: Path, content_dir: Path) -> str:
    root = content_dir.parent
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _quoted(given: str) -> str:
    return f"'{printable(given)}'"
