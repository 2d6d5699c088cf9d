"""The base of every entity's view: the entity, its page and its file, with the entity's own fields
reachable by delegation. ``views.py`` adds each collection's resolved links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.model import base as b

E = TypeVar("E", bound=b.Entity)


@dataclass(eq=False)
class View(Generic[E]):
    """An entity plus its resolved links. Unknown attributes fall through to the entity."""

    entity: E
    page: str  # path of the entity's page, e.g. "process/discovery.md"
    source: str  # the content file it comes from, as shown to the user

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: expose the entity's own fields.
        if name == "entity":
            raise AttributeError(name)
        return getattr(self.entity, name)

    @property
    def id(self) -> str:
        return self.entity.id

    @property
    def title(self) -> str:
        return self.entity.title

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"
