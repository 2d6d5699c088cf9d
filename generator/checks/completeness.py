"""What a playbook is still missing: one rule per part that matters, with its own severity.

Validation lets every optional part be left out; these rules say which of the missing parts matter
and how much (``error`` fails ``playbook check``), each at the file and line of the entity. A team
adopting the tool sees the list of what to write next, not a refusal to build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.checks.registry import Scope, Spot, rule
from generator.model.collections import COLLECTIONS


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def expect(
    rule_id: str,
    collection: str,
    field: str,
    title: str,
    advice: str | Callable[[Any], str],
    severity: str = "warning",
    *,
    present: Callable[[Any], bool] | None = None,
) -> None:
    """Register a rule: every entity of ``collection`` has ``field`` (or ``present(entity)``).
    ``advice`` says what is missing and what to add; a function of the entity when that varies."""

    def check(s: Scope) -> Iterator[Spot]:
        noun = COLLECTIONS[collection].noun
        for entity in s.all(collection):
            ok = present(entity) if present else not _empty(getattr(entity, field))
            if not ok:
                said = advice(entity) if callable(advice) else advice
                yield s.at(entity, ("name",), f"{noun} '{entity.id}' has no {said}", key=True)

    rule(rule_id, title, severity)(check)


def _has_expectations(role: Any) -> bool:
    e = role.expectations
    return e is not None and bool(e.stop or e.start or e.continue_)


# What a coaching script needs to run, and how a message names each part.
COACHING_PARTS = {"behaviour": "behaviour", "questions": "questions", "observe": "things to observe"}


def _coaching_runs(script: Any) -> bool:
    return not any(_empty(getattr(script, key)) for key in COACHING_PARTS)


def _coaching_missing(script: Any) -> str:
    """Exactly the parts that are missing: "questions: add 'questions'"."""
    missing = [key for key in COACHING_PARTS if _empty(getattr(script, key))]
    fields = _and(["'" + key + "'" for key in missing])
    return f"{_and([COACHING_PARTS[key] for key in missing])}: add {fields}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


expect(
    "stage-exit-criteria",
    "stages",
    "exit_criteria",
    "Every stage says when to move on: its exit criteria.",
    "exit criteria: add 'exit_criteria', the facts that must be true to move on",
    "error",
)
expect(
    "stage-goal",
    "stages",
    "goal",
    "Every stage states its goal in one sentence.",
    "goal: add 'goal', what the stage achieves for the buyer and for us",
)
expect(
    "stage-activities",
    "stages",
    "activities",
    "Every stage says who does what.",
    "activities: add 'activities', what each role does here",
)
expect(
    "stage-buyer-view",
    "stages",
    "buyer_view",
    "Every stage says what the buyer is thinking.",
    "buyer's view: add 'buyer_view'",
    "info",
)
expect(
    "role-purpose",
    "roles",
    "purpose",
    "Every role states why it exists.",
    "purpose: add 'purpose', why the role exists in the customer's terms",
)
expect(
    "role-expectations",
    "roles",
    "expectations",
    "Every role says what to stop, start and continue.",
    "stop / start / continue: add 'expectations'",
    present=_has_expectations,
)
expect(
    "role-focus",
    "roles",
    "tenure_tracks",
    "Every role has a tenure track with 1-3 focus metrics.",
    "focus metrics: add 'tenure_tracks' with 1-3 lead metrics",
)
expect(
    "role-manager-commitments",
    "roles",
    "manager_commitments",
    "Every role says what people can expect from their manager.",
    "manager commitments: add 'manager_commitments'",
    "info",
)
expect(
    "metric-definition",
    "metrics",
    "definition",
    "Every metric says exactly what counts.",
    "definition: add 'definition', exactly what counts",
)
expect(
    "coaching-runs",
    "coaching",
    "behaviour",
    "Every coaching script has a behaviour, questions and what to observe.",
    _coaching_missing,
    present=_coaching_runs,
)
expect(
    "coaching-rubric",
    "coaching",
    "rubric",
    "Coaching scripts have a rubric where the team rates the behaviour.",
    "rubric: add 'rubric' if the team rates this behaviour",
    "info",
)
expect(
    "meeting-agenda",
    "meetings",
    "agenda",
    "Every meeting has a timed agenda.",
    "agenda: add 'agenda', its parts with their minutes",
)
expect(
    "meeting-cadence",
    "meetings",
    "cadence",
    "Every meeting says when it happens.",
    "cadence: add 'cadence', when it happens",
    "info",
)
expect(
    "value-proof",
    "value",
    "proof",
    "Every value driver has proof points (company-wide differentiators: on each, or for all).",
    "proof points: add 'proof', customer stories or figures",
    present=lambda v: bool(v.proof) or (v.company_wide and all(d.proof for d in v.differentiators)),
)
expect(
    "competitor-how-we-win",
    "competitors",
    "how_we_win",
    "Every battlecard says how we win.",
    "'how we win': add 'how_we_win'",
)
expect(
    "persona-priorities",
    "personas",
    "priorities",
    "Every persona says what they are measured on.",
    "priorities: add 'priorities'",
    "info",
)


@rule("philosophy-written", "The philosophy says why we sell: a purpose, and the principles that follow.")
def philosophy_written(s: Scope) -> Iterator[Spot]:
    philosophy = s.one("philosophy")
    if philosophy is None:
        yield s.missing_file("philosophy.yml", "the philosophy (why we sell) is missing: add content/philosophy.yml")
    elif not philosophy.purpose:
        yield s.at(philosophy, ("name",), "the philosophy has no purpose: add 'purpose', why the sales role exists")


@rule("four-parts", "The process, the method and execution (metrics, coaching) are written.", "error")
def four_parts(s: Scope) -> Iterator[Spot]:
    if not s.all("stages"):
        yield s.missing_file("stages/", "the process is missing: add at least one stage in content/stages/")
    elif not s.all("processes"):
        yield s.missing_file("processes/", "no process lists the stages: add content/processes/sales-process.yml")
    if not s.all("methods"):
        yield s.missing_file("methods/", "the method is missing: add at least one method in content/methods/")
    if not s.all("metrics"):
        yield s.missing_file("metrics/", "execution has no measurement: add lead and lag metrics in content/metrics/")
    if not s.all("coaching"):
        yield s.missing_file("coaching/", "execution has no coaching: add a coaching script in content/coaching/")


@rule("stage-in-process", "Every stage has a place in a process.")
def stage_in_process(s: Scope) -> Iterator[Spot]:
    for stage in s.playbook.stages:
        if not stage.places:
            yield s.at(
                stage.entity,
                ("name",),
                f"stage '{stage.id}' is in no process: list it under 'stages' in a process file",
                key=True,
            )


@rule("stage-has-method", "Every stage has at least one method that says how to do it.")
def stage_has_method(s: Scope) -> Iterator[Spot]:
    for stage in s.playbook.stages:
        if not stage.methods:
            yield s.at(
                stage.entity,
                ("name",),
                f"stage '{stage.id}' has no method: list one under 'methods' (or the stage in a method's 'stages')",
                key=True,
            )


@rule("stage-has-coaching", "Every stage has at least one coaching script a manager can run.")
def stage_has_coaching(s: Scope) -> Iterator[Spot]:
    for stage in s.playbook.stages:
        if not stage.coaching:
            yield s.at(
                stage.entity,
                ("name",),
                f"stage '{stage.id}' has no coaching script: list one under "
                "'coaching' (or the stage in a script's 'stages')",
                key=True,
            )


@rule("element-questions", "Every qualification element has questions that uncover it.")
def element_questions(s: Scope) -> Iterator[Spot]:
    for framework in s.all("qualification"):
        for i, element in enumerate(framework.elements):
            if not element.questions:
                yield s.at(
                    framework,
                    ("elements", i, "name"),
                    f"element '{element.id}' has no questions: add 'questions' that uncover it",
                )


@rule("element-due", "Every qualification element is due at some stage.")
def element_due(s: Scope) -> Iterator[Spot]:
    for framework in s.all("qualification"):
        for i, element in enumerate(framework.elements):
            if element.due is None:
                yield s.at(
                    framework,
                    ("elements", i, "name"),
                    f"element '{element.id}' is due at no stage: add 'due', the stage by which it must be known",
                )
