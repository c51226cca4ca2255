"""What each unit's share of the company target will be, and where its node sits.

The generator stores no computed target (the cascade engine derives them from the rule).
To make the actuals plausible against those targets it mirrors the rule's additive
allocation of SPEC §4 here — shares s_c ∝ headcount · max(0, 1 + β·z̄_c) among siblings,
z̄ the mean of the standardised local factors — and draws each rep's actuals around its
share of the company target.
"""

import numpy as np

from desktop.demo.company import Company

NODE_DX, NODE_DY = 180.0, 160.0


def _by_parent(values: np.ndarray, parent: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(parent, values, size)


def standardised(values: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Each unit's value standardised against its siblings (0 for the root and for
    siblings that are all equal)."""
    size = len(values)
    child = parent >= 0
    p = parent[child]
    n = np.maximum(_by_parent(np.ones(p.size), p, size), 1)
    mean = _by_parent(values[child], p, size) / n
    var = _by_parent(values[child] ** 2, p, size) / n - mean ** 2
    std = np.sqrt(np.maximum(var, 0.0))
    out = np.zeros(size)
    safe = std[p] > 1e-12
    out[np.flatnonzero(child)[safe]] = (values[child][safe] - mean[p][safe]) / std[p][safe]
    return out


def company_shares(company: Company, beta: float) -> np.ndarray:
    """Each unit's share of the company's additive targets (1 for HQ)."""
    parent = company.parent
    size = len(company)
    zbar = (standardised(company.density, parent)
            + standardised(company.competition, parent)) / 2
    raw = company.headcount * np.maximum(0.0, 1.0 + beta * zbar)
    child = parent >= 0
    totals = _by_parent(raw[child], parent[child], size)
    share = np.ones(size)
    share[child] = raw[child] / np.where(totals[parent[child]] > 0, totals[parent[child]], 1)
    cumulative = share.copy()
    # parents come before children, and each kind is one contiguous block
    for kind in ("region", "team", "person"):
        block = np.array([k == kind for k in company.kind])
        cumulative[block] = cumulative[parent[block]] * share[block]
    return cumulative


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
