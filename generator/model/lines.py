"""Lines of text that can be marked internal, for the public edition of the playbook.

Most lists in the content are lists of text: a method's questions, a coaching script's steps, a
stage's red flags. Any one of those lines may be written either as plain text or, when it must stay
inside the company, as fields::

    questions:
      - What did the last unplanned stop cost?
      - text: Which competitor quoted you, and at what price?
        visibility: internal

Either way a template receives a :class:`Line`, which *is* a ``str`` (so templates print it as they
print any text) and also knows its visibility, which ``edition.py`` uses to leave it out. Plain text
is validated by the normal text schema, so its errors keep their usual wording and position.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from generator.model.text import is_blank

Visibility = Literal["public", "internal"]
VISIBILITIES = ("public", "internal")


class Line(str):
    """A line of content text, with the edition it belongs to."""

    visibility: str

    def __new__(cls, text: str, visibility: str = "public") -> Self:
        line = super().__new__(cls, text)
        line.visibility = visibility
        return line

    @property
    def internal(self) -> bool:
        return self.visibility == "internal"

    def dump(self) -> str | dict[str, str]:
        """Back to the shape it was written in: text, or fields when it is not public."""
        return str(self) if not self.internal else {"text": str(self), "visibility": self.visibility}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        text = core_schema.str_schema(min_length=1, strict=True)
        # Editors (JSON Schema) are told about both spellings; validation is done by `validate` below.
        fields = handler.generate_schema(LineFields)

        def validate(value: Any, text_validator: core_schema.ValidatorFunctionWrapHandler) -> Line:
            line = _from_fields(value) if isinstance(value, dict) else cls(text_validator(value))
            if is_blank(line):
                raise PydanticCustomError("blank", "must not be blank: it holds only spaces or invisible characters")
            return line

        return core_schema.no_info_wrap_validator_function(
            validate,
            text,
            json_schema_input_schema=core_schema.union_schema([text, fields]),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda line: line.dump()),
        )


class LineFields(BaseModel):
    """A line of text written as fields, to mark it internal."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(
        min_length=1,
        description="The line itself, as it would be written on its own.",
        examples=["Which competitor quoted you, and at what price?"],
    )
    visibility: Visibility = Field(
        "public", description="'internal' leaves this line out of the public edition.", examples=["internal"]
    )


def _from_fields(value: dict[str, Any]) -> Line:
    """A line written as ``text:`` and ``visibility:``; errors say what to write instead."""
    unknown = sorted(str(k) for k in value if k not in ("text", "visibility"))
    if unknown:
        raise PydanticCustomError(
            "line_fields",
            "unknown field '{field}': a line written as fields has only 'text' and 'visibility'",
            {"field": unknown[0]},
        )
    text = value.get("text")
    if not isinstance(text, str) or not text:
        raise PydanticCustomError("line_fields", "a line written as fields needs 'text' with some text in it")
    visibility = value.get("visibility", "public")
    if visibility not in VISIBILITIES:
        raise PydanticCustomError(
            "line_fields", "visibility '{value}' is not allowed; use 'public' or 'internal'", {"value": str(visibility)}
        )
    return Line(text, visibility)
