"""The health check: "is our sales system complete?", as a small registry of rules.

Validation (``validate.py``) refuses content that is *wrong*; the health check reports content that
is valid but *incomplete or inconsistent*: a stage nobody coaches, a lead metric that moves nothing,
a role paid for something it is not responsible for. Each rule has an id, a default severity and a
plain-words title; every finding points at a file and line. Severities can be changed per project
in ``playbook-check.yml`` (``error`` fails ``playbook check``; ``off`` silences a rule).

To add a rule, write a function taking a :class:`Scope` and yielding findings, decorated with
``@rule(...)``. The System health page and the CLI both list ``RULES`` in registration order.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator import model as m
from generator.checks.report import SEVERITIES, Rule
from generator.content.document import Loc
from generator.model.playbook import Playbook
from generator.model.validated import Validated


@dataclass(frozen=True)
class Spot:
    """Where a rule found something and what it says; the runner adds the rule id and severity."""

    file: str
    line: int
    column: int
    message: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, title: str, severity: str = "warning") -> Callable[[Callable[[Scope], Iterable[Spot]]], Any]:
    """Register a health rule under ``rule_id``."""
    assert severity in SEVERITIES

    def register(check: Callable[[Scope], Iterable[Spot]]) -> Callable[[Scope], Iterable[Spot]]:
        assert rule_id not in RULES, f"duplicate rule id {rule_id}"
        RULES[rule_id] = Rule(rule_id, title, severity, check)
        return check

    return register


@dataclass
class Scope:
    """What a rule looks at: the validated entities with their source positions, the resolved
    playbook (links merged from both sides), and today's date."""

    validated: Validated
    playbook: Playbook
    today: datetime.date
    content: str = "content"  # the content folder as shown to the user

    def all(self, collection: str) -> list[Any]:
        return list(self.validated.entities[collection].values())

    def one(self, collection: str) -> Any:
        return self.validated.entities[collection].get(collection)

    def at(self, entity: m.Entity, loc: Loc, message: str, *, key: bool = False) -> Spot:
        doc = self.validated.document(entity)
        pos = doc.position(loc, key=key)
        return Spot(doc.file, pos.line, pos.column, message)

    def written(self, entity: m.Entity, loc: Loc) -> bool:
        """Whether ``loc`` appears in the entity's file (rather than taking its default)."""
        return self.validated.document(entity).written(loc)

    def missing_file(self, path: str, message: str) -> Spot:
        return Spot(f"{self.content}/{path}", 1, 1, message)
