"""Incremental recompute gives exactly the full recompute, for random trees, rules and
edits (issue 3: "prove it with a hypothesis property test")."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine.cascade import compute, recompute_subtree
from tests.engine.cascade_fixtures import make_arrays, make_rule, random_parents

EDITS = ("factor", "override", "loose", "unlock", "rule", "headcount", "objective")


def _random_case(seed: int, n: int, n_rules: int):
    rng = np.random.default_rng(seed)
    m, f = 4, 3
    rules = [make_rule(f"r{k}", f, m, alpha=float(rng.uniform(0, 1)),
                       beta=float(rng.uniform(-0.5, 0.5)), overage=float(rng.uniform(0, 0.2)),
                       key=int(rng.integers(0, 3)), rng=rng) for k in range(n_rules)]
    parents = random_parents(rng, n)
    rule_of = [int(rng.integers(0, n_rules)) for _ in range(n)]
    a = make_arrays(parents, m=m, f=f, rules=rules, rule_of=rule_of, seed=seed)
    # a few locks to start with
    for i in rng.choice(n, size=min(n, 2), replace=False):
        if a.parent[i] >= 0:
            a.override[i, 0] = float(rng.uniform(10, 300))
            a.locked[i, 0] = True
    return rng, a


def _apply_edit(rng, a, kind: str, k: int) -> int:
    """Change the arrays in place as the document would, and return the node to
    recompute from."""
    top = int(a.parent[k]) if a.parent[k] >= 0 else k
    if kind == "factor":
        a.factors[k, int(rng.integers(0, a.factors.shape[1]))] = float(rng.uniform(0, 3))
    elif kind == "override":
        j = int(rng.integers(0, a.m))
        a.override[k, j] = float(rng.uniform(0, 500)) if a.additive[j] else 0.5
        a.locked[k, j] = True
    elif kind == "loose":  # a manual value that is not locked
        a.override[k, 0] = float(rng.uniform(0, 500))
        a.locked[k, 0] = False
    elif kind == "unlock":
        a.override[k, 0] = np.nan
        a.locked[k, 0] = False
    elif kind == "rule" and a.parent[k] >= 0:
        old = a.rules[a.rule_index[k]]
        a.rules.append(dataclasses.replace(old, id=f"edited{len(a.rules)}",
                                           alpha=float(rng.uniform(0, 1)),
                                           beta=float(rng.uniform(-1, 1)),
                                           overage=float(rng.uniform(0, 0.3))))
        a.rule_index[k] = len(a.rules) - 1
    elif kind == "headcount":
        a.headcount[k] = float(rng.integers(0, 30))
    elif kind == "objective":
        w = rng.uniform(0.1, 1, a.m)
        a.root_weights[:] = w / w.sum()
        return int(np.flatnonzero(a.parent < 0)[0])
    return top


def _same(x, y) -> bool:
    return np.array_equal(x, y, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 40), n_rules=st.integers(1, 3),
       edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10**6)),
                      min_size=1, max_size=4))
def test_incremental_equals_full_recompute(seed, n, n_rules, edits):
    rng, a = _random_case(seed, n, n_rules)
    result = compute(a)
    for kind, pick in edits:
        k = pick % n
        top = _apply_edit(rng, a, kind, k)
        result = recompute_subtree(a, result, top)
        full = compute(a)
        assert _same(result.weights, full.weights)
        assert _same(result.targets, full.targets)
        assert _same(result.share, full.share)
        assert sorted(map(repr, result.diagnostics)) == sorted(map(repr, full.diagnostics))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(2, 60))
def test_weights_always_sum_to_one_and_additive_children_cover_the_parent(seed, n):
    _, a = _random_case(seed, n, 2)
    a.override[a.parent >= 0] = np.nan  # no locks: the children must cover the parent
    a.locked[:] = False
    r = compute(a)
    assert np.allclose(r.weights.sum(axis=1), 1.0, atol=1e-9)
    for p in np.unique(a.parent[a.parent >= 0]):
        kids = np.flatnonzero(a.parent == p)
        overage = np.array([a.rules[a.rule_index[c]].overage for c in kids])
        for j in np.flatnonzero(a.additive):
            assert r.share[kids, j].sum() == pytest.approx(1.0, abs=1e-12)
            expected = r.targets[p, j] * (r.share[kids, j] * (1 + overage)).sum()
            assert r.targets[kids, j].sum() == pytest.approx(expected, rel=1e-12)
            if np.ptp(overage) == 0:  # one overage for all: exactly the SPEC's sum
                assert r.targets[kids, j].sum() == pytest.approx(
                    r.targets[p, j] * (1 + overage[0]), rel=1e-12)
