"""Read content files into plain data that remembers where every value came from.

YAML is parsed safely (libyaml's C parser when present) into a node tree, and the tree is turned
into Python values by our own walk. Walking the nodes ourselves lets us

* keep the node tree, in which ``Document.position`` finds the line and column of any key or value
  when a ``file:line:col`` message needs it (``document.py``);
* reject duplicate keys at any depth, Python tags and other custom tags;
* remember the source text of unquoted scalars that YAML 1.1 would turn into a boolean, number or
  time, so a text field holding ``NO`` can be reported with its fix instead of silently changed;
* bound the work done on hostile input (alias bombs, absurd nesting).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

from generator.content.discover import Layout, discover
from generator.content.document import STANDARD_TAGS, Document, Loc, Position, Spot, is_field_name
from generator.content.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    check_shape,
    too_big,
)
from generator.errors import Problem, format_path

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

YAML_LOADER = SafeLoader.__name__

STR_TAG = "tag:yaml.org,2002:str"
_constructor = yaml.constructor.SafeConstructor()


class _TooBig(Exception):
    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.mark = node.start_mark


class _Walker:
    """Turns a YAML node tree into Python values, recording positions and problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0

    def _here(self, node: yaml.Node, message: str, where: Loc) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.file, mark.line + 1, mark.column + 1, format_path(where), message))

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(f"more than {MAX_VALUES} values (are aliases (*name) expanding it?)", node)
        start, end = node.start_mark, node.end_mark
        self.doc.values[loc] = Spot(start.line + 1, start.column + 1, getattr(node, "style", None), end.line + 1)
        tag = node.tag
        if tag == STR_TAG and type(node) is yaml.ScalarNode:
            return node.value  # text is most of a playbook: take it as written
        collection = isinstance(node, yaml.CollectionNode)
        if collection and depth >= MAX_DEPTH:  # same rule as check_shape
            raise _TooBig(f"nested more than {MAX_DEPTH} levels deep", node)
        if tag not in STANDARD_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!", 1)  # as it was written
            self._here(node, f"the YAML tag '{shown}' is not allowed: content is plain data", loc)
            return None
        if collection:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc, depth)
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            value = _constructor.construct_object(node)
        except ValueError:  # the only way a plain scalar fails: a date with no such day
            self._here(
                node,
                f"YAML reads {node.value} as a date, but there is no such day: write a real date "
                "(YYYY-MM-DD), or put it in quotes if it is text",
                loc,
            )
            return None
        if not getattr(node, "style", None) and node.value != "":
            self.doc.plain_scalars[loc] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._here(key_node, "merge keys ('<<') are not supported: write the fields out", loc)
                continue
            if not is_field_name(key_node):
                self._here(key_node, "a key must be a plain name, like 'goal'", loc)
                continue
            # Keys are field names: use the text as written, so `on:` or `no:` stays a name.
            key = str(key_node.value)
            if key in first_seen:
                key_loc = (*loc, key)
                self._here(key_node, f"duplicate key '{key}' (first used on line {first_seen[key]})", key_loc)
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.doc.keys[(*loc, key)] = Position(first_seen[key], key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result


def _decode(raw: bytes, doc: Document) -> tuple[str | None, Problem | None]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}): save it as UTF-8"
        return None, Problem(doc.file, line, column, "", message)
    return text, None


