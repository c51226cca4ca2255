"""The cascade rule of SPEC §4, checked against hand computations."""

import numpy as np
import pytest

from desktop.engine.cascade import compute, recompute_subtree
from desktop.engine.cascade_arrays import KEY_HEADCOUNT
from tests.engine.cascade_fixtures import make_arrays, make_rule

# HQ with three regions; two factors; metrics: two additive, one ratio.
PARENTS = [-1, 0, 0, 0]
FACTORS = [[1.0, 1.0], [1.5, 0.5], [0.5, 1.0], [1.0, 1.5]]
HEADCOUNT = [20, 10, 5, 5]


def _arrays(**rule_kw):
    rule = make_rule("standard", 2, 3, key=KEY_HEADCOUNT,
                     tilt=[[0.1, -0.05, 0.0], [0.0, 0.0, 0.05]], **rule_kw)
    return make_arrays(PARENTS, rules=[rule], factors=FACTORS, headcount=HEADCOUNT,
                       root_weights=[0.4, 0.35, 0.25], root_targets=[1000.0, 100.0, 0.45])


def test_weights_blend_inherited_and_local_parts_and_sum_to_one():
    a = _arrays(alpha=0.7)
    r = compute(a)
    assert np.allclose(r.weights.sum(axis=1), 1.0, atol=1e-12)
    # z of factor 0 among the siblings 1.5, 0.5, 1.0: mean 1, population std sqrt(1/6)
    std = np.sqrt(((0.5**2) + (0.5**2) + 0) / 3)
    assert r.z[1, 0] == pytest.approx(0.5 / std)
    wp = np.array([0.4, 0.35, 0.25])
    local = np.maximum(0, wp + r.z[1] @ a.rules[0].tilt)
    local /= local.sum()
    assert np.allclose(r.weights[1], 0.7 * wp + 0.3 * local)


def test_alpha_one_copies_the_parent_weights_and_alpha_zero_is_all_local():
    assert np.allclose(compute(_arrays(alpha=1.0)).weights[1:], [0.4, 0.35, 0.25])
    r = compute(_arrays(alpha=0.0))
    assert np.allclose(r.weights[1:], r.local[1:])


def test_additive_targets_split_by_headcount_shares_and_sum_to_parent_with_overage():
    a = _arrays(beta=0.0, overage=0.1)
    r = compute(a)
    assert np.allclose(r.targets[1:, 0], 1000 * 1.1 * np.array([10, 5, 5]) / 20)
    assert r.targets[1:, 1].sum() == pytest.approx(100 * 1.1)


def test_factor_sensitivity_moves_shares_toward_high_factor_units():
    r = compute(_arrays(beta=0.5))
    zbar = r.z[1:].mean(axis=1)
    raw = np.array([10, 5, 5]) * np.maximum(0, 1 + 0.5 * zbar)
    assert np.allclose(r.share[1:, 0], raw / raw.sum())
    assert r.targets[1:, 0].sum() == pytest.approx(1000)


def test_ratio_targets_inherit_and_shift_within_the_band():
    r = compute(_arrays(beta=10.0, band=0.05))
    shifts = r.targets[1:, 2] - 0.45
    assert np.all(np.abs(shifts) <= 0.05 + 1e-12)
    assert np.abs(shifts).max() == pytest.approx(0.05)  # β large: clipped at the band


def test_a_locked_child_keeps_its_value_and_siblings_share_the_rest():
    a = _arrays(beta=0.0)
    a.override[1, 0], a.locked[1, 0] = 700.0, True
    r = compute(a)
    assert r.targets[1, 0] == 700.0
    assert np.allclose(r.targets[2:, 0], [150.0, 150.0])  # equal headcounts share 300
    assert not r.diagnostics


def test_locks_above_the_parent_target_are_reported_not_clamped():
    a = _arrays(beta=0.0)
    a.override[1, 0], a.locked[1, 0] = 1200.0, True
    r = compute(a)
    codes = {(d.code, d.node_id, d.metric_id) for d in r.diagnostics}
    assert ("locks_exceed", "n0", "m0") in codes
    assert r.targets[2, 0] < 0  # visible, with the diagnostic, rather than hidden


def test_every_sibling_locked_with_the_wrong_total_is_reported():
    a = _arrays(beta=0.0)
    a.override[1:, 0] = [100.0, 100.0, 100.0]
    a.locked[1:, 0] = True
    r = compute(a)
    assert [d.code for d in r.diagnostics] == ["all_locked"]
    a.override[1:, 0] = [500.0, 250.0, 250.0]
    assert compute(a).diagnostics == []


def test_an_all_zero_local_vector_is_reported_with_node_and_rule():
    a = _arrays(alpha=0.5, base=[0.0, 0.0, 0.0])
    a.rules[0].tilt[:] = 0.0
    r = compute(a)
    zero = [d for d in r.diagnostics if d.code == "zero_local"]
    assert {d.node_id for d in zero} == {"n1", "n2", "n3"}
    assert all(d.rule == "standard" for d in zero)
    assert np.allclose(r.weights.sum(axis=1), 1.0)


def test_missing_factor_and_missing_root_target_are_reported():
    a = _arrays()
    a.factors[2, 0] = np.nan
    a.override[0, 1] = np.nan
    codes = {(d.code, d.node_id) for d in compute(a).diagnostics}
    assert ("missing_factor", "n2") in codes
    assert ("root_target_missing", "n0") in codes


def test_incremental_after_an_edit_equals_full_recompute():
    a = _arrays(beta=0.3)
    before = compute(a)
    a.factors[2, 1] = 3.0  # an edit at region n2 moves its siblings too: recompute from n0
    after = recompute_subtree(a, before.copy(), 0)
    full = compute(a)
    assert np.array_equal(after.targets, full.targets)
    assert np.array_equal(after.weights, full.weights)


def test_an_unlocked_manual_value_moves_only_its_node_and_is_reported():
    a = _arrays(beta=0.0)
    plain = compute(a).targets.copy()
    a.override[1, 0], a.locked[1, 0] = 700.0, False
    r = compute(a)
    assert r.targets[1, 0] == 700.0
    assert np.array_equal(r.targets[2:, 0], plain[2:, 0])  # siblings keep their split
    (d,) = r.diagnostics
    assert (d.code, d.node_id, d.metric_id) == ("override_unbalanced", "n0", "m0")
    assert "1,200" in d.message and "lock it" in d.message


def test_a_lock_and_an_unlocked_value_together():
    a = _arrays(beta=0.0)
    a.override[1, 0], a.locked[1, 0] = 600.0, True  # takes 600 of 1000
    a.override[2, 0], a.locked[2, 0] = 10.0, False  # keeps its plain 250 reserved
    r = compute(a)
    assert r.targets[3, 0] == pytest.approx(1000 - 600 - 250)
    assert [d.code for d in r.diagnostics] == ["override_unbalanced"]


def test_large_factor_values_keep_their_spread():
    """1e7 + 0.1/0.2/0.3: a one-pass variance would round the spread away."""
    a = _arrays()
    a.factors[1:, 0] = [1e7 + 0.1, 1e7 + 0.2, 1e7 + 0.3]
    r = compute(a)
    assert r.z[1:, 0] == pytest.approx([-1.2247449, 0.0, 1.2247449], abs=1e-6)
