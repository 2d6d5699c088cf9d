"""The content model: one pydantic model per collection.

These models are the single source of truth for what a content file may contain. The JSON Schemas
for editors, the editor's guide and the validation messages are all derived from them, so every
field carries a description (hover help) and an example.

Models are strict: unknown keys are errors and YAML's implicit conversions (an unquoted ``NO``
becoming ``False``) are rejected rather than silently accepted. References to other entities are
plain ids annotated with :class:`Ref`; they are checked and turned into objects by ``resolve``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from generator.content.discover import ID_PATTERN
from generator.model.lines import Visibility
from generator.model.text import Name, Text  # noqa: F401  (the kinds of text every collection uses)


@dataclass(frozen=True)
class Ref:
    """Marks a field as holding the id of an entity in another collection."""

    collection: str


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


# An id that must name an entity of the given collection (checked in validate.check_references).
StageRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("stages")]
RoleRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("roles")]
MethodRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("methods")]
MetricRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("metrics")]
PersonaRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("personas")]


def field(description: str, example: Any = None, **kwargs: Any) -> Any:
    """A pydantic Field that always carries hover help and, when given, an example."""
    extra: dict[str, Any] = {"description": description}
    if example is not None:
        extra["examples"] = [example]
    return Field(**extra, **kwargs)


class Part(BaseModel):
    """Base of every model: strict, no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class Entity(Part):
    """Fields every content file may carry, whatever its collection."""

    id: SkipJsonSchema[str] = Field(default="", exclude=True)
    owner: str | None = field(
        "Who keeps this page current: a person or team.", "Sales Enablement (Priya Raman)", default=None
    )
    review_by: datetime.date | None = field(
        "Date by which the owner reviews this page again (YYYY-MM-DD).", "2027-03-31", default=None
    )
    visibility: Literal["public", "internal"] = field(
        "'internal' pages are left out of the public edition of the site.", "public", default="public"
    )

    @property
    def title(self) -> str:
        return str(getattr(self, "name", self.id))


class Hideable(Part):
    """A part that sits in a list and can be left out of the public edition on its own."""

    visibility: Visibility = field(
        "'internal' leaves this item out of the public edition of the site.", "internal", default="public"
    )
