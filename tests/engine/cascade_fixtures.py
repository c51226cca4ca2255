"""Random and hand-made cascades as engine arrays, for the cascade engine's tests."""

import numpy as np

from desktop.engine.cascade_arrays import CascadeArrays, RuleParams, level_order, shape_of


def make_rule(name: str, f: int, m: int, *, alpha=0.7, beta=0.2, overage=0.0, band=0.05,
              tilt=None, base=None, key=0, custom=None, rng=None) -> RuleParams:
    if tilt is None:
        tilt = (rng.normal(0, 0.1, (f, m)) if rng is not None else np.zeros((f, m)))
    weights = np.ones(f) / f if f else np.zeros(0)
    return RuleParams(name, name, alpha, beta, overage, band, np.asarray(tilt, float),
                      None if base is None else np.asarray(base, float), key, custom, weights)


def make_arrays(parent_of: list[int], *, m: int = 3, f: int = 2, rules=None, rule_of=None,
                factors=None, headcount=None, additive=None, root_weights=None,
                root_targets=None, seed: int = 0) -> CascadeArrays:
    """Arrays for a forest given in any order (it is put in level order here)."""
    rng = np.random.default_rng(seed)
    order = level_order(parent_of).tolist()
    pos = {old: new for new, old in enumerate(order)}
    parent = np.array([pos[parent_of[k]] if parent_of[k] >= 0 else -1 for k in order],
                      dtype=np.int64)
    n = len(order)
    child_start, child_end, level_start = shape_of(parent)
    rules = rules or [make_rule("r0", f, m, rng=rng)]
    rule_index = np.array([-1 if parent[i] < 0 else
                           (rule_of[order[i]] if rule_of is not None else i % len(rules))
                           for i in range(n)], dtype=np.int64)
    fac = (np.asarray(factors, float)[order] if factors is not None
           else rng.uniform(0.2, 2.0, (n, f)))
    hc = (np.asarray(headcount, float)[order] if headcount is not None
          else rng.integers(1, 20, n).astype(float))
    add = np.asarray(additive if additive is not None else [True] * (m - 1) + [False])
    w_root = np.asarray(root_weights if root_weights is not None else np.ones(m) / m)
    override = np.full((n, m), np.nan)
    targets = np.asarray(root_targets if root_targets is not None
                         else [1000.0 * (j + 1) if add[j] else 0.4 for j in range(m)])
    for i in np.flatnonzero(parent < 0):
        override[i] = targets
    return CascadeArrays(
        node_ids=[f"n{k}" for k in order], unit_ids=[f"u{k}" for k in order], parent=parent,
        child_start=child_start, child_end=child_end, level_start=level_start,
        metric_ids=[f"m{j}" for j in range(m)], additive=add,
        factor_names=[f"f{k}" for k in range(f)], factors=fac, rules=rules,
        rule_index=rule_index, headcount=hc, last_actual=rng.uniform(10, 100, (n, m)),
        custom={}, root_weights=w_root, override=override,
        locked=~np.isnan(override))


def random_parents(rng: np.random.Generator, n: int) -> list[int]:
    """A random tree: node k's parent is a random earlier node."""
    return [-1] + [int(rng.integers(0, k)) for k in range(1, n)]
