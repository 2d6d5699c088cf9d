"""Limits that keep hostile content cheap to refuse: size, nesting depth, alias expansion, and
files that are not plain files inside the content folder.

libyaml's composer recurses once per nesting level and crashes the interpreter (a segfault, not
an exception) at a few tens of thousands of levels, and YAML aliases can make a 1 KiB file stand for
billions of values. Both are measured here on the flat event stream before anything is composed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40
MAX_VALUES = 50_000


def too_big(size: int) -> str:
    return f"the file is {size // 1024} KiB, over the {MAX_FILE_BYTES // 1024} KiB limit: split it"


def check_shape(text: str) -> tuple[int, int, str, str] | None:
    """(line, column, "", message) for nesting deeper than MAX_DEPTH or aliases expanding past
    MAX_VALUES, at the spot; None if the file is within the limits.

    libyaml's parser is a flat state machine, so walking its events costs memory proportional to
    the nesting depth only; anchors are sized as they close, so a "billion laughs" file is refused
    at the first alias that would take it over the limit, without ever being expanded.
    """
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []  # (anchor, values so far) per open collection
    total = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        added = 0
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                return _at(event, f"the file is too complex: nested more than {MAX_DEPTH} levels deep")
            stack.append((event.anchor, 1))
            total += 1
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
            added = size
        elif isinstance(event, yaml.ScalarEvent):
            added = 1
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in stack):
                return _at(
                    event,
                    f"the alias *{event.anchor} is inside its own anchor &{event.anchor}: "
                    "a value cannot contain itself",
                )
            added = sizes.get(event.anchor or "", 1)
            total += added
            if total > MAX_VALUES:
                return _at(
                    event,
                    f"the file is too complex: the alias *{event.anchor} expands it past "
                    f"{MAX_VALUES} values: write the values out instead",
                )
        if stack:
            anchor, size = stack[-1]
            stack[-1] = (anchor, size + added)
    return None


def _at(event: yaml.Event, message: str) -> tuple[int, int, str, str]:
    mark = event.start_mark
    if mark is None:
        return 1, 1, "", message
    return mark.line + 1, mark.column + 1, "", message


def not_content(path: Path, content_dir: Path) -> str | None:
    """Why ``path`` must not be read as a content file, or None.

    A device or a pipe would never finish reading; a link out of the content folder would publish
    (or quote in messages) a file that is not content, such as a key in the CI runner's home.
    """
    if path.is_dir():
        return f"'{path.name}' is a folder, not a content file: remove it"
    if not path.is_file():
        return f"'{path.name}' is not a regular file: replace it with a text file"
    if not path.resolve().is_relative_to(content_dir.resolve()):
        return f"'{path.name}' links to a file outside the content folder: copy the file in instead"
    return None
