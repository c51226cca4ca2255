"""Cascade use cases: recompute, explain, what-if, publish, carry-over."""

import datetime as dt
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from desktop.domain.cascade import Cascade, TargetNode, TargetOverride
from desktop.domain.errors import InvalidValueError
from desktop.domain.objective import Objective
from desktop.domain.period import quarter
from desktop.domain.version import CascadeVersion
from desktop.engine.cascade import CascadeResult, Diagnostic
from desktop.engine.cascade_arrays import CascadeArrays
from desktop.engine.provenance import Provenance, explain
from desktop.services.cascade_context import CascadeContext, load_context
from desktop.services.period_cascade import load_period_cascade
from desktop.services.what_if_changes import apply_changes
from desktop.store import entities, loads, versions
from desktop.store.clock import default_author
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class CascadeSummary:
    cascade: str
    period: str
    nodes: int
    metrics: list[str]
    diagnostics: list[Diagnostic]
    seconds: float
    totals: dict[str, float] = field(default_factory=dict)  # top node's target per metric

    def as_json(self) -> dict[str, Any]:
        return {"cascade": self.cascade, "period": self.period, "nodes": self.nodes,
                "metrics": self.metrics, "seconds": round(self.seconds, 4),
                "totals": self.totals,
                "diagnostics": [{"code": d.code, "node": d.node_id, "metric": d.metric_id,
                                 "rule": d.rule, "message": d.message}
                                for d in self.diagnostics]}


def recompute(ws: Workspace, period: str | None = None) -> CascadeSummary:
    """Recompute a period's cascade from its columns (no domain object per node: a
    100 000-unit cascade loads in a fraction of the time) and summarise it."""
    cascade = load_period_cascade(ws, period)
    started = time.perf_counter()
    arrays, result = cascade.compute()
    elapsed = time.perf_counter() - started
    with ws.read() as conn:
        columns = loads.org_columns(conn)
    unit_code = dict(zip(columns.id, columns.code, strict=True))
    codes = {m.id: m.code for m in cascade.metrics}
    named = [Diagnostic(d.code, unit_code[arrays.unit_ids[arrays.index_of[d.node_id]]],
                        codes.get(d.metric_id or "", d.metric_id), d.rule, d.message,
                        d.about_children) for d in result.diagnostics]
    root = int(np.flatnonzero(arrays.parent < 0)[0])
    return CascadeSummary(
        cascade.cascade.name, cascade.period.code, arrays.n, [m.code for m in cascade.metrics],
        named, elapsed,
        {codes[mid]: float(result.targets[root, j]) for j, mid in enumerate(arrays.metric_ids)})


def _named(context: CascadeContext, arrays: CascadeArrays, diagnostics: list[Diagnostic]
           ) -> list[Diagnostic]:
    """Diagnostics with unit codes and metric codes instead of ids, for people."""
    codes = {m.id: m.code for m in context.metrics}
    out = []
    for d in diagnostics:
        unit = context.units[arrays.unit_ids[arrays.index_of[d.node_id]]]
        out.append(Diagnostic(d.code, unit.code, codes.get(d.metric_id or "", d.metric_id),
                              d.rule, d.message, d.about_children))
    return out


def provenance(ws: Workspace, unit_code: str, metric_code: str, period: str | None = None
               ) -> tuple[CascadeContext, Provenance]:
    context = load_context(ws, period)
    arrays, result = context.compute()
    unit = context.unit_by_code(unit_code)
    metric = context.metric_by_code(metric_code)
    return context, explain(arrays, result, context.node_of_unit(unit.id), metric.id)


# --- what-if ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DiffRow:
    unit: str
    metric: str
    quantity: str  # "weight" or "target"
    old: float
    new: float

    @property
    def delta(self) -> float:
        return self.new - self.old

    @property
    def change(self) -> float:
        """Relative change; NaN when the old value is 0."""
        return self.delta / self.old if self.old else float("nan")


@dataclass(slots=True)
class WhatIf:
    rows: list[DiffRow]
    baseline: str  # what "old" is: a published version, or today's computation
    diagnostics: list[Diagnostic]


