"""One period's cascade for *reading* — tracking, the health index, the review — built
straight from the store's columns into the engine's arrays.

The designer edits domain objects (services/cascade_context.load_context), but a reader
only needs the numbers: 100 000 OrgUnit and TargetNode objects cost seconds on a large
company, the columns a fraction of that. ``arrays()`` gives exactly what
``CascadeContext.arrays()`` gives for the same cascade (tests/services/test_period_cascade).
"""

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.domain.cascade import Cascade
from desktop.domain.metric import Metric
from desktop.domain.objective import Objective
from desktop.domain.period import Period
from desktop.domain.rule import AllocationKey, CascadeRule
from desktop.engine.cascade import CascadeResult, compute
from desktop.engine.cascade_arrays import CascadeArrays, level_order, shape_of
from desktop.engine.cascade_build import rule_params
from desktop.services.cascade_context import (
    choose_header,
    default_rule_from,
    last_period_totals,
)
from desktop.store import bulk, copied_reads, loads
from desktop.store.cascade_reads import CascadeStructure
from desktop.store.column_copies import CopyReader
from desktop.store.copied_reads import CascadeNodes
from desktop.store.fact_cache import fact_stamp
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class PeriodCascade:
    period: Period
    objective: Objective
    cascade: Cascade  # the header only: no nodes, no edges
    metrics: list[Metric]
    node_unit_key: np.ndarray  # (nodes,) store key of each node's unit, in node-key order
    built: CascadeArrays
    order: np.ndarray  # engine row -> node position (node-key order)
    _result: CascadeResult | None = None

    def unit_keys(self) -> np.ndarray:
        """(nodes,) store key of each engine row's unit (the arrays' level order)."""
        return self.node_unit_key[self.order]

    def arrays(self) -> CascadeArrays:
        return self.built

    def compute(self) -> tuple[CascadeArrays, CascadeResult]:
        # computed once: the tracking targets and the path-soundness checks share it
        if self._result is None:
            self._result = compute(self.built)
        return self.built, self._result


def load_units(ws: Workspace) -> "Units":
    """Every org unit with its headcount and local factors, for ``load_period_cascade``
    (a reader of several periods loads them once)."""
    with ws.read() as conn:  # the 100 000-row tables from their copies
        copies = CopyReader(ws, conn)
        org = copied_reads.org_columns(copies)
        factors = copied_reads.unit_factor_columns(copies)
    return Units(org.key, org.id, org.headcount, factors)


def load_period_cascade(ws: Workspace, period_code: str | None = None,
                        units: "Units | None" = None, settings: dict | None = None,
                        nodes: CascadeNodes | None = None) -> PeriodCascade:
    """The cascade of ``period_code`` (default: the latest period that has one).
    ``units`` (load_units), ``settings`` (ws.settings()), ``nodes`` (every cascade's
    structure, copied_reads.cascade_nodes): when the caller has them."""
    with ws.read() as conn:
        periods = {p.id: p for p in loads.periods(conn)}
        header = choose_header(ws, loads.cascade_headers(conn), periods, period_code)
        objectives = {o.id: o for o in loads.objectives(conn)}
        metrics = loads.metrics(conn)
        rules = {r.id: r for r in loads.rules(conn)}
        nodes = nodes or copied_reads.cascade_nodes(CopyReader(ws, conn))
        cols = nodes.structure(header.id)
        overrides = loads.override_columns(conn, header.id)
        metric_key = bulk.key_map(conn, "metric")
    units = units or load_units(ws)
    objective = objectives[_objective_id(header)]
    default_rule = default_rule_from(settings or ws.settings())
    period = periods[header.period_id]
    node_unit_key = np.asarray(cols.node_unit_key, dtype=np.int64)
    built, order, in_use = _build(cols, node_unit_key, units, metrics, rules, objective,
                           default_rule, overrides, metric_key)
    if any(r.allocation_key == AllocationKey.LAST_ACTUAL for r in in_use):
        found = last_period_totals(ws, list(periods.values()), period, metrics)
        if found is not None:
            org, totals = found
            rows = org.rows(units.key_of_id(built.unit_ids))
            built.last_actual = np.where((rows >= 0)[:, None], totals[np.maximum(rows, 0)],
                                         np.nan)
    return PeriodCascade(period, objective, header, metrics, node_unit_key, built, order)


