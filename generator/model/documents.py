"""documents/: the deal documents a team writes with or for the buyer — a command plan, a mutual
action plan, a business case, an account or success plan.

A document says what goes in it (sections with their questions, fields), who owns it, and at which
stages it is started, updated or required; stage pages show it there ("start the business case
here"), and any activity or exit criterion names it with ``document: mutual-action-plan``.
"""

from __future__ import annotations

from typing import Literal

from generator.model.base import Entity, Hideable, RoleRef, StageRef, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text

Use = Literal["start", "update", "review", "require"]
USE_WORDS = {"start": "start", "update": "update", "review": "review", "require": "required"}


class DocumentSection(Hideable):
    """A section of the document: what goes in it and the questions it answers."""

    name: Name = field("Heading of the section.", "Dates that matter to the buyer")
    contents: Text | None = optional("What goes in it.", "The go-live date and what depends on it.")
    questions: list[Line] = optional("Questions it answers.", ["What happens if the pilot slips a month?"])


class DocumentField(Hideable):
    """A field of the document, as it appears on the template or in the CRM."""

    name: Name = field("Name of the field.", "Target go-live date")
    description: Text | None = optional("What goes in it, and from where.", "The date the buyer committed to.")


class DocumentUse(Hideable):
    """A stage where the document is started, updated, reviewed or required."""

    stage: StageRef = field("Id of the stage.", "site-assessment")
    use: Use = field("What happens to it there: start, update, review or require.", "start")
    note: Text | None = optional("What exactly, at that stage.", "Draft it with the champion after the walk.")


class DealDocument(Entity):
    """A deal document: its sections and fields, its owner, and the stages where it is used."""

    name: Name = field("Name of the document.", "Mutual action plan")
    summary: Text | None = optional("What it is for, in a sentence or two.", "The dated steps both sides agree on.")
    owner_role: RoleRef | None = optional("Id of the role that owns and keeps it current.", "account-executive")
    roles: list[RoleRef] = optional("Ids of the other roles that contribute to it.", ["solutions-engineer"])
    template: Name | None = optional("Where the team finds the blank document, in words.", "Shared drive › Templates")
    sections: list[DocumentSection] = optional("Its sections, in order.", [{"name": "Dates that matter"}])
    fields: list[DocumentField] = optional("Fields it records.", [{"name": "Target go-live date"}])
    stages: list[DocumentUse] = optional(
        "The stages where it is started, updated, reviewed or required.", [{"stage": "discovery", "use": "start"}]
    )
