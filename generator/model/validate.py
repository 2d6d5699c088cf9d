"""Turn loaded documents into typed entities, and check every reference between them.

pydantic does the type checking; this module translates its errors into sentences an enablement
editor can act on, placed at the exact line and column of the offending key or value.
"""

from __future__ import annotations

from typing import cast

from pydantic import ValidationError

from generator.content.document import Document
from generator.errors import Problem
from generator.model import COLLECTIONS, Entity, Metric, Stage
from generator.model.messages import problems_of
from generator.model.references import check_references
from generator.model.textcheck import check_links, check_names
from generator.model.validated import Validated, collection_of  # noqa: F401  (collection_of: for callers)

SINGULAR = {
    "personas": "persona",
    "roles": "role",
    "stages": "stage",
    "methods": "method",
    "metrics": "metric",
    "coaching": "coaching script",
}


def validate_documents(docs: list[Document]) -> tuple[Validated, list[Problem]]:
    """Validate every readable document, then check references and the rules across files."""
    validated, problems = validate_files(docs)
    problems += check_references(validated)
    problems += check_stage_order(validated)
    problems += check_metric_cycles(validated)
    problems += check_names(validated)
    problems += check_links(validated)
    return validated, problems


def validate_files(docs: list[Document]) -> tuple[Validated, list[Problem]]:
    """Each readable document against its collection's model, on its own (no rule across files)."""
    problems: list[Problem] = []
    entities: dict[str, dict[str, Entity]] = {name: {} for name in COLLECTIONS}
    documents: dict[tuple[str, str], Document] = {}
    for doc in docs:
        if doc.data is None:
            continue
        model = COLLECTIONS[doc.collection].model
        if "id" in doc.data:
            problems.append(doc.problem(("id",), "remove 'id': the id is the file name", key=True))
            continue
        try:
            entity = model.model_validate(doc.data)
        except ValidationError as exc:
            problems += problems_of(doc, model, exc.errors())
            continue
        entity.id = doc.id
        entities[doc.collection][doc.id] = entity
        documents[(doc.collection, doc.id)] = doc
    known_ids: dict[str, set[str]] = {name: set() for name in COLLECTIONS}
    for doc in docs:
        known_ids[doc.collection].add(doc.id)
    return Validated(entities, documents, known_ids), problems


def check_stage_order(validated: Validated) -> list[Problem]:
    problems = []
    first: dict[int, str] = {}
    stages = cast("dict[str, Stage]", validated.entities["stages"])
    for stage in stages.values():
        order = stage.order
        doc = validated.document(stage)
        if order in first:
            problems.append(
                doc.problem(("order",), f"order {order} is also used by {first[order]}: each stage needs its own")
            )
        else:
            first[order] = doc.file
    return problems


def check_metric_cycles(validated: Validated) -> list[Problem]:
    """A metric may not drive itself, directly or through others."""
    metrics = cast("dict[str, Metric]", validated.entities["metrics"])
    problems = []
    for metric_id, metric in metrics.items():
        # Depth-first search from each metric; report a cycle on the metric where it starts.
        stack = [(d, [metric_id, d]) for d in metric.drives]
        seen: set[str] = set()
        while stack:
            current, path = stack.pop()
            if current == metric_id:
                doc = validated.document(metric)
                problems.append(doc.problem(("drives",), "metric drives itself: " + " → ".join(path)))
                break
            if current in seen or current not in metrics:
                continue
            seen.add(current)
            stack += [(d, [*path, d]) for d in metrics[current].drives]
    return problems
