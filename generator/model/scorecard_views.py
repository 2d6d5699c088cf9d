"""Scorecards resolved for their pages: each with the roles who score with it, and each role with
the scorecards it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import scorecards
from generator.model.view import View


@dataclass(eq=False)
class ScorecardView(View[scorecards.Scorecard]):
    roles: list[Any] = field(default_factory=list)  # RoleView, in the roles' order

    @property
    def grades(self) -> list[scorecards.Grade]:
        """The grades from the highest score down, as a reader looks them up."""
        return sorted(self.entity.thresholds, key=lambda g: -g.at_least)


def link_scorecards(v: dict[str, dict[str, Any]]) -> list[ScorecardView]:
    """Each scorecard with its roles and each role with its scorecards; scorecards come back by name."""
    cards = sorted(v["scorecards"].values(), key=lambda x: (x.title.casefold(), x.id))
    for card in cards:
        card.roles = [v["roles"][i] for i in card.entity.roles if i in v["roles"]]
        for role in card.roles:
            role.scorecards.append(card)
    return cards