def shared_period_cascade(ws: Workspace, period_code: str | None = None) -> PeriodCascade:
    """``load_period_cascade(ws, period_code)``, computed, shared by the readers of the
    same workspace state in this process: the designer's pace status and the review
    compute the same latest period one after the other (or at once: the second waits
    for the first). Read-only for its users (nothing in tracking or health writes it).

    The state is the replica, the schema, the change log's newest entry (every entity
    write logs) and the actuals' stamp (the last-actual allocation reads them), read
    before and after the load: a write committed in between leaves nothing shared."""
    path = str(Path(ws.path).resolve())
    key = (path, period_code)
    with _shared_lock:
        lock = _path_locks.setdefault(path, threading.Lock())
    with lock:
        before = workspace_state(ws)
        with _shared_lock:  # readers of other files change it meanwhile
            found = _shared.get(key)
        if found is not None and found[0] == before:
            return found[1]
        cascade = load_period_cascade(ws, period_code)
        cascade.compute()
        if workspace_state(ws) == before:
            _keep(key, before, cascade)
        return cascade


def _keep(key: tuple[str, str | None], state: tuple, cascade: "PeriodCascade") -> None:
    with _shared_lock:
        _shared.pop(key, None)
        _shared[key] = (state, cascade)
        while len(_shared) > _SHARED:
            _shared.pop(next(iter(_shared)), None)
        # the locks of files no longer shared (not the one held now: its holder is us)
        kept = {p for p, _code in _shared}
        for path in [p for p, lock in _path_locks.items()
                     if p not in kept and not lock.locked()]:
            del _path_locks[path]


_SHARED = 4  # cascades kept (each ~20 MB at 100 000 nodes): a period or two per file
_shared: dict[tuple[str, str | None], tuple[tuple, PeriodCascade]] = {}
_shared_lock = threading.Lock()
_path_locks: dict[str, threading.Lock] = {}


def workspace_state(ws: Workspace) -> tuple:
    """What a cascade computed from ``ws`` depends on, in one snapshot: the change log's
    newest entry (every entity write logs), the schema revision, the replica and the
    actuals' stamp. Equal states read before one load and after another: nothing they
    read was written in between."""
    with ws.read() as conn:
        raw = conn.connection.driver_connection
        if not conn.in_transaction():
            conn.begin()
        newest = raw.execute("SELECT seq, txn_id FROM change_log ORDER BY seq DESC LIMIT 1"
                             ).fetchone()
        revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()
        replica = raw.execute("SELECT value FROM workspace_meta WHERE name = 'replica_id'"
                              ).fetchone()
        actuals = json.dumps(fact_stamp(conn), sort_keys=True)
    return (tuple(newest or ()), tuple(revision or ()), tuple(replica or ()), actuals)


def _objective_id(header: Cascade) -> str:
    if header.objective_id is None:
        from desktop.domain.errors import InvalidValueError

        raise InvalidValueError(f"cascade {header.name!r} has no objective")
    return header.objective_id


class Units:
    """The org units a cascade's nodes name, by store key."""

    def __init__(self, key, ids, headcount, factors) -> None:
        self.key = np.asarray(key, dtype=np.int64)
        self.ids = ids
        size = int(self.key.max()) + 1 if len(self.key) else 0
        self.row = np.full(size, -1, dtype=np.int64)
        self.row[self.key] = np.arange(len(self.key))
        self.headcount = np.asarray(headcount, dtype=float)
        self.factor_key = np.asarray(factors[0], dtype=np.int64)
        self.factor_name = factors[1]
        self.factor_value = np.asarray(factors[2], dtype=float)
        self._row_of_id: dict[str, int] | None = None

    def key_of_id(self, unit_ids: list[str]) -> np.ndarray:
        if self._row_of_id is None:
            self._row_of_id = {u: i for i, u in enumerate(self.ids)}
        return self.key[[self._row_of_id[u] for u in unit_ids]]


