"""Building CascadeArrays from domain objects (a cascade, its units, metrics, rules)."""

from collections.abc import Mapping

import numpy as np

from desktop.domain.cascade import Cascade
from desktop.domain.errors import InvalidValueError
from desktop.domain.metric import Metric
from desktop.domain.objective import Objective
from desktop.domain.org import OrgUnit
from desktop.domain.rule import CascadeRule
from desktop.engine.cascade_arrays import (
    KEY_CODES,
    CascadeArrays,
    RuleParams,
    level_order,
    shape_of,
)


def rule_params(rule: CascadeRule, factor_names: list[str], metric_ids: list[str]
                ) -> RuleParams:
    problems = rule.problems()
    if problems:
        field_name, message = problems[0]
        raise InvalidValueError(f"rule {rule.name!r}, field {field_name}: {message}")
    f_index = {name: k for k, name in enumerate(factor_names)}
    m_index = {mid: j for j, mid in enumerate(metric_ids)}
    tilt = np.zeros((len(factor_names), len(metric_ids)))
    for factor, row in rule.tilt.items():
        for metric_id, coef in row.items():
            if metric_id not in m_index:
                raise InvalidValueError(
                    f"rule {rule.name!r}, field tilt: metric {metric_id} is not in this cascade")
            tilt[f_index[factor], m_index[metric_id]] = coef
    base = None
    if rule.base is not None:
        unknown = set(rule.base) - set(m_index)
        if unknown:
            raise InvalidValueError(
                f"rule {rule.name!r}, field base: unknown metrics {sorted(unknown)}")
        base = np.array([rule.base.get(mid, 0.0) for mid in metric_ids])
    weights = np.zeros(len(factor_names))
    chosen = rule.factor_weights or {f: 1.0 for f in rule.factors()}
    for factor, w in chosen.items():
        if factor in f_index:
            weights[f_index[factor]] = w
    if weights.sum() > 0:
        weights /= weights.sum()
    return RuleParams(rule.id, rule.name, rule.alpha, rule.beta, rule.overage, rule.ratio_band,
                      tilt, base, KEY_CODES[str(rule.allocation_key)], rule.custom_key, weights)


def build_arrays(cascade: Cascade, units: Mapping[str, OrgUnit], metrics: list[Metric],
                 rules: Mapping[str, CascadeRule], objective: Objective,
                 default_rule: CascadeRule,
                 last_actual: Mapping[tuple[str, str], float] | None = None,
                 custom_columns: tuple[str, ...] = ()) -> CascadeArrays:
    """Arrays for the engine; edges without a rule use ``default_rule``. Custom allocation
    columns are read from the units' local factors of the same name."""
    ids = list(cascade.nodes)
    position = {node_id: k for k, node_id in enumerate(ids)}
    parent_pos = [position[cascade.edges[nid].parent_node_id] if nid in cascade.edges else -1
                  for nid in ids]
    order = level_order(parent_pos).tolist()
    node_ids = [ids[k] for k in order]
    new_pos = {old: new for new, old in enumerate(order)}
    parent = np.array([new_pos[parent_pos[k]] if parent_pos[k] >= 0 else -1 for k in order],
                      dtype=np.int64)
    child_start, child_end, level_start = shape_of(parent)
    node_units = [units[cascade.nodes[nid].unit_id] for nid in node_ids]

    metric_ids = [m.id for m in metrics]
    used_rules = {e.rule_id for e in cascade.edges.values() if e.rule_id}
    factor_names = sorted({f for u in node_units for f in u.factors}
                          | {f for rid in used_rules for f in rules[rid].tilt})
    rule_list = [default_rule] + [rules[rid] for rid in sorted(used_rules)]
    rule_pos = {rule.id: k for k, rule in enumerate(rule_list)}
    params = [rule_params(rule, factor_names, metric_ids) for rule in rule_list]
    rule_index = np.array([
        -1 if nid not in cascade.edges else rule_pos.get(cascade.edges[nid].rule_id or "", 0)
        for nid in node_ids], dtype=np.int64)

    n, m = len(node_ids), len(metric_ids)
    factors = np.array([[u.factors.get(f, np.nan) for f in factor_names] for u in node_units],
                       dtype=float).reshape(n, len(factor_names))
    override = np.full((n, m), np.nan)
    locked = np.zeros((n, m), dtype=bool)
    for i, nid in enumerate(node_ids):
        for metric_id, o in cascade.nodes[nid].overrides.items():
            j = metric_ids.index(metric_id)
            override[i, j], locked[i, j] = o.value, o.locked
    last = np.full((n, m), np.nan)
    if last_actual:
        for i, u in enumerate(node_units):
            for j, mid in enumerate(metric_ids):
                last[i, j] = last_actual.get((u.id, mid), np.nan)
    weights = objective.metric_weights(metrics)
    return CascadeArrays(
        node_ids=node_ids, unit_ids=[u.id for u in node_units], parent=parent,
        child_start=child_start, child_end=child_end, level_start=level_start,
        metric_ids=metric_ids,
        additive=np.array([m_.is_additive for m_ in metrics], dtype=bool),
        factor_names=factor_names, factors=factors, rules=params, rule_index=rule_index,
        headcount=np.array([float(u.headcount) for u in node_units]), last_actual=last,
        custom={c: np.array([u.factors.get(c, np.nan) for u in node_units])
                for c in custom_columns},
        root_weights=np.array([weights.get(mid, 0.0) for mid in metric_ids]),
        override=override, locked=locked)
