"""Everything the cascade engine needs for one period, loaded from a workspace."""

from dataclasses import dataclass

import numpy as np

from desktop.domain.cascade import Cascade
from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.domain.metric import Metric
from desktop.domain.objective import Objective
from desktop.domain.org import OrgUnit
from desktop.domain.period import Period
from desktop.domain.rule import AllocationKey, CascadeRule
from desktop.engine.cascade import CascadeResult, compute
from desktop.engine.cascade_arrays import CascadeArrays
from desktop.engine.cascade_build import build_arrays
from desktop.services.org_arrays import OrgArrays, org_arrays
from desktop.store import fact_arrays, loads
from desktop.store.clock import day_number
from desktop.store.loads import select_metric_keys
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class CascadeContext:
    period: Period
    objective: Objective
    cascade: Cascade
    units: dict[str, OrgUnit]
    metrics: list[Metric]
    rules: dict[str, CascadeRule]
    default_rule: CascadeRule
    dimension_ids: dict[str, str]  # dimension code -> id

    last_actual: dict[tuple[str, str], float] | None = None  # for last-actual keys
    _by_code: dict[str, OrgUnit] | None = None
    _node_of: dict[str, str] | None = None

    def arrays(self) -> CascadeArrays:
        custom = tuple(sorted({r.custom_key for r in self._rules_in_use()
                               if r.allocation_key == AllocationKey.CUSTOM and r.custom_key}))
        return build_arrays(self.cascade, self.units, self.metrics, self.rules,
                            self.objective, self.default_rule, self.last_actual or {},
                            custom_columns=custom)

    def _rules_in_use(self) -> list[CascadeRule]:
        used = {e.rule_id for e in self.cascade.edges.values()}
        return [self.default_rule, *(r for rid, r in self.rules.items() if rid in used)]

    def needs_last_actual(self) -> bool:
        return any(r.allocation_key == AllocationKey.LAST_ACTUAL for r in self._rules_in_use())

    def compute(self) -> tuple[CascadeArrays, CascadeResult]:
        arrays = self.arrays()
        return arrays, compute(arrays)

    def unit_by_code(self, code: str) -> OrgUnit:
        # indexes built on first use: a what-if names units one by one, and a scan per
        # name would be quadratic on a 100 000-unit company
        unit = (self._by_code or {}).get(code)
        if unit is None or unit.code != code or self.units.get(unit.id) is not unit:
            # first use, or the units changed since (an editor adds and renames them)
            self._by_code = {u.code: u for u in self.units.values()}
            unit = self._by_code.get(code)
        if unit is None:
            raise UnknownEntityError(f"no org unit with code {code!r}")
        return unit

    def metric_by_code(self, code: str) -> Metric:
        for metric in self.metrics:
            if metric.code == code or metric.id == code:
                return metric
        known = ", ".join(m.code for m in self.metrics)
        raise UnknownEntityError(f"no metric {code!r} (known: {known})")

    def node_of_unit(self, unit_id: str) -> str:
        node = (self._node_of or {}).get(unit_id)
        held = self.cascade.nodes.get(node) if node is not None else None
        if held is None or held.unit_id != unit_id:  # first use, or the cascade changed
            self._node_of = {n.unit_id: n.id for n in self.cascade.nodes.values()}
            node = self._node_of.get(unit_id)
        if node is None:
            raise UnknownEntityError(f"unit {self.units[unit_id].code} has no node in "
                                     f"cascade {self.cascade.name!r}")
        return node


def load_context(ws: Workspace, period_code: str | None = None) -> CascadeContext:
    """The cascade of ``period_code`` (default: the latest period that has one)."""
    with ws.read() as conn:
        periods = {p.id: p for p in loads.periods(conn)}
        header = choose_header(ws, loads.cascade_headers(conn), periods, period_code)
        cascade = loads.cascades(conn, only=header.id)[0]
        objectives = {o.id: o for o in loads.objectives(conn)}
        metrics = loads.metrics(conn)
        rules = {r.id: r for r in loads.rules(conn)}
        units = {u.id: u for u in loads.org_tree(conn)}
        dimension_ids = {d.code: d.id for d in loads.dimensions(conn)}
    if cascade.objective_id is None:
        raise InvalidValueError(f"cascade {cascade.name!r} has no objective")
    default_rule = default_rule_from(ws.settings())
    context = CascadeContext(periods[cascade.period_id], objectives[cascade.objective_id],
                             cascade, units, metrics, rules, default_rule, dimension_ids)
    if context.needs_last_actual():
        context.last_actual = last_period_actuals(ws, list(periods.values()), context.period,
                                                  metrics)
    return context


def choose_header(ws: Workspace, headers: list[Cascade], periods: dict[str, Period],
                  period_code: str | None) -> Cascade:
    """The cascade header of ``period_code`` (default: the latest period's)."""
    if not headers:
        raise InvalidValueError(f"{ws.path}: the workspace has no cascade yet")
    if period_code is None:
        return max(headers, key=lambda c: periods[c.period_id].start)
    matching = [c for c in headers if periods[c.period_id].code == period_code]
    if not matching:
        known = ", ".join(sorted(periods[c.period_id].code for c in headers))
        raise UnknownEntityError(f"no cascade for period {period_code!r} (known: {known})")
    return matching[0]


def default_rule_from(settings: dict) -> CascadeRule:
    """The rule of an edge that has none: the workspace's cascade.* settings (SPEC §4
    defaults, changeable by the user)."""
    return CascadeRule(name="default rule", alpha=settings["cascade.inherit_share"],
                       overage=settings["cascade.overage"],
                       ratio_band=settings["cascade.ratio_band"], id="default-rule")


def last_period_actuals(ws: Workspace, periods: list[Period], period: Period,
                        metrics: list[Metric]) -> dict[tuple[str, str], float]:
    """Each unit's actual in the period before ``period``, summed over its subtree (the
    "last period's actual" allocation key). Empty when there is no earlier period."""
    found = last_period_totals(ws, periods, period, metrics)
    if found is None:
        return {}
    org, totals = found
    return {(org.ids[i], m.id): float(totals[i, j])
            for i in range(len(org.ids)) for j, m in enumerate(metrics)}


def last_period_totals(ws: Workspace, periods: list[Period], period: Period,
                       metrics: list[Metric]) -> tuple[OrgArrays, np.ndarray] | None:
    """(org, (units, metrics) subtree totals) of the period before ``period``; None when
    there is none. The array form of last_period_actuals."""
    earlier = [p for p in periods if p.end < period.start]
    if not earlier:
        return None
    previous = max(earlier, key=lambda p: p.start)
    org = org_arrays(ws)
    with ws.read() as conn:
        facts = fact_arrays.actuals(conn, day_number(previous.start), day_number(previous.end))
        metric_keys = dict(conn.execute(select_metric_keys()).all())
    column_of_key = np.full(max(metric_keys.values(), default=0) + 1, -1, dtype=np.int64)
    for j, m in enumerate(metrics):
        column_of_key[metric_keys[m.id]] = j
    known = (facts.metric_key >= 0) & (facts.metric_key < len(column_of_key))
    col = np.where(known, column_of_key[np.where(known, facts.metric_key, 0)], -1)
    rows = org.rows(facts.unit_key)
    keep = (rows >= 0) & (col >= 0)
    totals = np.zeros((len(org.ids), len(metrics)))
    np.add.at(totals, (rows[keep], col[keep]), facts.value[keep])
    return org, org.tree.subtree_sum(totals)
