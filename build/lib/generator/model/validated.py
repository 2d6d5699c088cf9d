"""The result of validation: every entity that validated, with the document it came from."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.document import Document
from generator.model import COLLECTIONS, Entity


@dataclass
class Validated:
    """Every entity that validated, by collection and id, in file order."""

    entities: dict[str, dict[str, Entity]]
    documents: dict[tuple[str, str], Document]
    # Every id that has a file, valid or not: a broken file is reported once, not again by every
    # reference to it.
    known_ids: dict[str, set[str]]

    def document(self, entity: Entity) -> Document:
        return self.documents[(collection_of(entity), entity.id)]


def collection_of(entity: Entity) -> str:
    for name, collection in COLLECTIONS.items():
        if type(entity) is collection.model:
            return name
    raise TypeError(type(entity).__name__)
