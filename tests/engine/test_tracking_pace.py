"""Pace and achievement (SPEC §5): linear and profile plan curves, ratio metrics, and
targets or denominators that leave the achievement undefined."""

import numpy as np
import pytest

from desktop.domain.period import Period, PlanCurve, quarter
from desktop.engine.tracking_pace import pace, plan_fractions, shortfall
from desktop.engine.tracking_rollup import Facts, TreeShape, roll_up

# HQ with two reps; metric 0 revenue (sum), metric 1 high-margin share (ratio)
TREE = TreeShape.from_level_order(np.array([-1, 0, 0]))
RATIO = np.array([False, True])


def _rollup(rows, weeks):
    unit, metric, week, value, den = (np.array(c) for c in zip(*rows, strict=True))
    return roll_up(TREE, Facts(unit, metric, week, value.astype(float), den.astype(float)),
                   RATIO, weeks)


NAN = float("nan")


def test_linear_pace_scales_the_target_by_the_share_due():
    weekly = [20, 30, 25, 25]  # rep 1's revenue; to date 20, 50, 75, 100
    rows = [(1, 0, k, v, NAN) for k, v in enumerate(weekly)]
    rows += [(1, 1, k, 1, 2) for k in range(4)] + [(2, 1, k, 1, 2) for k in range(4)]
    target = np.array([[200.0, 0.5], [100.0, 0.4], [100.0, 0.5]])
    fraction = np.asarray(PlanCurve().cumulative(4))
    p = pace(_rollup(rows, 4), target, fraction)
    assert p.achievement[:, 1, 0] == pytest.approx([20 / 25, 50 / 50, 75 / 75, 100 / 100])
    assert p.deviation[:, 1, 0] == pytest.approx([-0.2, 0.0, 0.0, 0.0])
    # HQ: 100 so far against 200 · f_k
    assert p.achievement[:, 0, 0] == pytest.approx([20 / 50, 50 / 100, 75 / 150, 100 / 200])
    assert p.target_to_date(1)[1].tolist() == [50.0, 0.4]
    assert p.issues.total == 0


def test_profile_pace_follows_the_cumulative_profile():
    curve = PlanCurve((1.0, 1.0, 2.0, 4.0))  # 1/8, 2/8, 4/8, 8/8 due
    fraction = np.asarray(curve.cumulative(4))
    rows = [(1, 0, k, 10, NAN) for k in range(4)]  # an even 10 a week
    p = pace(_rollup(rows, 4), np.array([[80.0, NAN], [80.0, NAN], [NAN, NAN]]), fraction)
    assert fraction.tolist() == [0.125, 0.25, 0.5, 1.0]
    assert p.achievement[:, 1, 0] == pytest.approx([10 / 10, 20 / 20, 30 / 40, 40 / 80])


def test_plan_fractions_of_a_period():
    q2 = quarter(2025, 2)
    f = plan_fractions(q2)
    assert len(f) == 13 and f[0] == pytest.approx(1 / 13) and f[-1] == 1.0
    weights = tuple(float(k + 1) for k in range(13))
    shaped = Period("2025-Q2", q2.start, q2.end, PlanCurve(weights))
    assert plan_fractions(shaped)[0] == pytest.approx(1 / sum(weights))


def test_ratio_metrics_compare_the_to_date_ratio_with_the_target_level():
    rows = [(1, 1, 0, 3, 10), (2, 1, 0, 1, 1), (1, 1, 1, 2, 8)]
    target = np.array([[NAN, 0.4], [NAN, 0.4], [NAN, 0.4]])
    p = pace(_rollup(rows, 2), target, np.array([0.5, 1.0]))
    # HQ by week 1: (3 + 1 + 2) / (10 + 1 + 8), against 0.4 — the plan curve plays no part
    assert p.achievement[1, 0, 1] == pytest.approx((6 / 19) / 0.4)
    assert p.achievement[0, 0, 1] == pytest.approx((4 / 11) / 0.4)
    assert p.target_to_date(0)[0, 1] == 0.4


def test_undefined_achievements_are_nan_and_counted():
    rows = [(1, 0, 0, 5, NAN), (1, 0, 1, 5, NAN), (2, 0, 1, 5, NAN), (2, 1, 1, 1, 4)]
    target = np.array([[10.0, 0.5],  # HQ fine
                       [0.0, NAN],  # rep 1: zero revenue target, no share target
                       [-5.0, 0.5]])  # rep 2: a negative revenue target
    fraction = np.array([0.0, 1.0])  # nothing due in week 0 (a profile starting at 0)
    p = pace(_rollup(rows, 2), target, fraction)
    assert np.isnan(p.achievement[:, 1, 0]).all()
    assert np.isnan(p.achievement[:, 2, 0]).all()
    assert np.isnan(p.achievement[0, 0, 0])  # nothing due yet
    assert p.achievement[1, 0, 0] == pytest.approx(15 / 10)
    assert np.isnan(p.achievement[0, 2, 1])  # no denominator before week 1
    assert p.achievement[1, 2, 1] == pytest.approx(0.25 / 0.5)
    issues = p.issues
    assert (issues.target_zero, issues.target_missing, issues.target_negative) == (1, 1, 1)
    assert issues.nothing_due == 3  # 3 units × 1 sum metric × 1 week
    assert issues.no_denominator == 4  # week 0: HQ, rep 1, rep 2; week 1: rep 1
    assert np.array_equal(np.isnan(p.deviation), np.isnan(p.achievement))


def test_shape_mismatch_is_refused():
    r = _rollup([(1, 0, 0, 1, NAN)], 2)
    with pytest.raises(ValueError, match="expected target"):
        pace(r, np.ones((3, 2)), np.ones(3))


def test_shortfall_is_direction_aware():
    d = np.array([[-0.2, -0.2], [0.1, 0.1]])
    lower = np.array([False, True])
    assert shortfall(d, lower).tolist() == [[0.2, -0.2], [-0.1, 0.1]]
