"""Every collection of the content model: where it lives in content/, which model validates it, and
the word an editor writes for it (``playbook new stage …``, links by id ``[…](stage:discovery)``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model.base import Entity
from generator.model.coaching import CoachingScript
from generator.model.competitors import Competitor
from generator.model.documents import DealDocument
from generator.model.forecast import ForecastCategory
from generator.model.forecast_views import ForecastView
from generator.model.meetings import Meeting
from generator.model.methods import Method
from generator.model.metrics import Metric
from generator.model.personas import Persona
from generator.model.philosophy import Philosophy
from generator.model.policies import Policy
from generator.model.processes import Process
from generator.model.qualification import Framework
from generator.model.roles import Role
from generator.model.rule_views import DocumentView, PolicyView
from generator.model.scorecard_views import ScorecardView
from generator.model.scorecards import Scorecard
from generator.model.stages import Stage
from generator.model.strategy import Strategy
from generator.model.value import ValueDriver
from generator.model.view import View
from generator.model.views import (
    CoachingView,
    CompetitorView,
    FrameworkView,
    MeetingView,
    MethodView,
    MetricView,
    PersonaView,
    PhilosophyView,
    ProcessView,
    RoleView,
    StageView,
    StrategyView,
    ValueView,
)


@dataclass(frozen=True)
class Collection:
    """A collection, declared once: where it lives in content/, which model validates it, the word an
    editor writes for it, its section of the site and its templates, and what a new file starts with.

    Everything else that differs by collection (the playbook's lists, the sections and pages of the
    site, the scaffolds, the schemas and editor settings, the withheld pages) is derived from these.
    """

    name: str
    model: type[Entity]
    kind: str  # the singular, as `playbook new KIND` and links by id write it
    noun: str  # as messages say it
    single: bool = False
    view: type[View[Any]] | None = None  # what templates get for each entity; None: its references resolved
    pages: str | None = None  # the folder of its pages on the site, when not its name
    essential: tuple[str, ...] = ()  # the fields `playbook new` writes out (the rest are left out)
    section: str | None = None  # its section of the reps' navigation; None: its pages are made apart
    page_template: str | None = None  # the entity's page, when not templates/<kind>.md.j2
    index_template: str | None = None  # the section's first page, when not templates/<name>.md.j2

    @property
    def path(self) -> str:
        return f"{self.name}.yml" if self.single else f"{self.name}/"

    @property
    def folder(self) -> str:
        return self.pages or self.name

    @property
    def template(self) -> str:
        return self.page_template or f"{self.kind}.md.j2"

    @property
    def index(self) -> str:
        return self.index_template or f"{self.name}.md.j2"


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("philosophy", Philosophy, "philosophy", "philosophy", single=True, view=PhilosophyView,
                   essential=("purpose", "principles")),
        Collection("strategy", Strategy, "strategy", "strategy", single=True, view=StrategyView,
                   essential=("icp", "off_profile_rule")),
        Collection("processes", Process, "process", "process", view=ProcessView, pages="process",
                   essential=("name", "description", "stages")),
        Collection("stages", Stage, "stage", "stage", view=StageView,
                   essential=("name", "goal", "activities", "exit_criteria", "probability")),
        Collection("forecast", ForecastCategory, "forecast", "forecast category", section="Forecast", view=ForecastView,
                   index_template="forecasts.md.j2",
                   essential=("name", "entry_rules", "stages", "min_probability", "roll_up")),
        Collection("qualification", Framework, "qualification", "qualification framework", section="Qualification",
                   view=FrameworkView, page_template="framework.md.j2", essential=("name", "summary", "elements")),
        Collection("scorecards", Scorecard, "scorecard", "scorecard", section="Scorecards", view=ScorecardView,
                   essential=("name", "summary", "factors", "thresholds")),
        Collection("value", ValueDriver, "value", "value driver", section="Value", view=ValueView,
                   index_template="values.md.j2", essential=("name", "need", "proof")),
        Collection("competitors", Competitor, "competitor", "competitor", section="Competitors", view=CompetitorView,
                   essential=("name", "summary", "how_we_win")),
        Collection("personas", Persona, "persona", "persona", section="Buyers", view=PersonaView,
                   essential=("name", "summary", "priorities")),
        Collection("roles", Role, "role", "role", section="Roles", view=RoleView,
                   essential=("name", "purpose", "tenure_tracks", "expectations")),
        Collection("methods", Method, "method", "method", section="Methods", view=MethodView,
                   essential=("name", "kind", "summary", "stages")),
        Collection("metrics", Metric, "metric", "metric", section="Metrics", view=MetricView,
                   essential=("name", "kind", "definition", "unit")),
        Collection("coaching", CoachingScript, "coaching", "coaching script", section="Coaching", view=CoachingView,
                   page_template="coaching_script.md.j2", essential=("name", "behaviour", "questions", "observe")),
        Collection("meetings", Meeting, "meeting", "meeting", section="Meetings", view=MeetingView,
                   essential=("name", "purpose", "cadence", "agenda")),
        Collection("policies", Policy, "policy", "policy", section="Policies", view=PolicyView,
                   essential=("name", "summary", "tables")),
        Collection("documents", DealDocument, "document", "deal document", section="Deal documents", view=DocumentView,
                   essential=("name", "summary", "owner_role", "sections", "stages")),
    )
}

# What discovery needs to know of the collections: each one's name, and whether it is a single file.
LAYOUT: dict[str, bool] = {name: c.single for name, c in COLLECTIONS.items()}
# Links by id inside text: the kind as written (`method:…`) → the collection.
LINK_KINDS: dict[str, str] = {c.kind: name for name, c in COLLECTIONS.items()}
# Names of things inside entities that references may name (see references.py).
PARTS = {
    "segments": "segment",
    "thresholds": "threshold",
    "elements": "qualification element",
    "steps": "stage or outcome",
    "attributes": "attribute",
    "exceptions": "exception",
}
