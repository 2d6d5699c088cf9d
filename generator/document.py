"""A content file as data, remembering where each value and key sits in the file.

Positions are looked up in the YAML node tree only when a message needs one: recording the line
and column of every value up front cost more than parsing the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, format_path

Loc = tuple[str | int, ...]
STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Document:
    """One content file: its data, and where each value and key sits in the file."""

    collection: str
    id: str
    file: str  # as shown to the user: relative to the project root, with forward slashes
    source: Path | None = None  # where to read it from
    data: Any = None
    node: yaml.Node | None = None  # the file's node tree, kept for positions
    # Source text of unquoted scalars that YAML turned into something other than text.
    plain_scalars: dict[Loc, str] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Where ``loc`` is, or the nearest enclosing value that exists in the file."""
        path = self._path(loc)
        if not path:
            return Position(1, 1)
        key_node, node = path[-1]
        if key and len(path) == len(loc) + 1 and key_node is not None:
            node = key_node
        return Position(node.start_mark.line + 1, node.start_mark.column + 1)

    def written(self, loc: Loc) -> bool:
        """Whether ``loc`` is in the file (rather than taking a default)."""
        return len(self._path(loc)) == len(loc) + 1

    def _path(self, loc: Loc) -> list[tuple[yaml.Node | None, yaml.Node]]:
        """(key node, value node) from the top of the file down ``loc``, as far as the file has it."""
        if self.node is None:
            return []
        path: list[tuple[yaml.Node | None, yaml.Node]] = [(None, self.node)]
        for part in loc:
            found = _child(path[-1][1], part)
            if found is None:
                break
            path.append(found)
        return path

    def problem(self, loc: Loc, message: str, *, key: bool = False, where: str | None = None) -> Problem:
        pos = self.position(loc, key=key)
        return Problem(self.file, pos.line, pos.column, format_path(loc) if where is None else where, message)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(key node, value node) of ``part`` in a mapping, (None, item) in a sequence, as the walker read it."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:  # the first one: a repeated key is an error
            if is_field_name(key_node) and str(key_node.value) == part:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def is_field_name(key_node: yaml.Node) -> bool:
    return isinstance(key_node, yaml.ScalarNode) and key_node.tag in STANDARD_TAGS
