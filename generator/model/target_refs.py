"""A metric's targets name parts of a role: its variants, levels and tenure tracks. Each must be a
part of the role the target names (the role itself is a reference, checked with the others)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem, suggest
from generator.model.validated import Validated

PARTS = {"variant": "variants", "level": "levels", "track": "tenure tracks"}


def check_targets(validated: Validated) -> list[Problem]:
    """Every variant, level and track a target names is one of its role's."""
    roles: dict[str, Any] = validated.entities["roles"]
    problems: list[Problem] = []
    for metric in validated.entities["metrics"].values():
        doc = validated.document(metric)
        for i, target in enumerate(getattr(metric, "targets", [])):
            for key, message in _misfits(target, roles):
                problems.append(doc.problem(("targets", i, key), message))
    return problems


def _misfits(target: Any, roles: dict[str, Any]) -> Iterator[tuple[str, str]]:
    role = roles.get(target.role) if target.role else None
    for key in PARTS:
        value = getattr(target, key)
        if value is None:
            continue
        if target.role is None:
            yield key, f"a target for a {key} says whose: add 'role:' with the id of the role it is a {key} of"
        elif role is not None and value not in (known := part_ids(role, key)):
            hint = suggest(value, known) or (f"it has {', '.join(known)}" if known else f"it has no {PARTS[key]}")
            yield key, f"the role '{target.role}' has no {key} '{value}': {hint}"


def part_ids(role: Any, key: str) -> list[str]:
    """The ids a target may name for ``key`` in ``role``: variant and level ids, track tenures."""
    if key == "variant":
        return [v.id for v in role.variants]
    if key == "level":
        return [level.id for level in role.levels]
    return [t.tenure for t in role.tenure_tracks]
