"""Every collection of the content model: where it lives in content/ and which model validates it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.base import Entity
from generator.model.coaching import CoachingScript
from generator.model.methods import Method
from generator.model.metrics import Metric
from generator.model.personas import Persona
from generator.model.philosophy import Philosophy
from generator.model.roles import Role
from generator.model.stages import Stage
from generator.model.strategy import Strategy


@dataclass(frozen=True)
class Collection:
    """Where a collection lives in content/ and which model validates it."""

    name: str
    model: type[Entity]
    single: bool = False
    kind: str = ""  # the singular, as `playbook new KIND` and links by id (`stage:discovery`) write it

    @property
    def path(self) -> str:
        return f"{self.name}.yml" if self.single else f"{self.name}/"


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("philosophy", Philosophy, single=True, kind="philosophy"),
        Collection("strategy", Strategy, single=True, kind="strategy"),
        Collection("personas", Persona, kind="persona"),
        Collection("roles", Role, kind="role"),
        Collection("stages", Stage, kind="stage"),
        Collection("methods", Method, kind="method"),
        Collection("metrics", Metric, kind="metric"),
        Collection("coaching", CoachingScript, kind="coaching"),
    )
}


# What discovery needs to know of the collections: each one's name, and whether it is a single file.
LAYOUT: dict[str, bool] = {name: c.single for name, c in COLLECTIONS.items()}
# Links by id inside text: the kind as written (`method:…`) → the collection.
LINK_KINDS: dict[str, str] = {c.kind: name for name, c in COLLECTIONS.items()}
