"""``playbook migrate``: bring a playbook written for the first content model up to the current one.

The first model gave each stage an ``order:``; now a stage's place is in a process
(``content/processes/``), so that a stage can belong to several processes and inserting one is one
line in one file. Migrating writes a process listing the stages in their old order and removes the
``order:`` lines, leaving every other line of the stage files — comments included — as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.content.discover import ignored, is_yaml
from generator.model.schema import schema_line

_ORDER_LINE = re.compile(r"^order:[ \t]*(?P<value>[^#\n]*?)[ \t]*(#.*)?(\n|$)", re.M)
PROCESS_ID = "sales-process"


class MigrationError(Exception):
    """The playbook cannot be migrated as it is; the message says why."""


@dataclass
class Migration:
    """What a migration changed, for the command to report."""

    process: Path | None = None
    stages: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.process is not None


def migrate(content_dir: Path) -> Migration:
    """Move the stages' ``order:`` into a process file; return what changed (nothing if up to date)."""
    stages_dir = content_dir / "stages"
    ordered: list[tuple[float, str, Path, str]] = []
    for path in sorted(stages_dir.iterdir()) if stages_dir.is_dir() else []:
        if not path.is_file() or ignored(path.name) or not is_yaml(path.name):
            continue
        text = path.read_text(encoding="utf-8-sig")
        match = _ORDER_LINE.search(text)
        if match is None:
            continue
        try:
            order = float(yaml.safe_load(match.group("value")) or 0)
        except (yaml.YAMLError, TypeError, ValueError):
            line = text.count("\n", 0, match.start()) + 1
            shown = path.relative_to(content_dir.parent).as_posix()
            raise MigrationError(
                f"{shown}:{line}:1: 'order: {match.group('value')}' is not a number: write the stage's place "
                "as a number (1 first), or delete the line and list the stage in a process yourself"
            ) from None
        ordered.append((order, path.stem, path, _ORDER_LINE.sub("", text, count=1)))
    if not ordered:
        return Migration()
    process = _free_path(content_dir / "processes", PROCESS_ID)
    stage_ids = [stage_id for _, stage_id, _, _ in sorted(ordered)]
    process.parent.mkdir(parents=True, exist_ok=True)
    with process.open("x", encoding="utf-8") as out:
        out.write(_process_text(stage_ids))
    for _, _, path, text in ordered:
        path.write_text(text, encoding="utf-8")
    return Migration(process, [path for _, _, path, _ in ordered])


def _free_path(folder: Path, stem: str) -> Path:
    for n in range(1, 100):
        path = folder / (f"{stem}.yml" if n == 1 else f"{stem}-{n}.yml")
        if not path.exists() and not path.with_suffix(".yaml").exists():
            return path
    raise MigrationError(f"{folder} has no free name for the new process file")


def _process_text(stage_ids: list[str]) -> str:
    body = yaml.safe_dump({"name": "Sales process", "stages": stage_ids}, sort_keys=False, allow_unicode=True)
    return (
        f"{schema_line('processes')}\n"
        "# Made by `playbook migrate` from the stages' old `order:`. Rename it, describe it, and add its\n"
        "# outcomes (won, lost...) and any moves other than on to the next stage (transitions).\n"
        f"{body}"
    )
