"""Lines of text in lists, which may also be written as fields: to mark one internal, to say which
deals it applies to (any line may vary), or (an exit criterion) which qualification element it
confirms::

    questions:
      - What did the last unplanned stop cost?
      - text: Which competitor quoted you, and at what price?
        visibility: internal
    exit_criteria:
      - text: Deal plan written and shared with the buyer.
        when: {threshold: deal-plan}
        confirms: meddicc.decision-process

Either way a template receives a :class:`Line`, which *is* a ``str`` (so templates print it as they
print any text) and also knows its visibility, its condition and what it confirms. Plain text is
validated by the normal text schema, and fields by a model, so every error keeps its usual wording
and its exact position.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, Self

from pydantic import GetCoreSchemaHandler, model_validator
from pydantic_core import PydanticCustomError, core_schema

from generator.model.base import DocumentRef, ElementRef, ExceptionRef, Part, Visibility, field
from generator.model.conditions import Condition
from generator.model.text import Text, plain_text


class LineFields(Part):
    """A line of text written as fields."""

    text: Text = field(
        "The line itself, as it would be written on its own.", "Which competitor quoted you, and at what price?"
    )
    visibility: Visibility = field(
        "'internal' leaves this line out of the public edition.", "internal", default="public"
    )
    when: Condition | None = field(
        "Which deals this applies to (left out: every deal).", {"threshold": "deal-plan"}, default=None
    )
    valid_from: datetime.date | None = field(
        "The day this line takes effect (YYYY-MM-DD); before it, the page shows it as coming.",
        "2026-04-01",
        default=None,
    )
    valid_until: datetime.date | None = field(
        "The last day this line holds (YYYY-MM-DD); after it, the page shows it under 'Earlier'.",
        "2026-03-31",
        default=None,
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> LineFields:
        if self.valid_from is not None and self.valid_until is not None and self.valid_until < self.valid_from:
            raise PydanticCustomError(
                "line_dates_order",
                "valid_until ({until}) is before valid_from ({start}): a line holds from one to the other",
                {"until": self.valid_until.isoformat(), "start": self.valid_from.isoformat()},
            )
        return self


class StepFields(LineFields):
    """A line written as fields, which may say which deals it applies to (as any line may), the deal
    document it is done in and the named exception that waives it."""

    document: DocumentRef | None = field(
        "Id of the deal document this is done in or recorded in (content/documents/).",
        "mutual-action-plan",
        default=None,
    )
    unless: ExceptionRef | None = field(
        "Id of a named exception (strategy.yml 'exceptions') under which this does not apply.",
        "fast-lane",
        default=None,
    )


class CriterionFields(StepFields):
    """An exit criterion written as fields: it may also confirm a qualification element."""

    confirms: ElementRef | None = field(
        "Id of the qualification element this criterion shows is known (framework.element).",
        "meddicc.economic-buyer",
        default=None,
    )


class Line(str):
    """A line of content text, with the edition it belongs to (and, for steps and exit criteria,
    the deals it applies to and the element it confirms)."""

    FIELDS: ClassVar[type[LineFields]] = LineFields
    # Fields a line may carry beyond its text, visibility, condition and element (None: not written).
    MORE: ClassVar[tuple[str, ...]] = ("valid_from", "valid_until", "document", "unless")
    visibility: str
    when: Condition | None
    confirms: str | None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    document: str | None = None
    unless: str | None = None
    shown_when: Any = None  # the condition resolved for the page (``resolve.py``), printed beside the line
    shown_unless: Any = None  # the named exception resolved for the page
    shown_document: Any = None  # the deal document resolved for the page
    coming: bool = False  # valid_from is after the build date (``model/dated.py``)
    earlier: tuple[Line, ...] = ()  # lines this one replaced, no longer valid (``model/dated.py``)

    def __new__(
        cls,
        text: str,
        visibility: str = "public",
        when: Condition | None = None,
        confirms: str | None = None,
        **more: Any,
    ) -> Self:
        line = super().__new__(cls, text)
        line.visibility, line.when, line.confirms = visibility, when, confirms
        for name, value in more.items():
            if value is not None:
                setattr(line, name, value)
        return line

    def copy(self, text: str | None = None, **changes: Any) -> Self:
        """The same line (another text, or other fields), keeping everything else it carries."""
        fields = {"visibility": self.visibility, "when": self.when, "confirms": self.confirms}
        fields |= {name: getattr(self, name) for name in self.MORE} | changes
        line = type(self)(str(self) if text is None else text, **fields)
        line.shown_when, line.shown_unless, line.shown_document = (
            self.shown_when,
            self.shown_unless,
            self.shown_document,
        )
        line.earlier, line.coming = self.earlier, self.coming
        return line

    @property
    def internal(self) -> bool:
        return self.visibility == "internal"

    def dump(self) -> str | dict[str, Any]:
        """Back to the shape it was written in: text, or fields when it has more than its text."""
        more = {name: getattr(self, name) for name in self.MORE if getattr(self, name) is not None}
        if not self.internal and self.when is None and self.confirms is None and not more:
            return str(self)
        out: dict[str, Any] = {"text": str(self)}
        if self.internal:
            out["visibility"] = self.visibility
        if self.when is not None:
            out["when"] = self.when.model_dump(mode="json", exclude_defaults=True)
        if self.confirms is not None:
            out["confirms"] = self.confirms
        for name, value in more.items():
            out[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return out

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        text = core_schema.str_schema(min_length=1, strict=True)
        fields = handler.generate_schema(cls.FIELDS)

        def validate(value: Any, fields_validator: core_schema.ValidatorFunctionWrapHandler) -> Line:
            if isinstance(value, dict):
                written = fields_validator(value)  # errors placed inside the fields (when.segments[0]…)
                line = cls(
                    written.text,
                    written.visibility,
                    getattr(written, "when", None),
                    getattr(written, "confirms", None),
                    **{name: getattr(written, name, None) for name in cls.MORE},
                )
            elif isinstance(value, str):
                if not value:
                    raise PydanticCustomError("string_too_short", "must not be empty")
                line = cls(plain_text(value))  # not blank, no control character
            else:
                raise PydanticCustomError("string_type", "Input should be a valid string")
            return line

        return core_schema.no_info_wrap_validator_function(
            validate,
            fields,
            json_schema_input_schema=core_schema.union_schema([text, fields]),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda line: line.dump()),
        )


class Step(Line):
    """A line that may say which deals it applies to (``when:``)."""

    FIELDS = StepFields


class Criterion(Line):
    """An exit criterion: may say which deals it applies to and which element it confirms."""

    FIELDS = CriterionFields
