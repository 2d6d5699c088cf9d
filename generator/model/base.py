"""What every collection's model is made of: strict parts, the fields every entity has, references.

These models are the single source of truth for what a content file may contain. The JSON Schemas
for editors, the Editor's guide and the validation messages are all derived from them, so every
field carries a description (hover help) and an example.

Models are strict: unknown keys are errors and YAML's implicit conversions (an unquoted ``NO``
becoming ``False``) are rejected rather than silently accepted. Only what identifies an entity, and
what a page cannot be built without, is required; everything else may be left out, and ``playbook
check`` says what is still missing. References to other entities are plain ids annotated with
:class:`Ref`; they are checked in ``references.py`` and turned into objects by ``resolve``.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from generator.content.discover import ID_PATTERN
from generator.model.text import Name, Text  # noqa: F401  (the kinds of text every collection uses)

Visibility = Literal["public", "internal"]


@dataclass(frozen=True)
class Ref:
    """Marks a field as holding the id of something else: an entity of a collection, or a named
    part of one (``segments``, ``thresholds``: in strategy.yml; ``elements``: of a qualification
    framework; ``outcomes``: of a process)."""

    collection: str


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


# The id of something of a collection (or of a named part: segments, thresholds, steps of a process).
StageRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("stages")]
RoleRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("roles")]
MethodRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("methods")]
MetricRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("metrics")]
PersonaRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("personas")]
ProcessRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("processes")]
CoachingRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("coaching")]
MeetingRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("meetings")]
CompetitorRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("competitors")]
FrameworkRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("qualification")]
ForecastRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("forecast")]
SegmentRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("segments")]
ThresholdRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("thresholds")]
StepRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("steps")]
PolicyRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("policies")]
DocumentRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("documents")]
# A named exception (strategy.yml ``exceptions:``), for gates and criteria (``unless: fast-lane``).
ExceptionRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("exceptions")]
# A qualification element: `framework.element` (`meddicc.economic-buyer`), or the element's id
# alone when no other framework has an element of that id.
ElementRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$"), Ref("elements")]


def finite_number(value: Any) -> Any:
    # One check, before the int | float union, so a wrong value is one error at its own place
    # (not one per member of the union), and YAML's .inf and .nan never reach a page or a sum.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number_type", "expected a number")
    if not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    return value


# An amount (a deal size, the bound of a scoring band): a whole or decimal number, and finite. Every
# other number in the model is a whole number (``int``, strict), which YAML's .inf and .nan are not.
Amount = Annotated[int | float, BeforeValidator(finite_number)]


def field(description: str, example: Any = None, **kwargs: Any) -> Any:
    """A pydantic Field that always carries hover help and, when given, an example."""
    extra: dict[str, Any] = {"description": description}
    if example is not None:
        extra["examples"] = [example]
    return Field(**extra, **kwargs)


def optional(description: str, example: Any = None) -> Any:
    """An optional field: left out, it is None (a list: empty), and `playbook check` may ask for it."""
    is_list = isinstance(example, list)
    return field(description, example, default_factory=list) if is_list else field(description, example, default=None)


class Part(BaseModel):
    """Base of every model: strict, no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class CheckSettings(Part):
    """What the health check should know of this entity: gaps the team accepts on purpose."""

    accept: dict[str, Text] = Field(
        default_factory=dict,
        description="Findings of `playbook check` accepted on purpose, by rule id, each with its reason. An "
        "accepted finding is still listed (as accepted) but does not fail the check.",
        examples=[{"stage-exit-criteria": "The public handbook names none."}],
    )


# A web address a source may give: http(s) only, a host, and no spaces, quotes, angle brackets or
# backticks that could end a link, no control character; no user:password@ (a credential in a
# page, or a disguised host).
WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\s\"'<>`\\\x00-\x1f\x7f-\x9f]*)?$")


def _web_address(value: str) -> str:
    if len(value) > 2000 or not WEB_ADDRESS.match(value):
        raise PydanticCustomError(
            "web_address",
            "'{value}' is not a web address a page may link to: write it as https://… (http or https only, "
            "with a host and no spaces, quotes or user@)",
            {"value": value[:80]},
        )
    return value


WebAddress = Annotated[str, AfterValidator(_web_address)]


class Source(Part):
    """Where the facts of a page come from: a handbook, a policy memo, a pricing sheet."""

    title: Text = field("What the source is, as a reader would look for it.", "Partner programme guide, 2026 edition")
    url: WebAddress | None = optional(
        "Its web address (http or https), shown as a plain link.", "https://intranet.example.com/partners/guide"
    )
    note: Text | None = optional("Which part of it, or how far it is followed.", "Section 4, the referral fee table.")


class Entity(Part):
    """Fields every content file may carry, whatever its collection."""

    id: SkipJsonSchema[str] = Field(default="", exclude=True)
    owner: Name | None = field(
        "Who keeps this page current: a person or team.", "Sales Enablement (Priya Raman)", default=None
    )
    review_by: datetime.date | None = field(
        "Date by which the owner reviews this page again (YYYY-MM-DD).", "2027-03-31", default=None
    )
    visibility: Visibility = field(
        "'internal' pages are left out of the public edition of the site.", "public", default="public"
    )
    check: CheckSettings | None = optional(
        "Settings for `playbook check` on this page: `accept:` known gaps, by rule id, with a reason.",
        {"accept": {"owner-missing": "Shared page; the enablement team reviews it each quarter."}},
    )
    sources: list[Source] = optional(
        "Where the facts on this page come from, shown at the end of the page.",
        [{"title": "Partner programme guide, 2026 edition", "url": "https://intranet.example.com/partners/guide"}],
    )

    @property
    def title(self) -> str:
        return str(getattr(self, "name", None) or self.id)


class Hideable(Part):
    """A part that sits in a list and can be left out of the public edition on its own."""

    visibility: Visibility = field(
        "'internal' leaves this item out of the public edition of the site.", "internal", default="public"
    )


class RubricLevel(Hideable):
    """One level of a rating scale (coaching scripts and meetings)."""

    rating: int = field("The score, 1 (lowest) upwards.", 1, ge=1, le=10)
    label: Name = field("Short name of the level.", "Developing")
    description: Text | None = optional("What the manager sees at this level.", "Accepts the first answer.")
