"""Everything the cascade engine needs for one period, loaded from a workspace."""

from dataclasses import dataclass

from desktop.domain.cascade import Cascade
from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.domain.metric import Metric
from desktop.domain.objective import Objective
from desktop.domain.org import OrgUnit
from desktop.domain.period import Period
from desktop.domain.rule import CascadeRule
from desktop.engine.cascade import CascadeResult, compute
from desktop.engine.cascade_arrays import CascadeArrays
from desktop.engine.cascade_build import build_arrays
from desktop.store import loads
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

    def arrays(self) -> CascadeArrays:
        return build_arrays(self.cascade, self.units, self.metrics, self.rules,
                            self.objective, self.default_rule)

    def compute(self) -> tuple[CascadeArrays, CascadeResult]:
        arrays = self.arrays()
        return arrays, compute(arrays)

    def unit_by_code(self, code: str) -> OrgUnit:
        for unit in self.units.values():
            if unit.code == code:
                return unit
        raise UnknownEntityError(f"no org unit with code {code!r}")

    def metric_by_code(self, code: str) -> Metric:
        for metric in self.metrics:
            if metric.code == code or metric.id == code:
                return metric
        known = ", ".join(m.code for m in self.metrics)
        raise UnknownEntityError(f"no metric {code!r} (known: {known})")

    def node_of_unit(self, unit_id: str) -> str:
        for node in self.cascade.nodes.values():
            if node.unit_id == unit_id:
                return node.id
        raise UnknownEntityError(f"unit {self.units[unit_id].code} has no node in "
                                 f"cascade {self.cascade.name!r}")


def load_context(ws: Workspace, period_code: str | None = None) -> CascadeContext:
    """The cascade of ``period_code`` (default: the latest period that has one)."""
    with ws.read() as conn:
        periods = {p.id: p for p in loads.periods(conn)}
        headers = loads.cascade_headers(conn)
        if not headers:
            raise InvalidValueError(f"{ws.path}: the workspace has no cascade yet")
        if period_code is None:
            header = max(headers, key=lambda c: periods[c.period_id].start)
        else:
            matching = [c for c in headers if periods[c.period_id].code == period_code]
            if not matching:
                known = ", ".join(sorted(periods[c.period_id].code for c in headers))
                raise UnknownEntityError(
                    f"no cascade for period {period_code!r} (known: {known})")
            header = matching[0]
        cascade = loads.cascades(conn, only=header.id)[0]
        objectives = {o.id: o for o in loads.objectives(conn)}
        metrics = loads.metrics(conn)
        rules = {r.id: r for r in loads.rules(conn)}
        units = {u.id: u for u in loads.org_tree(conn)}
        dimension_ids = {d.code: d.id for d in loads.dimensions(conn)}
    if cascade.objective_id is None:
        raise InvalidValueError(f"cascade {cascade.name!r} has no objective")
    alpha = ws.settings()["cascade.inherit_share"]
    default_rule = CascadeRule(name="default rule", alpha=alpha, id="default-rule")
    return CascadeContext(periods[cascade.period_id], objectives[cascade.objective_id],
                          cascade, units, metrics, rules, default_rule, dimension_ids)
