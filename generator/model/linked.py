"""The view of a collection that declares none of its own: its references resolved from the model.

Each field of the entity that holds references (``stages: list[StageRef]``, ``owner_role: RoleRef``)
names the views of the entities it refers to, in their collection's reading order, so a template
writes ``item.stages | links`` for a new collection as for the others. Only the entity's own
top-level fields are resolved; a collection that needs more (links both ways, parts of its own)
declares a view of its own beside ``views.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.model.references import ref_target
from generator.model.view import E, View


@dataclass(eq=False, repr=False)
class LinkedView(View[E]):
    """An entity with each of its reference fields resolved into views (see the module's docstring)."""

    links: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        links = self.__dict__.get("links", {})
        if name in links:
            return links[name]
        return super().__getattr__(name)


def link_references(views: Iterable[LinkedView[Any]], ordered: dict[str, list[Any]]) -> None:
    """Fill each view's links from its entity's reference fields; ``ordered``: the views of every
    collection in reading order, by collection."""
    rank = {name: {id(view): n for n, view in enumerate(found)} for name, found in ordered.items()}
    by_id = {name: {view.id: view for view in found} for name, found in ordered.items()}
    for view in views:
        for name, info in type(view.entity).model_fields.items():
            target = ref_target(info.annotation, info.metadata)
            if target is None or target[0] not in by_id:
                continue
            collection, shape = target
            value = getattr(view.entity, name)
            if shape == "one":
                view.links[name] = by_id[collection].get(value) if value is not None else None
                continue
            found = {id(v): v for i in value if isinstance(i, str) and (v := by_id[collection].get(i)) is not None}
            view.links[name] = sorted(found.values(), key=lambda v: rank[collection][id(v)])
