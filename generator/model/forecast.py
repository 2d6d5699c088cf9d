"""forecast/: the forecast categories a deal is called in (Pipeline, Best case, Commit, Closed, Omitted).

A category is its own axis beside the stages: a stage names the category a deal there usually sits
in (``forecast_category``), and a category says which stages may hold it, what a deal needs to be
called in it, and how it counts in the roll-up. The CRM mapping (``crm``) is what
``playbook crm export`` writes for it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.model.base import Entity, Part, StageRef, field, optional
from generator.model.lines import Step
from generator.model.text import Name, Text

# A win probability or weight, in percent: a finite number from 0 to 100.
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
RollUp = Literal["floor", "call", "ceiling", "excluded"]
ROLL_UP = {
    "floor": "the floor: counted in the lowest figure",
    "call": "the call: the number the team commits to",
    "ceiling": "the ceiling: upside counted in the best-case figure",
    "excluded": "excluded: counted in no forecast figure",
}
# Salesforce's own forecast categories (the OpportunityStage value's forecastCategory).
SalesforceCategory = Literal["Omitted", "Pipeline", "BestCase", "Forecast", "Closed"]
# The values of HubSpot's deal property for a rep's forecast category (hs_manual_forecast_category).
HubSpotCategory = Literal["OMIT", "PIPELINE", "BEST_CASE", "COMMIT", "CLOSED"]


class CrmCategory(Part):
    """What the category is called in the CRM, where it differs from what its roll-up role implies."""

    salesforce: SalesforceCategory | None = optional(
        "Salesforce's forecast category for it: Omitted, Pipeline, BestCase, Forecast (Commit) or Closed.", "BestCase"
    )
    hubspot: HubSpotCategory | None = optional(
        "HubSpot's forecast category for it: OMIT, PIPELINE, BEST_CASE, COMMIT or CLOSED.", "BEST_CASE"
    )


class ForecastCategory(Entity):
    """A forecast category: what a deal needs to be called in it, and how it counts in the roll-up."""

    name: Name = field("Name of the category.", "Commit")
    order: int | None = optional("Place in the list of categories, 1 first (left out: by name).", 3)
    description: Text | None = optional(
        "What calling a deal in this category means.", "We would bet our own number on it closing this quarter."
    )
    entry_rules: list[Step] = optional(
        "What must be true for a deal to be called in this category.",
        ["The economic buyer has confirmed the budget and the signing date."],
    )
    stages: list[StageRef] = optional("Ids of the stages at which a deal may be in this category.", ["commit"])
    min_probability: Percent | None = optional("The lowest win probability (0-100) of a deal in this category.", 70)
    roll_up: RollUp | None = optional(
        "How the category counts in the forecast roll-up: floor, call, ceiling or excluded.", "call"
    )
    conventions: list[Step] = optional(
        "Rules that come with the category, such as how the close date is set.",
        ["The close date is the date the buyer has named for the signature."],
    )
    crm: CrmCategory | None = optional(
        "What the category is called in Salesforce and HubSpot.", {"salesforce": "Forecast"}
    )


def salesforce_category(category: ForecastCategory) -> str:
    """Salesforce's forecast category for ours: the one named in ``crm``, or the one its role implies."""
    if category.crm is not None and category.crm.salesforce is not None:
        return category.crm.salesforce
    implied = {"floor": "Closed", "call": "Forecast", "ceiling": "BestCase", "excluded": "Omitted"}
    return implied.get(category.roll_up or "", "Pipeline")
