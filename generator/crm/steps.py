"""What both CRMs receive from the playbook: per process, its steps (stages, then the outcomes that
are exported) with label, probability, forecast category, closed and won, and the guidance text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model.forecast import salesforce_category
from generator.model.playbook import Playbook
from generator.model.views import OutcomeView, ProcessView, StageView

# Salesforce's forecast category → HubSpot's (hs_manual_forecast_category).
HUBSPOT_CATEGORY = {
    "Omitted": "OMIT",
    "Pipeline": "PIPELINE",
    "BestCase": "BEST_CASE",
    "Forecast": "COMMIT",
    "Closed": "CLOSED",
    "MostLikely": "BEST_CASE",
}
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`]+")


def plain(text: str) -> str:
    """Content text as plain words: a Markdown link keeps its text, emphasis marks go, one line."""
    return " ".join(_MARKS.sub("", _LINK.sub(r"\1", str(text))).split())


@dataclass
class Step:
    """One value of the CRM's stage picklist, and what its Path step or pipeline stage shows."""

    label: str  # as the CRM shows it: "Stage 2 · Discovery"
    probability: float  # 0-100
    category: str  # Salesforce's forecast category
    closed: bool = False
    won: bool = False
    stage: StageView | None = None  # None: an outcome
    goal: str = ""
    exit_criteria: list[str] = field(default_factory=list)
    elements_due: list[str] = field(default_factory=list)

    @property
    def hubspot_category(self) -> str:
        return HUBSPOT_CATEGORY.get(self.category, "PIPELINE")


@dataclass
class Pipeline:
    process: ProcessView
    steps: list[Step]


def stage_step(stage: StageView) -> Step:
    e = stage.entity
    category = salesforce_category(stage.forecast.entity) if stage.forecast is not None else "Pipeline"
    return Step(
        label=" ".join(stage.title.split()),
        probability=float(e.probability) if e.probability is not None else 0.0,
        category=category,
        stage=stage,
        goal=plain(e.goal) if e.goal else "",
        exit_criteria=[plain(item.text) for item in stage.exit_criteria],
        elements_due=[plain(x.label) for x in stage.elements_due],
    )


def outcome_step(outcome: OutcomeView) -> Step:
    won = outcome.kind == "won"
    return Step(
        label=" ".join(outcome.name.split()),
        probability=100.0 if won else 0.0,
        category="Closed" if won else "Omitted",
        closed=True,
        won=won,
        goal=plain(outcome.how) if getattr(outcome, "how", None) else "",
    )


def pipelines(playbook: Playbook, outcomes: list[str] | None = None) -> list[Pipeline]:
    """Every process with stages, in order; ``outcomes``: the outcome ids to export (None: all)."""
    found = []
    for process in playbook.processes:
        if not process.stages:
            continue
        steps = [stage_step(s) for s in process.stages]
        steps += [outcome_step(o) for o in process.outcomes if outcomes is None or o.id in outcomes]
        found.append(Pipeline(process, steps))
    return found
