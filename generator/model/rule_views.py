"""Gates, tracks, named exceptions, policies and deal documents resolved for the pages.

``resolve.py`` calls :func:`link_rules` once every stage, role and process has its view: a gate
lands on the stage it guards, a track's phase on each stage it spans, a document on each stage
where it is started or required, a policy on its roles, stages and processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.model import documents, policies, processes
from generator.model.conditions import Condition
from generator.model.lines import Line
from generator.model.strategy import NamedException
from generator.model.view import View
from generator.model.views import ConditionView, Item, ProcessView, RoleView, StageView, StrategyView


@dataclass(eq=False)
class ExceptionView:
    id: str
    exception: NamedException
    when: ConditionView | None
    strategy: StrategyView

    def __getattr__(self, name: str) -> Any:
        return getattr(self.exception, name)

    @property
    def anchor(self) -> str:
        return f"exception--{self.id}"


@dataclass(eq=False)
class GateView:
    gate: processes.Gate
    process: ProcessView
    before: StageView
    criteria: list[Item]
    exceptions: list[ExceptionView]
    approver: RoleView | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gate, name)

    @property
    def anchor(self) -> str:
        return f"gate--{self.gate.id}"


@dataclass(eq=False)
class PhaseView:
    phase: processes.Phase
    track: ProcessView
    stages: list[StageView]  # the stages of the main process it spans, in order
    roles: list[RoleView]
    actions: list[Item]
    exit_criteria: list[Item]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.phase, name)

    @property
    def anchor(self) -> str:
        return f"phase--{self.phase.id}"


@dataclass(eq=False)
class RowView:
    row: policies.Row
    cells: list[Any]  # per column: the value, a linked view, or None (empty)
    when: ConditionView | None
    coming: bool = False  # valid_from is after the build date


@dataclass(eq=False)
class TableView:
    table: policies.Table
    rows: list[RowView]  # valid today (or coming)
    earlier: list[RowView]  # rows that ended

    def __getattr__(self, name: str) -> Any:
        return getattr(self.table, name)

    @property
    def has_conditions(self) -> bool:
        rows = (*self.rows, *self.earlier)
        return any(r.when is not None or r.row.valid_from or r.row.valid_until for r in rows)


@dataclass(eq=False, repr=False)
class PolicyView(View[policies.Policy]):
    tables: list[TableView] = field(default_factory=list)
    roles: list[RoleView] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)
    processes: list[ProcessView] = field(default_factory=list)


@dataclass(eq=False)
class DocumentUseView:
    document: DocumentView
    stage: StageView
    use: str
    note: str | None

    @property
    def words(self) -> str:
        return documents.USE_WORDS[self.use]


@dataclass(eq=False, repr=False)
class DocumentView(View[documents.DealDocument]):
    owner_role: RoleView | None = None
    roles: list[RoleView] = field(default_factory=list)
    uses: list[DocumentUseView] = field(default_factory=list)  # in stage order
    stages: list[StageView] = field(default_factory=list)
    named_in: list[StageView] = field(default_factory=list)  # stages whose lines say `document:` it


Items = Callable[[Iterable[Line]], list[Item]]
Resolve = Callable[[Condition | None], ConditionView | None]


def link_rules(
    v: dict[str, dict[str, Any]],
    strategy: StrategyView | None,
    processes_: list[ProcessView],
    stage_order: list[StageView],
    items: Items,
    condition: Resolve,
    today: Any,
) -> tuple[list[PolicyView], list[DocumentView]]:
    """Connect gates, tracks, policies and documents both ways; policies and documents come back by name."""
    exceptions = _exceptions(strategy, condition)
    for process in processes_:
        _gates_and_track(process, v, exceptions, items)
        process.rules = items(process.entity.rules)
    rank = {id(s): n for n, s in enumerate(stage_order)}
    pols = sorted(v["policies"].values(), key=lambda x: (x.title.casefold(), x.id))
    for policy in pols:
        p = policy.entity
        policy.roles = [v["roles"][i] for i in p.roles if i in v["roles"]]
        policy.stages = sorted((v["stages"][i] for i in set(p.stages) if i in v["stages"]), key=lambda s: rank[id(s)])
        policy.processes = [v["processes"][i] for i in p.processes if i in v["processes"]]
        policy.tables = [_table(t, v, condition, today) for t in p.tables]
        for target in (*policy.roles, *policy.stages, *policy.processes):
            target.policies.append(policy)
    for process in processes_:
        process.policies = _merged(
            process.policies, (v["policies"][i] for i in process.entity.policies if i in v["policies"])
        )
    docs = sorted(v["documents"].values(), key=lambda x: (x.title.casefold(), x.id))
    for doc in docs:
        d = doc.entity
        doc.owner_role = v["roles"].get(d.owner_role) if d.owner_role else None
        doc.roles = [v["roles"][i] for i in d.roles if i in v["roles"]]
        uses = [DocumentUseView(doc, v["stages"][u.stage], u.use, u.note) for u in d.stages if u.stage in v["stages"]]
        doc.uses = sorted(uses, key=lambda u: rank[id(u.stage)])
        for use in doc.uses:
            use.stage.documents.append(use)
        for role in _merged([doc.owner_role] if doc.owner_role else [], doc.roles):
            role.documents.append(doc)
    for stage in stage_order:
        named = {line.document for line in _lines_of(stage.entity) if line.document}
        for doc_id in sorted(named):
            if doc_id in v["documents"]:
                v["documents"][doc_id].named_in.append(stage)
    _mark_lines(v, strategy, exceptions)
    for doc in docs:
        doc.stages = sorted(
            {id(s): s for s in [*(u.stage for u in doc.uses), *doc.named_in]}.values(), key=lambda s: rank[id(s)]
        )
    return pols, docs


def _exceptions(strategy: StrategyView | None, condition: Resolve) -> dict[str, ExceptionView]:
    if strategy is None:
        return {}
    found = {i: ExceptionView(i, e, condition(e.when), strategy) for i, e in strategy.entity.exceptions.items()}
    strategy.exceptions = list(found.values())
    return found


def _gates_and_track(
    process: ProcessView, v: dict[str, dict[str, Any]], exceptions: dict[str, ExceptionView], items: Items
) -> None:
    p = process.entity
    main = v["processes"].get(p.alongside) if p.alongside else None
    if main is not None and main is not process:
        process.alongside_of = main
        main.tracks.append(process)
        for phase in p.phases:
            order = [s.id for s in main.stages]
            if phase.spans.from_ not in order or phase.spans.to not in order:
                continue
            spanned = main.stages[order.index(phase.spans.from_) : order.index(phase.spans.to) + 1]
            roles = [v["roles"][i] for i in phase.roles if i in v["roles"]]
            view = PhaseView(phase, process, spanned, roles, items(phase.actions), items(phase.exit_criteria))
            process.phases.append(view)
            for stage in spanned:
                stage.phases.append(view)
            for role in roles:
                role.phases.append(view)
    for gate in p.gates:
        before = v["stages"].get(gate.before)
        if before is None:
            continue
        approver = v["roles"].get(gate.approver) if gate.approver else None
        named = [exceptions[e] for e in gate.exceptions if e in exceptions]
        view = GateView(gate, process, before, items(gate.criteria), named, approver)
        process.gates.append(view)
        before.gates.append(view)


def _mark_lines(
    v: dict[str, dict[str, Any]], strategy: StrategyView | None, exceptions: dict[str, ExceptionView]
) -> None:
    """Every line naming a document or an exception gets it resolved, printed beside the line."""
    entities = [view.entity for by_id in v.values() for view in by_id.values()]
    for line in _lines_of([*entities, *([strategy.entity] if strategy else [])]):
        if line.unless is not None:
            line.shown_unless = exceptions.get(line.unless)
        if line.document is not None:
            line.shown_document = v["documents"].get(line.document)


def _merged(first: Iterable[Any], more: Iterable[Any]) -> list[Any]:
    return list({id(x): x for x in (*first, *more)}.values())


def _lines_of(value: Any) -> Iterable[Line]:
    """Every line written in an entity or its parts."""
    if isinstance(value, Line):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _lines_of(item)
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _lines_of(getattr(value, name))


def _table(table: policies.Table, v: dict[str, dict[str, Any]], condition: Resolve, today: Any) -> TableView:
    """A table's rows with their role and stage cells linked; rows that ended apart, as Earlier."""
    linked = {"role": v["roles"], "stage": v["stages"]}
    current: list[RowView] = []
    earlier: list[RowView] = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = row.cells.get(column.id)
            cells.append(linked[column.type].get(value, value) if column.type in linked else value)
        shown = RowView(row, cells, condition(row.when), row.valid_from is not None and row.valid_from > today)
        (earlier if row.valid_until is not None and row.valid_until < today else current).append(shown)
    return TableView(table, current, earlier)
