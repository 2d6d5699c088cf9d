"""Every collection of the content model: where it lives in content/, which model validates it, and
the word an editor writes for it (``playbook new stage …``, links by id ``[…](stage:discovery)``)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.base import Entity
from generator.model.coaching import CoachingScript
from generator.model.competitors import Competitor
from generator.model.documents import DealDocument
from generator.model.forecast import ForecastCategory
from generator.model.meetings import Meeting
from generator.model.methods import Method
from generator.model.metrics import Metric
from generator.model.personas import Persona
from generator.model.philosophy import Philosophy
from generator.model.policies import Policy
from generator.model.processes import Process
from generator.model.qualification import Framework
from generator.model.roles import Role
from generator.model.stages import Stage
from generator.model.strategy import Strategy
from generator.model.value import ValueDriver


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
    essential: tuple[str, ...] = ()  # the fields `playbook new` writes out (the rest are left out)
    section: str | None = None  # its section of the reps' navigation; None: its pages are made apart
    page_template: str | None = None  # the entity's page, when not templates/<kind>.md.j2
    index_template: str | None = None  # the section's first page, when not templates/<name>.md.j2

    @property
    def path(self) -> str:
        return f"{self.name}.yml" if self.single else f"{self.name}/"

    @property
    def template(self) -> str:
        return self.page_template or f"{self.kind}.md.j2"

    @property
    def index(self) -> str:
        return self.index_template or f"{self.name}.md.j2"


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("philosophy", Philosophy, "philosophy", "philosophy", single=True,
                   essential=("purpose", "principles")),
        Collection("strategy", Strategy, "strategy", "strategy", single=True, essential=("icp", "off_profile_rule")),
        Collection("processes", Process, "process", "process", essential=("name", "description", "stages")),
        Collection("stages", Stage, "stage", "stage", essential=("name", "goal", "activities", "exit_criteria")),
        Collection("forecast", ForecastCategory, "forecast", "forecast category", section="Forecast",
                   index_template="forecasts.md.j2",
                   essential=("name", "entry_rules", "stages", "min_probability", "roll_up")),
        Collection("qualification", Framework, "qualification", "qualification framework", section="Qualification",
                   page_template="framework.md.j2", essential=("name", "summary", "elements")),
        Collection("value", ValueDriver, "value", "value driver", section="Value", index_template="values.md.j2",
                   essential=("name", "need", "proof")),
        Collection("competitors", Competitor, "competitor", "competitor", section="Competitors",
                   essential=("name", "summary", "how_we_win")),
        Collection("personas", Persona, "persona", "persona", section="Buyers",
                   essential=("name", "summary", "priorities")),
        Collection("roles", Role, "role", "role", section="Roles",
                   essential=("name", "purpose", "tenure_tracks", "expectations")),
        Collection("methods", Method, "method", "method", section="Methods",
                   essential=("name", "kind", "summary", "stages")),
        Collection("metrics", Metric, "metric", "metric", section="Metrics",
                   essential=("name", "kind", "definition", "unit")),
        Collection("coaching", CoachingScript, "coaching", "coaching script", section="Coaching",
                   page_template="coaching_script.md.j2", essential=("name", "behaviour", "questions", "observe")),
        Collection("meetings", Meeting, "meeting", "meeting", section="Meetings",
                   essential=("name", "purpose", "cadence", "agenda")),
        Collection("policies", Policy, "policy", "policy", section="Policies", essential=("name", "summary", "tables")),
        Collection("documents", DealDocument, "document", "deal document", section="Deal documents",
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
