"""Problems found in content, reported compiler-style: ``file:line:col: field: message``.

Every phase collects all the problems it can find and raises one :class:`ContentError` holding
them, so an editor sees everything wrong in one run instead of fixing one typo at a time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at one place in one file."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return printable(f"{self.file}:{self.line}:{self.column}:{where} {self.message}")


# Control characters (terminal escapes, line breaks, DEL and the C1 controls) and bidirectional
# overrides that a file name, a quoted YAML key or a value can carry to a terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``, ``\\u009b``), so a
    terminal prints it instead of obeying it, and one line stays one honest line.

    C0 controls read as ``\\xNN``, the others as ``\\uNNNN``: in JSON text (where C0 controls are
    escaped already) that is a valid escape of the same character, so JSON output stays exact."""
    return _UNPRINTABLE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x20 else f"\\u{ord(m.group()):04x}", text
    )


class ContentError(Exception):
    """The content cannot be turned into a playbook; ``problems`` says why, all at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{self}\n{count} {noun} found in the playbook content."


def format_path(loc: Iterable[str | int]) -> str:
    """``('exit_criteria', 2)`` → ``exit_criteria[2]``; ``('icp', 'criteria', 0)`` → ``icp.criteria[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def suggest(word: str, choices: Iterable[str], *, many: bool = False) -> str:
    """A "did you mean" hint, or the closest valid names when ``many`` is set; empty if none is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=5 if many else 1, cutoff=0.6)
    if close and not many:
        return f"did you mean '{close[0]}'?"
    if many:
        shown = close or options[:5]
        if shown:
            label = "closest" if close else "valid"
            more = "" if close or len(options) <= 5 else f" (and {len(options) - 5} more)"
            return f"{label}: " + ", ".join(f"'{o}'" for o in shown) + more
    return ""