def _build(cols: CascadeStructure, node_unit_key: np.ndarray, units: Units,
           metrics: list[Metric], rules: dict[str, CascadeRule], objective: Objective,
           default_rule: CascadeRule, overrides, metric_key: dict[str, int]
           ) -> tuple[CascadeArrays, np.ndarray, list[CascadeRule]]:
    """engine/cascade_build.build_arrays on columns, step for step; with the rules in use
    (the default and the edges')."""
    n = len(cols.node_id)
    parent_pos = np.full(n, -1, dtype=np.int64)
    rule_of: list[str | None] = [None] * n
    has_edge = np.zeros(n, dtype=bool)
    # edges in key order, the later edge into a node wins, as Cascade.edges keeps it
    parent_pos[np.asarray(cols.edge_child, dtype=np.int64)] = np.asarray(cols.edge_parent,
                                                                         dtype=np.int64)
    has_edge[np.asarray(cols.edge_child, dtype=np.int64)] = True
    for child, rule_id in zip(cols.edge_child, cols.edge_rule_id, strict=True):
        rule_of[child] = rule_id
    order = level_order(parent_pos)
    new_pos = np.empty(n, dtype=np.int64)
    new_pos[order] = np.arange(n)
    above = parent_pos[order]
    parent = np.where(above >= 0, new_pos[np.maximum(above, 0)], -1).astype(np.int64)
    child_start, child_end, level_start = shape_of(parent)
    pick = order.tolist()
    node_ids = [cols.node_id[k] for k in pick]
    unit_row = units.row[node_unit_key[order]]

    metric_ids = [m.id for m in metrics]
    used_rules = {r for r in rule_of if r}  # only nodes with an edge have a rule
    node_keys = np.zeros(len(units.row), dtype=bool)
    node_keys[node_unit_key] = True
    on_nodes = node_keys[units.factor_key]
    factor_names = sorted({units.factor_name[i] for i in np.flatnonzero(on_nodes).tolist()}
                          | {f for rid in used_rules for f in rules[rid].tilt})
    rule_list = [default_rule] + [rules[rid] for rid in sorted(used_rules)]
    rule_pos = {rule.id: k for k, rule in enumerate(rule_list)}
    params = [rule_params(rule, factor_names, metric_ids) for rule in rule_list]
    edge = has_edge.tolist()  # list lookups: no NumPy scalar per node
    rule_index = np.array([rule_pos.get(rule_of[k] or "", 0) if edge[k] else -1
                           for k in pick], dtype=np.int64)

    m, f = len(metric_ids), len(factor_names)
    by_unit = np.full((len(units.ids), f), np.nan)  # every unit's factors, by unit row
    f_col = {name: j for j, name in enumerate(factor_names)}
    cols_f = np.array([f_col.get(name, -1) for name in units.factor_name], dtype=np.int64)
    rows_f = units.row[units.factor_key]
    keep = (cols_f >= 0) & (rows_f >= 0)
    by_unit[rows_f[keep], cols_f[keep]] = units.factor_value[keep]
    factors = by_unit[unit_row].reshape(n, f)

    override = np.full((n, m), np.nan)
    locked = np.zeros((n, m), dtype=bool)
    node_key, o_metric, o_value, o_locked = overrides
    if node_key:
        position = {k: i for i, k in enumerate(cols.node_key)}
        col_of_key = {metric_key[mid]: j for j, mid in enumerate(metric_ids)}
        o_rows = new_pos[[position[k] for k in node_key]]
        o_cols = np.array([col_of_key[k] for k in o_metric], dtype=np.int64)
        override[o_rows, o_cols] = o_value
        locked[o_rows, o_cols] = np.asarray(o_locked, dtype=bool)
    weights = objective.metric_weights(metrics)
    custom = {r.custom_key for r in rule_list
              if r.allocation_key == AllocationKey.CUSTOM and r.custom_key}
    return CascadeArrays(
        node_ids=node_ids, unit_ids=[units.ids[r] for r in unit_row.tolist()], parent=parent,
        child_start=child_start, child_end=child_end, level_start=level_start,
        metric_ids=metric_ids,
        additive=np.array([m_.is_additive for m_ in metrics], dtype=bool),
        factor_names=factor_names, factors=factors, rules=params, rule_index=rule_index,
        headcount=units.headcount[unit_row], last_actual=np.full((n, m), np.nan),
        custom={c: (factors[:, f_col[c]].copy() if c in f_col else np.full(n, np.nan))
                for c in sorted(custom)},
        root_weights=np.array([weights.get(mid, 0.0) for mid in metric_ids]),
        override=override, locked=locked), order, rule_list
