"""Conditions against the attributes a playbook declares: each value is one the attribute may have,
a number is compared only with a number, a time window counts from a date.

Which attribute ids exist is a reference (``references.py``, with did-you-mean); what is said about
an attribute that exists is checked here, where it is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.content.document import Loc
from generator.errors import Problem, suggest
from generator.model.conditions import Attribute, Compare, Condition
from generator.model.lines import Line
from generator.model.validated import Validated


def iter_conditions(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Condition]]:
    """Every condition in a model and its parts, nested ones included, with where it is written."""
    if isinstance(value, Condition):
        yield loc, value
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from iter_conditions(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, Line):
        if value.when is not None:
            yield from iter_conditions(value.when, (*loc, "when"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from iter_conditions(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_conditions(item, (*loc, key))


def check_attributes(validated: Validated) -> list[Problem]:
    """What each condition says of a declared attribute fits the attribute."""
    strategy = validated.entities["strategy"].get("strategy")
    declared: dict[str, Attribute] = getattr(strategy, "attributes", {})
    problems: list[Problem] = []
    for collection, by_id in validated.entities.items():
        for entity in by_id.values():
            doc = validated.documents[(collection, entity.id)]
            for loc, condition in iter_conditions(entity):
                for where, message in _misfits(condition, declared):
                    problems.append(doc.problem((*loc, *where), message))
    return problems


def _misfits(condition: Condition, declared: dict[str, Attribute]) -> Iterator[tuple[Loc, str]]:
    for attribute_id, test in condition.attributes.items():
        attribute = declared.get(attribute_id)
        if attribute is None:
            continue  # an unknown attribute: reported as a reference
        if isinstance(test, Compare):
            if attribute.kind != "number":
                yield (
                    ("attributes", attribute_id),
                    (
                        f"'{attribute_id}' is not a number: list the values it must have, "
                        f"like [{', '.join(attribute.values[:2]) or 'a-value'}]"
                    ),
                )
            continue
        if attribute.kind != "values":
            yield (
                ("attributes", attribute_id),
                (
                    f"'{attribute_id}' has no values declared: compare it (over, at_least, under, at_most)"
                    if attribute.kind == "number"
                    else f"'{attribute_id}' is a date: use a time window "
                    f"(window: {{after: {attribute_id}, to: 30 days}})"
                ),
            )
            continue
        for i, value in enumerate(test):
            if value not in attribute.values:
                hint = suggest(value, attribute.values) or f"it may be {', '.join(attribute.values)}"
                yield ("attributes", attribute_id, i), f"'{value}' is not a value of '{attribute_id}': {hint}"
    window = condition.window
    if window is not None:
        anchors = [(k, v) for k, v in (("after", window.after), ("before", window.before)) if v is not None]
        if len(anchors) != 1:
            yield ("window",), "a time window counts from one date: write either 'after' or 'before'"
        for key, attribute_id in anchors:
            attribute = declared.get(attribute_id)
            if attribute is not None and not attribute.date:
                yield ("window", key), f"'{attribute_id}' is not a date: declare it with 'date: true' in strategy.yml"