def what_if(ws: Workspace, changes_file: Path, period: str | None = None) -> WhatIf:
    """Weights and targets after the proposed changes, against the current published
    version (or, if it has no frozen values, the current computation). Saves nothing."""
    try:
        changes = json.loads(Path(changes_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidValueError(f"{changes_file}: cannot read the changes ({exc})") from None
    return what_if_changes(ws, changes, str(changes_file), period)


def what_if_changes(ws: Workspace, changes: Any, source: str, period: str | None = None
                    ) -> WhatIf:
    context = load_context(ws, period)
    old, label = baseline(ws, context)
    apply_changes(context, changes, source)
    arrays, result = context.compute()
    return WhatIf(diff(context, arrays, result, old), label,
                  _named(context, arrays, result.diagnostics))


def baseline(ws: Workspace, context: CascadeContext,
             current: tuple[CascadeArrays, CascadeResult] | None = None
             ) -> tuple[dict[tuple[str, str], tuple[float, float]], str]:
    """{(unit id, metric id): (weight, target)} of the published version, or of the
    current computation when nothing is published yet; and a label saying which.
    ``current``: the context's figures when the caller has them (not computed again)."""
    with ws.read() as conn:
        version = versions.latest_version(conn, context.cascade.id)
        frozen = versions.frozen_values(conn, version.id) if version is not None else {}
    if frozen:
        return frozen, (f"published version {version.number} "
                        f"({version.published_at:%Y-%m-%d})")
    label = ("the current computation (no version published yet)" if version is None else
             f"the current computation (version {version.number} was recorded without "
             "its values)")
    return _current(context, current), label


def _baseline(ws: Workspace, context: CascadeContext
              ) -> dict[tuple[str, str], tuple[float, float]]:
    """The baseline values alone (for the designer)."""
    return baseline(ws, context)[0]


def _current(context: CascadeContext,
             current: tuple[CascadeArrays, CascadeResult] | None = None) -> "FigureTable":
    arrays, result = current if current is not None else context.compute()
    return FigureTable(arrays.unit_ids, arrays.metric_ids, result.weights, result.targets)


class FigureTable(Mapping):
    """{(unit id, metric id): (weight, target)} over a copy of a computation's arrays:
    read only where asked (a what-if), instead of 300 000 tuples made at every load."""

    def __init__(self, unit_ids: list[str], metric_ids: list[str], weights: np.ndarray,
                 targets: np.ndarray) -> None:
        self._units, self._metrics = list(unit_ids), list(metric_ids)
        self._weights, self._targets = weights.copy(), targets.copy()  # edits recompute
        self._rows: dict[str, int] | None = None  # in place: this keeps the baseline

    def _index(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {u: i for i, u in enumerate(self._units)}
        return self._rows

    def __getitem__(self, key: tuple[str, str]) -> tuple[float, float]:
        unit, metric = key
        i = self._index().get(unit)
        if i is None or metric not in self._metrics:
            raise KeyError(key)
        j = self._metrics.index(metric)
        return float(self._weights[i, j]), float(self._targets[i, j])

    def __iter__(self):
        return ((u, m) for u in self._units for m in self._metrics)

    def __len__(self) -> int:
        return len(self._units) * len(self._metrics)


def diff(context: CascadeContext, arrays: CascadeArrays, result: CascadeResult,
         old: dict[tuple[str, str], tuple[float, float]]) -> list[DiffRow]:
    """Old and new weight and target per unit and metric."""
    codes = {m.id: m.code for m in context.metrics}
    missing = (float("nan"), float("nan"))
    rows = []
    for i, unit_id in enumerate(arrays.unit_ids):
        unit = context.units[unit_id].code
        for j, metric_id in enumerate(arrays.metric_ids):
            weight, target = old.get((unit_id, metric_id), missing)
            rows.append(DiffRow(unit, codes[metric_id], "weight", weight,
                                float(result.weights[i, j])))
            rows.append(DiffRow(unit, codes[metric_id], "target", target,
                                float(result.targets[i, j])))
    return rows


# --- publish and carry-over ----------------------------------------------------------
def publish(ws: Workspace, note: str, author: str | None = None, period: str | None = None,
            at: dt.datetime | None = None) -> CascadeVersion:
    """Freeze the cascade as it computes now. Refused while the engine reports problems
    that would publish wrong numbers (a missing top target, locks that do not add up)."""
    context = load_context(ws, period)
    arrays, result = context.compute()
    blocking = [d for d in result.diagnostics
                if d.code in ("root_target_missing", "locks_exceed", "all_locked")]
    if blocking:
        first = _named(context, arrays, blocking)[0]
        raise InvalidValueError(f"cannot publish: {first.node_id} {first.metric_id or ''}: "
                                f"{first.message} ({len(blocking)} problem(s))")
    who = author or default_author()
    with ws.transaction(who) as tx:
        # numbered inside the write: two publishers cannot both take the same number
        number = versions.next_version_number(tx.conn, context.cascade.id)
        version = CascadeVersion(context.cascade.id, number, at or dt.datetime.now(dt.UTC),
                                 who, note)
        versions.publish(tx, version, arrays.unit_ids, arrays.metric_ids, result.weights,
                         result.targets)
    return version


def carry_over(ws: Workspace, to_period: str, author: str | None = None,
               period: str | None = None) -> Cascade:
    """Start ``to_period`` from this cascade in one step: the same structure, rules and
    locks, and a copy of the objective."""
    context = load_context(ws, period)
    with ws.read() as conn:
        periods = {p.code: p for p in loads.periods(conn)}
    target = periods.get(to_period) or _parse_quarter(to_period)
    if target.start <= context.period.start:
        raise InvalidValueError(f"carry-over goes forward: {to_period} does not start after "
                                f"{context.period.code}")
    objective = Objective(code=f"{context.objective.code}@{to_period}",
                          title=context.objective.title, period_id=target.id,
                          dimension_weights=dict(context.objective.dimension_weights),
                          metric_shares=dict(context.objective.metric_shares),
                          strategic_product_lines=set(context.objective.strategic_product_lines))
    cascade = Cascade(name=f"{context.cascade.name.split(' · ')[0]} · {to_period}",
                      period_id=target.id, objective_id=objective.id)
    mapping = {}
    for old in context.cascade.nodes.values():
        node = TargetNode(cascade.id, old.unit_id, old.x, old.y, old.collapsed,
                          {m: TargetOverride(o.value, o.locked)
                           for m, o in old.overrides.items() if o.locked})
        mapping[old.id] = node.id
        cascade.nodes[node.id] = node
    for child, edge in context.cascade.edges.items():
        cascade.connect(mapping[edge.parent_node_id], mapping[child], edge.rule_id)
    with ws.transaction(author) as tx:
        # checked inside the write, so two carry-overs cannot both pass the check
        if any(c.period_id == target.id for c in loads.cascade_headers(tx.conn)):
            raise InvalidValueError(f"period {to_period} already has a cascade")
        if to_period not in periods:
            tx.insert("period", entities.period_row(target))
        entities.add_objective(tx, objective)
        entities.add_cascade(tx, cascade)
    return cascade


def _parse_quarter(code: str):
    try:
        year, q = code.split("-Q")
        return quarter(int(year), int(q))
    except (ValueError, InvalidValueError):
        raise InvalidValueError(f"period {code!r} does not exist; give an existing period or "
                                "a quarter like 2025-Q3") from None

