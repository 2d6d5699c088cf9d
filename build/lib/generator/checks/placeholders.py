"""What ``playbook new`` wrote that nobody replaced: a scaffold can never be published by accident."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.registry import Scope, Spot, rule

MARK = "REPLACE:"  # as ``authoring/scaffold.py`` writes it


@rule("placeholder", "No value is a placeholder left by `playbook new`.", "error")
def placeholders(s: Scope) -> Iterator[Spot]:
    for doc in s.validated.documents.values():
        for number, line in enumerate(doc.lines, 1):
            at = line.find(MARK)
            if at < 0 or line.lstrip().startswith("#"):
                continue
            what = "this value" if "#" not in line[:at] else "the value on this line"
            yield Spot(
                doc.file,
                number,
                at + 1,
                f"{what} is a placeholder left by `playbook new`: write the real one (or remove the line)",
            )
