"""policies/: the rules a sales team runs on that are tables as much as prose — rules of engagement,
credit splits, referral fees, discount approval, coverage models, price books.

A policy is prose (``summary``, ``body``) plus any number of **tables**. A table declares its
columns, each with a type (text, number, amount, percent, or a link to a role or a stage), and its
rows give a cell per column id. A row may apply only to some deals (``when:``, a condition like any
other) or only for a time (``valid_from`` / ``valid_until``): a row that ended is shown under
"Earlier", not beside the row that replaced it. Cells are checked against their columns in
``table_rules.py``, where each error can point at the cell that is wrong.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import ConfigDict

from generator.model.base import Entity, Hideable, Id, ProcessRef, RoleRef, StageRef, field, optional
from generator.model.conditions import Condition
from generator.model.text import Name, Text

ColumnType = Literal["text", "number", "amount", "percent", "role", "stage"]
# A row's own fields; every other key of a row is a cell, named by its column's id.
ROW_FIELDS = ("when", "valid_from", "valid_until", "visibility", "note")


class Column(Hideable):
    """A column of a policy table: its id (the key rows use), heading and the type of its cells."""

    id: Id = field("Id of the column: the key each row gives its cell under.", "discount")
    name: Name = field("The column's heading.", "Largest discount")
    type: ColumnType = field(
        "What its cells hold: text, number, amount (money), percent, role (a role id) or stage (a stage id).",
        "percent",
        default="text",
    )
    unit: Name | None = optional("Unit of a number column, said after each value.", "stores")
    currency: Name | None = optional("Currency of an amount column, if not the playbook's.", "EUR")


class Row(Hideable):
    """A row: a cell per column id, and optionally the deals it applies to and when it holds."""

    # Cells are the row's other keys; table_rules.py checks each against its column.
    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Any]

    when: Condition | None = optional("Which deals the row applies to (left out: every deal).", {"over": 50000})
    valid_from: datetime.date | None = optional("The day the row takes effect (YYYY-MM-DD).", "2026-04-01")
    valid_until: datetime.date | None = optional("The last day the row holds (YYYY-MM-DD).", "2027-03-31")
    note: Text | None = optional("A remark on the row, shown under the table.", "Until the new price book ships.")

    @property
    def cells(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})


class Table(Hideable):
    """A table of a policy: typed columns and rows."""

    id: Id | None = optional(
        "Id of the table, for links into the policy page (`policy:discounts#approval`).", "approval"
    )
    name: Name | None = optional("The table's caption.", "Who approves a discount")
    description: Text | None = optional(
        "What the table decides, shown above it.", "The first row that fits the deal applies."
    )
    columns: list[Column] = field(
        "The columns, in order.", [{"id": "discount", "name": "Largest discount", "type": "percent"}], min_length=1
    )
    rows: list[Row] = optional("The rows, in order: a cell per column id.", [{"discount": 10}])


class Policy(Entity):
    """A policy: prose and rule tables, linked from the roles and stages it concerns."""

    name: Name = field("Name of the policy.", "Discount approval")
    summary: Text | None = optional("The policy in a sentence or two.", "Discounts beyond list price need a sign-off.")
    body: Text | None = optional("The policy in full, in Markdown.", "Ask for the discount before quoting it.")
    tables: list[Table] = optional(
        "Rule tables.",
        [{"name": "Who approves", "columns": [{"id": "discount", "name": "Discount", "type": "percent"}]}],
    )
    roles: list[RoleRef] = optional("Ids of the roles it concerns (their pages link to it).", ["account-executive"])
    stages: list[StageRef] = optional("Ids of the stages where it applies (their pages link to it).", ["commit"])
    processes: list[ProcessRef] = optional("Ids of the processes or motions it governs.", ["new-business"])
