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
    """Where a collection lives in content/ and which model validates it."""

    name: str
    model: type[Entity]
    kind: str  # the singular, as `playbook new KIND` and links by id write it
    noun: str  # as messages say it
    single: bool = False

    @property
    def path(self) -> str:
        return f"{self.name}.yml" if self.single else f"{self.name}/"


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("philosophy", Philosophy, "philosophy", "philosophy", single=True),
        Collection("strategy", Strategy, "strategy", "strategy", single=True),
        Collection("processes", Process, "process", "process"),
        Collection("stages", Stage, "stage", "stage"),
        Collection("forecast", ForecastCategory, "forecast", "forecast category"),
        Collection("qualification", Framework, "qualification", "qualification framework"),
        Collection("value", ValueDriver, "value", "value driver"),
        Collection("competitors", Competitor, "competitor", "competitor"),
        Collection("personas", Persona, "persona", "persona"),
        Collection("roles", Role, "role", "role"),
        Collection("methods", Method, "method", "method"),
        Collection("metrics", Metric, "metric", "metric"),
        Collection("coaching", CoachingScript, "coaching", "coaching script"),
        Collection("meetings", Meeting, "meeting", "meeting"),
        Collection("policies", Policy, "policy", "policy"),
        Collection("documents", DealDocument, "document", "deal document"),
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
