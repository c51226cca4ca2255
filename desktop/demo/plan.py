"""What each unit's share of the company target will be, and where its node sits.

The generator stores no computed target (the cascade engine derives them from the rule).
To make the actuals plausible against those targets it asks the same engine for each
unit's share of the company's additive targets, under the demo's rule, and draws each
rep's actuals around it.
"""

import numpy as np

from desktop.demo.company import Company
from desktop.engine.cascade import compute
from desktop.engine.cascade_arrays import (
    KEY_HEADCOUNT,
    CascadeArrays,
    RuleParams,
    level_order,
    shape_of,
)

NODE_DX, NODE_DY = 180.0, 160.0


def company_shares(company: Company, beta: float) -> np.ndarray:
    """Each unit's share of the company's additive targets (1 for HQ): the cascade engine
    on a one-metric cascade whose top target is 1, with the demo rule's allocation (the
    headcount key, β, and the mean of the two standardised local factors)."""
    order = level_order(company.parent)
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    above = company.parent[order]
    parent = np.where(above < 0, -1, position[np.maximum(above, 0)])
    child_start, child_end, level_start = shape_of(parent)
    rule = RuleParams("demo", "demo rule", 0.7, beta, 0.0, 0.0, np.zeros((2, 1)), None,
                      KEY_HEADCOUNT, None, np.array([0.5, 0.5]))
    n = len(order)
    override = np.full((n, 1), np.nan)
    override[parent < 0] = 1.0
    ids = [str(i) for i in range(n)]
    arrays = CascadeArrays(
        node_ids=ids, unit_ids=ids, parent=parent, child_start=child_start,
        child_end=child_end, level_start=level_start, metric_ids=["share"],
        additive=np.array([True]), factor_names=["customer_density", "competition"],
        factors=np.column_stack([company.density, company.competition])[order],
        rules=[rule], rule_index=np.where(parent < 0, -1, 0),
        headcount=np.asarray(company.headcount, dtype=float)[order],
        last_actual=np.full((n, 1), np.nan), custom={}, root_weights=np.array([1.0]),
        override=override, locked=~np.isnan(override))
    shares = np.empty(n)
    shares[order] = compute(arrays).targets[:, 0]
    return shares


def layout(company: Company) -> tuple[np.ndarray, np.ndarray]:
    """A tidy top-down layout: reps side by side, each parent centred over its children."""
    size = len(company)
    depth = {"company": 0, "region": 1, "team": 2, "person": 3}
    y = np.array([depth[k] * NODE_DY for k in company.kind])
    x = np.zeros(size)
    x[company.reps] = np.arange(company.reps.size) * NODE_DX
    parent = company.parent
    for kind in ("person", "team", "region"):  # bottom-up
        block = np.flatnonzero(np.array([k == kind for k in company.kind]))
        sums = np.bincount(parent[block], x[block], size)
        counts = np.bincount(parent[block], None, size)
        has = counts > 0
        x[has] = sums[has] / counts[has]
    return np.round(x, 1), y
