"""Where the views of stages, processes, roles and the strategy keep their gates, tracks, policies
and deal documents (``rule_views.py`` fills them). Mixed into the views of ``views.py`` as keyword
fields, so those views stay one concept each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False, repr=False, kw_only=True)
class StageRules:
    gates: list[Any] = field(default_factory=list)  # GateView: the gates a deal passes to enter the stage
    phases: list[Any] = field(default_factory=list)  # PhaseView: track phases running during the stage
    documents: list[Any] = field(default_factory=list)  # DocumentUseView: documents started, required… here
    policies: list[Any] = field(default_factory=list)  # PolicyView


@dataclass(eq=False, repr=False, kw_only=True)
class ProcessRules:
    gates: list[Any] = field(default_factory=list)  # GateView, in the order of the stages they guard
    phases: list[Any] = field(default_factory=list)  # PhaseView, for a track
    alongside_of: Any = None  # ProcessView: the process a track runs beside
    tracks: list[Any] = field(default_factory=list)  # ProcessView: tracks running beside this process
    rules: list[Any] = field(default_factory=list)  # Item
    policies: list[Any] = field(default_factory=list)  # PolicyView


@dataclass(eq=False, repr=False, kw_only=True)
class RoleRules:
    policies: list[Any] = field(default_factory=list)  # PolicyView
    documents: list[Any] = field(default_factory=list)  # DocumentView it owns or contributes to
    phases: list[Any] = field(default_factory=list)  # PhaseView of tracks it works in


@dataclass(eq=False, repr=False, kw_only=True)
class StrategyRules:
    exceptions: list[Any] = field(default_factory=list)  # ExceptionView
