"""A content file as data, remembering where each value and key sits in the file.

The loader records the line and column of every value and key as it reads the file (``load.py``),
so a message can point at the exact spot, or at the nearest enclosing one when a value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, format_path

Loc = tuple[str | int, ...]
STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class Spot:
    """Where a value starts, how it is written (YAML's scalar style) and the line it ends on."""

    line: int
    column: int
    style: str | None = None
    end_line: int = 0


@dataclass
class Document:
    """One content file: its data, and where each value and key sits in the file."""

    collection: str
    id: str
    file: str  # as shown to the user: relative to the project root, with forward slashes
    source: Path | None = None  # where to read it from
    data: Any = None
    values: dict[Loc, Spot] = field(default_factory=dict)  # where each value starts
    keys: dict[Loc, Position] = field(default_factory=dict)  # where the key of each field is
    # Source text of unquoted scalars that YAML turned into something other than text.
    plain_scalars: dict[Loc, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # the file's lines, to place a spot inside a text

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Where ``loc`` is, or the nearest enclosing value that exists in the file."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc and loc not in self.values:
            loc = loc[:-1]
        spot = self.values.get(loc)
        return Position(spot.line, spot.column) if spot else Position(1, 1)

    def written(self, loc: Loc) -> bool:
        """Whether ``loc`` is in the file (rather than taking a default)."""
        return loc in self.values

    def text_position(self, loc: Loc, offset: int, value: str) -> Position:
        """Where character ``offset`` of the text value at ``loc`` is in the file.

        Exact for text on one line (plain or quoted) and for literal blocks (``|``); for text folded
        over several lines, the start of the value.
        """
        spot = self.values.get(loc)
        start = self.position(loc)
        if spot is None:
            return start
        before = value[:offset]
        if spot.style in (None, "", '"', "'") and spot.line == spot.end_line:
            return Position(start.line, start.column + offset + (1 if spot.style else 0))
        if spot.style == "|" and self.lines:
            line = start.line + 1 + before.count("\n")
            if line <= len(self.lines):
                source = self.lines[line - 1]
                indent = len(source) - len(source.lstrip(" "))
                return Position(line, indent + len(before) - (before.rfind("\n") + 1) + 1)
        return start

    def problem(self, loc: Loc, message: str, *, key: bool = False, where: str | None = None) -> Problem:
        pos = self.position(loc, key=key)
        return Problem(self.file, pos.line, pos.column, format_path(loc) if where is None else where, message)


def is_field_name(key_node: Any) -> bool:
    return isinstance(key_node, yaml.ScalarNode) and key_node.tag in STANDARD_TAGS
