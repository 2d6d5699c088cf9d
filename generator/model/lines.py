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

from typing import Any, ClassVar, Self

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from generator.model.base import ElementRef, Part, Visibility, field
from generator.model.conditions import Condition
from generator.model.text import is_blank


class LineFields(Part):
    """A line of text written as fields."""

    text: str = field(
        "The line itself, as it would be written on its own.",
        "Which competitor quoted you, and at what price?",
        min_length=1,
    )
    visibility: Visibility = field(
        "'internal' leaves this line out of the public edition.", "internal", default="public"
    )
    when: Condition | None = field(
        "Which deals this applies to (left out: every deal).", {"threshold": "deal-plan"}, default=None
    )


class StepFields(LineFields):
    """A line written as fields, which may say which deals it applies to (as any line may)."""


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
    visibility: str
    when: Condition | None
    confirms: str | None
    shown_when: Any = None  # the condition resolved for the page (``resolve.py``), printed beside the line

    def __new__(
        cls, text: str, visibility: str = "public", when: Condition | None = None, confirms: str | None = None
    ) -> Self:
        line = super().__new__(cls, text)
        line.visibility, line.when, line.confirms = visibility, when, confirms
        return line

    @property
    def internal(self) -> bool:
        return self.visibility == "internal"

    def dump(self) -> str | dict[str, Any]:
        """Back to the shape it was written in: text, or fields when it has more than its text."""
        if not self.internal and self.when is None and self.confirms is None:
            return str(self)
        out: dict[str, Any] = {"text": str(self)}
        if self.internal:
            out["visibility"] = self.visibility
        if self.when is not None:
            out["when"] = self.when.model_dump(mode="json", exclude_defaults=True)
        if self.confirms is not None:
            out["confirms"] = self.confirms
        return out

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        text = core_schema.str_schema(min_length=1, strict=True)
        fields = handler.generate_schema(cls.FIELDS)

        def validate(value: Any, fields_validator: core_schema.ValidatorFunctionWrapHandler) -> Line:
            if isinstance(value, dict):
                written = fields_validator(value)  # errors placed inside the fields (when.segments[0]…)
                line = cls(
                    written.text, written.visibility, getattr(written, "when", None), getattr(written, "confirms", None)
                )
            elif isinstance(value, str):
                if not value:
                    raise PydanticCustomError("string_too_short", "must not be empty")
                line = cls(value)
            else:
                raise PydanticCustomError("string_type", "Input should be a valid string")
            if is_blank(line):
                raise PydanticCustomError("blank", "must not be blank: it holds only spaces or invisible characters")
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
