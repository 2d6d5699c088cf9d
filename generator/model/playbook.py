"""The resolved playbook: every entity's view, in reading order, by collection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from generator.model.collections import COLLECTIONS
from generator.model.view import View

if TYPE_CHECKING:
    from generator.model.views import MetricView


class Playbook:
    """The whole resolved playbook: for each collection of ``COLLECTIONS`` an attribute of its name
    (``playbook.stages``) holding its views in reading order, or for a one-file collection its view
    (None when the file is not there)."""

    def __init__(self, views: dict[str, list[Any]]) -> None:
        unknown = sorted(set(views) - set(COLLECTIONS))
        if unknown:
            raise ValueError(f"not collections: {', '.join(unknown)}")
        for name, collection in COLLECTIONS.items():
            found = views.get(name, [])
            setattr(self, name, (found[0] if found else None) if collection.single else found)

    if TYPE_CHECKING:  # the attributes are the collections' names, set above

        def __getattr__(self, name: str) -> Any: ...

    def views(self) -> list[tuple[str, View[Any]]]:
        """Every entity's view with its collection, in reading order."""
        found: list[tuple[str, View[Any]]] = []
        for name in COLLECTIONS:
            value = getattr(self, name)
            for view in value if isinstance(value, list) else ([value] if value is not None else []):
                found.append((name, view))
        return found

    def entity_pages(self) -> dict[tuple[str, str], str]:
        """Where each entity's page is, by the kind and id that a link in text names it with."""
        return {(COLLECTIONS[name].kind, view.id): view.page for name, view in self.views()}

    @property
    def lead_metrics(self) -> list[MetricView]:
        return [x for x in self.metrics if x.entity.kind == "lead"]

    @property
    def lag_metrics(self) -> list[MetricView]:
        return [x for x in self.metrics if x.entity.kind == "lag"]


def by_name(views: Iterable[Any]) -> list[Any]:
    return sorted(views, key=lambda v: (v.title.casefold(), v.id))
