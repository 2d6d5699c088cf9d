"""value/: value drivers — the customer need, what it moves, how to uncover it, proof, differentiators.

A value file may also hold company-wide value content alone: differentiators and proof that hold
across every need ("why Rimefield"), with none of a driver's own fields (need, outcomes, metrics,
questions). The Value page shows such a file apart from the drivers, as what sets us apart overall.
"""

from __future__ import annotations

from generator.model.base import Entity, Hideable, MetricRef, PersonaRef, StageRef, field, optional
from generator.model.lines import Line
from generator.model.text import Name, Text


class Differentiator(Hideable):
    """What we do that others do not, for this need, and the proof."""

    name: Name = field("The differentiator in a few words.", "Alerts in under a minute")
    claim: Text | None = optional("What it means for the customer.", "Staff can save stock before it spoils.")
    proof: list[Line] = optional(
        "Proof: customer stories, figures, tests.", ["Median alert time 41 s across 900 stores."]
    )


class ValueDriver(Entity):
    """A customer need we address (it exists without us), what it moves, and how we prove it."""

    name: Name = field("Name of the value driver.", "Cut shrink")
    need: Text | None = optional("The customer's need, in their terms.", "Stop throwing away stock that spoiled.")
    outcomes: list[Line] = optional("Business outcomes it moves.", ["Lower shrink as a share of sales."])
    metrics: list[MetricRef] = optional("Ids of our metrics that show it moving.", ["win-rate"])
    customer_metrics: list[Line] = optional("The customer's own measures it moves.", ["Shrink % of sales"])
    questions: list[Line] = optional("Discovery questions that uncover it.", ["What did spoiled stock cost last year?"])
    proof: list[Line] = optional("Proof points: stories and figures.", ["A 40-store chain cut shrink by 0.4 points."])
    personas: list[PersonaRef] = optional("Ids of the personas who care about it.", ["cfo"])
    stages: list[StageRef] = optional("Ids of the stages where it is explored.", ["discovery"])
    differentiators: list[Differentiator] = optional(
        "What sets us apart for this need; in a file with no need, outcomes, metrics or questions, across every need.",
        [{"name": "Alerts in under a minute", "proof": ["Median 41 s."]}],
    )

    @property
    def company_wide(self) -> bool:
        """Differentiators and proof that stand on their own, not a driver's: none of a driver's own fields."""
        driver = (self.need, self.outcomes, self.metrics, self.customer_metrics, self.questions)
        return not any(driver) and bool(self.differentiators or self.proof)
