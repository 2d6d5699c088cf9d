"""Turn loaded documents into typed entities, then check what spans files: references, processes,
metric cycles, names, links inside text.

pydantic does the type checking (``messages.py`` puts its errors in plain words at the exact line
and column). Every problem of every file is collected, so one run reports them all.
"""

from __future__ import annotations

from pydantic import ValidationError

from generator.content.document import Document
from generator.errors import Problem
from generator.model.attributes import check_attributes
from generator.model import COLLECTIONS, Entity
from generator.model.forecast_rules import check_forecast
from generator.model.messages import problems_of
from generator.model.process_rules import check_gates_and_tracks
from generator.model.references import check_references
from generator.model.stages import RETIRED
from generator.model.structure import check_metric_cycles, check_part_ids, check_processes
from generator.model.table_rules import check_tables
from generator.model.target_refs import check_targets
from generator.model.textcheck import check_links, check_names
from generator.model.validated import Validated

# Fields of the first content model, by collection, and what to do instead.
RETIRED_FIELDS = {"stages": RETIRED}


def validate_documents(docs: list[Document]) -> tuple[Validated, list[Problem]]:
    """Validate every readable document, then check references and the rules across files."""
    validated, problems = validate_files(docs)
    problems += check_references(validated)
    problems += check_attributes(validated)
    problems += check_targets(validated)
    problems += check_part_ids(validated)
    problems += check_processes(validated)
    problems += check_metric_cycles(validated)
    problems += check_forecast(validated)
    problems += check_gates_and_tracks(validated)
    problems += check_tables(validated)
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
        data = doc.data
        for retired, hint in RETIRED_FIELDS.get(doc.collection, {}).items():
            if retired in data:
                problems.append(doc.problem((retired,), hint, key=True))
                data = {k: v for k, v in data.items() if k != retired}
        try:
            entity = model.model_validate(data)
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
