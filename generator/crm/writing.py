"""What an import writes: stage, process and forecast category files, all of them or none.

Each file is checked against its collection's model before anything is written; files that exist
are replaced only with ``force``; the files are written beside their targets first and moved into
place together, so a failure half-way leaves the content folder as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.crm.config import CrmError
from generator.crm.reading import CATEGORIES, Imported, slug
from generator.errors import format_path
from generator.model.collections import COLLECTIONS
from generator.model.schema import schema_line

HEADER = "# Started by `playbook crm import` from {source}. Edit this file from now on.\n"


@dataclass
class Draft:
    collection: str
    id: str
    data: dict[str, Any]

    @property
    def path(self) -> str:
        return f"{self.collection}/{self.id}.yml"


def _unique(base: str, taken: set[str]) -> str:
    name, n = base or "stage", 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def drafts(imported: Imported) -> list[Draft]:
    """The files to write, from what was read: stages, then forecast categories, then processes."""
    stage_ids: dict[str, str] = {}
    stages: list[Draft] = []
    taken: set[str] = set()
    category_stages: dict[str, list[str]] = {}
    for key, value in imported.values.items():
        if value.closed:
            if value.category:
                category_stages.setdefault(value.category, [])
            continue
        stage_id = _unique(slug(value.name), taken)
        stage_ids[key] = stage_id
        data: dict[str, Any] = {"label": value.label, "name": value.name, "goal": value.goal}
        data = {k: v for k, v in data.items() if v}
        if value.exit_criteria:
            data["exit_criteria"] = value.exit_criteria
        if value.probability is not None:
            data["probability"] = _number(value.probability)
        if value.category:
            data["forecast_category"] = CATEGORIES[value.category][0]
            category_stages.setdefault(value.category, []).append(stage_id)
        stages.append(Draft("stages", stage_id, data))
    categories = []
    for order, (category, (cid, name, roll_up)) in enumerate(CATEGORIES.items(), start=1):
        if category in category_stages:
            data = {"name": name, "order": order, "stages": category_stages[category], "roll_up": roll_up}
            categories.append(Draft("forecast", cid, {**data, "crm": {"salesforce": category}}))
    processes = []
    process_ids: set[str] = set()
    for process in imported.processes:
        outcomes, outcome_ids = [], set()
        for key in process.steps:
            value = imported.values[key]
            if value.closed:
                kind = "won" if value.won else "lost"
                outcomes.append({"id": _unique(slug(value.name), outcome_ids), "name": value.name, "kind": kind})
        data = {"name": process.name, "stages": [stage_ids[k] for k in process.steps if k in stage_ids]}
        if outcomes:
            data["outcomes"] = outcomes
        processes.append(Draft("processes", _unique(slug(process.name) or "sales-process", process_ids), data))
    return [*stages, *categories, *processes]


def write_drafts(content: Path, found: list[Draft], source: str, force: bool) -> list[str]:
    """Write every draft or none; the summary lines of what was written."""
    problems = []
    for draft in found:
        try:
            COLLECTIONS[draft.collection].model.model_validate(draft.data)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(f"{draft.path}: {format_path(tuple(error['loc']))}: {error['msg']}")
    existing = [d.path for d in found if (content / d.path).exists()]
    if existing and not force:
        problems += [f"content/{p}: the file exists: run again with --force to replace it" for p in existing]
    if problems:
        raise CrmError(problems)
    header = HEADER.format(source=source)
    staged: list[tuple[Path, Path]] = []
    try:
        for draft in found:
            target = content / draft.path
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.crm-import")
            body = yaml.safe_dump(draft.data, sort_keys=False, allow_unicode=True, width=100)
            temporary.write_text(f"{schema_line(draft.collection)}\n{header}{body}", encoding="utf-8")
            staged.append((temporary, target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [f"  content/{d.path} ({'replaced' if d.path in existing else 'new'})" for d in found]