def parse_document(raw: bytes, doc: Document) -> list[Problem]:
    """Fill ``doc.data`` from the file's bytes; return the problems found (data stays None on failure)."""
    if len(raw) > MAX_FILE_BYTES:
        return [Problem(doc.file, 1, 1, "", too_big(len(raw)))]
    text, problem = _decode(raw, doc)
    if problem or text is None:
        return [problem] if problem else []
    try:
        # libyaml's composer recurses once per nesting level and crashes the interpreter on a few
        # thousand: measure depth and alias expansion on the flat event stream first.
        limit = check_shape(text)
        if limit is not None:
            return [Problem(doc.file, *limit)]
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark is not None and "maximum nesting depth" in str(exc.problem):
            # Newer libyaml stops at a thousand levels while it looks ahead, before the event stream
            # reaches our own, lower limit: measure the text up to that point to find where it is.
            return [Problem(doc.file, *(_depth_limit(text[: mark.index]) or (line, column, "", _TOO_DEEP)))]
        lines = text.split("\n")
        if line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
            return [Problem(doc.file, line, column, "", "a tab character is used for indentation: YAML needs spaces")]
        return [Problem(doc.file, line, column, "", yaml_message(exc))]
    except yaml.reader.ReaderError as exc:
        # A control character (NUL, form feed from a copy-paste...): point at it.
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        message = f"the file contains a control character (#x{code:04x}) that YAML does not allow: delete it"
        return [Problem(doc.file, line, column, "", message)]
    except (yaml.YAMLError, RecursionError) as exc:
        return [Problem(doc.file, 1, 1, "", f"cannot read this YAML: {exc}")]
    if node is None:
        return [
            Problem(doc.file, 1, 1, "", "the file is empty: it needs the fields of a " + doc.collection.rstrip("s"))
        ]
    walker = _Walker(doc)
    try:
        data = walker.build(node, (), 0)
    except _TooBig as exc:
        return [Problem(doc.file, exc.mark.line + 1, exc.mark.column + 1, "", f"the file is too complex: {exc}")]
    if walker.problems:
        return walker.problems
    doc.lines = text.split("\n")
    if not isinstance(data, dict):
        return [doc.problem((), f"expected fields (name: value) at the top of the file, got {kind_of(data)}")]
    doc.data = data
    return []


_TOO_DEEP = f"the file is too complex: nested more than {MAX_DEPTH} levels deep"


def _depth_limit(text: str) -> tuple[int, int, str, str] | None:
    try:
        return check_shape(text)
    except yaml.YAMLError:
        return None


def yaml_message(exc: yaml.MarkedYAMLError) -> str:
    """A YAML parser error in plain words, with the usual fix where we know it."""
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "tab character" in problem or "'\\t'" in problem or "\\t" in problem:
        return "a tab character is used for indentation: YAML needs spaces"
    if "mapping values are not allowed" in problem:
        return "YAML syntax error: unexpected ':' (put text containing ': ' in quotes)"
    if "expected a single document" in problem or "but found another document" in problem:
        return "more than one YAML document ('---') in the file: keep one entity per file"
    context, start, end = exc.context, exc.context_mark, exc.problem_mark
    if context and start and "duplicate anchor" in context:
        return (
            f"an anchor (&name) is defined twice, first at line {start.line + 1}, column {start.column + 1}: "
            "give each its own name"
        )
    if context and start and end and start.line != end.line:
        # An unclosed bracket or quote is found lines later: say where it was opened.
        return (
            f"YAML syntax error: {problem} ({context} that starts at line {start.line + 1}, column {start.column + 1})"
        )
    return f"YAML syntax error: {problem}"


def kind_of(value: Any) -> str:
    """How a value reads to someone who wrote it in YAML."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "fields (name: value)"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__} ({value})"


# The files parsed by the last load, by name and content: a live-preview rebuild after one save
# re-parses one file, not a thousand. Only the current files are kept, so memory stays bounded.
_parsed: dict[tuple[str, str, str, str, bytes], tuple[Document, list[Problem]]] = {}


def load_content(
    content_dir: Path, root: Path, layout: Layout, *, reuse: bool = True
) -> tuple[list[Document], list[Problem]]:
    """Read every content file. Documents that could not be read have ``data`` None.

    ``reuse``: keep what this load parsed for the next one (the live preview's project); a one-off
    read, such as a past revision for What's new, passes False and leaves the kept files alone.
    """
    global _parsed
    docs, problems = discover(content_dir, root, layout)
    parsed: dict[tuple[str, str, str, str, bytes], tuple[Document, list[Problem]]] = {}
    for i, doc in enumerate(docs):
        if doc.source is None:  # refused by discover (a link out, a pipe): never read
            continue
        with open(doc.source, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_FILE_BYTES:  # refused on its size alone, without reading it into memory
                problems.append(Problem(doc.file, 1, 1, "", too_big(size)))
                continue
            raw = stream.read(MAX_FILE_BYTES + 1)
        key = (str(doc.source), doc.file, doc.collection, doc.id, hashlib.blake2b(raw, digest_size=16).digest())
        if key in _parsed:
            docs[i], found = _parsed[key]  # the same text parses to the same data: nobody mutates it
        else:
            found = parse_document(raw, doc)
        parsed[key] = (docs[i], found)
        problems += found
    if reuse:
        _parsed = parsed
    return docs, problems
