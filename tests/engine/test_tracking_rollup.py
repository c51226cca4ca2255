"""Roll-up of actuals up the org tree (SPEC §3, §5): hand-computed trees, bad facts, and a
property test against a naive per-unit loop."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.engine.cascade_arrays import level_order
from desktop.engine.tracking_rollup import (
    NO_DAY,
    Facts,
    TreeShape,
    check_facts,
    last_fact_day,
    roll_up,
)

# 0 HQ ─┬─ 1 region ─┬─ 3 team ─┬─ 6 rep a
#       │            │          └─ 7 rep b
#       │            └─ 4 team ─── 8 rep c
#       └─ 2 region ─── 5 rep (straight under the region: a leaf on the team level)
# already in level order
PARENTS = [-1, 0, 0, 1, 1, 2, 3, 3, 4]
REV, SHARE = 0, 1  # revenue (sum), high-margin share (ratio)
RATIO = np.array([False, True])
W = 3


def _tree() -> TreeShape:
    return TreeShape.from_level_order(np.array(PARENTS))


def _facts(rows) -> Facts:
    unit, metric, week, value, den = (np.array(c) for c in zip(*rows, strict=True))
    return Facts(unit, metric, week, value.astype(float), den.astype(float))


NAN = float("nan")
FACTS = [
    (6, REV, 0, 10, NAN), (6, REV, 1, 20, NAN), (6, SHARE, 0, 3, 10),
    (7, REV, 0, 5, NAN), (7, REV, 2, 7, NAN), (7, SHARE, 0, 1, 1),
    (8, REV, 1, 4, NAN), (8, SHARE, 1, 2, 8),
    (3, REV, 0, 1, NAN),  # the team manager's own deal counts for the team and above
    (5, REV, 2, 100, NAN), (5, SHARE, 2, 0, 2),
]


def test_value_rollup_sums_each_subtree_per_week():
    r = roll_up(_tree(), _facts(FACTS), RATIO, W)
    revenue = r.value[:, :, REV].T  # (units, weeks)
    expected = {6: [10, 20, 0], 7: [5, 0, 7], 8: [0, 4, 0], 3: [16, 20, 7], 4: [0, 4, 0],
                5: [0, 0, 100], 1: [16, 24, 7], 2: [0, 0, 100], 0: [16, 24, 107]}
    for unit, weekly in expected.items():
        assert revenue[unit].tolist() == weekly, unit
    assert r.value_to_date[:, 0, REV].tolist() == [16, 40, 147]
    assert r.value_to_date[:, 3, REV].tolist() == [16, 36, 43]


def test_ratio_rollup_is_sum_of_numerators_over_sum_of_denominators():
    r = roll_up(_tree(), _facts(FACTS), RATIO, W)
    assert r.ratio_metrics.tolist() == [SHARE]
    assert r.value[:, 1, SHARE].tolist() == [4, 2, 0]
    assert r.denominator[:, 1, 0].tolist() == [11, 8, 0]
    assert r.denominator_to_date[:, 0, 0].tolist() == [11, 19, 21]
    # region 1 by week 1: (3 + 1 + 2) / (10 + 1 + 8), not the mean of its teams' ratios
    region = r.actual_to_date(1)[1, SHARE]
    assert region == pytest.approx(6 / 19)
    assert region != pytest.approx((4 / 11 + 2 / 8) / 2)
    assert r.actual_to_date(2)[0, SHARE] == pytest.approx(6 / 21)
    # the revenue column of actual_to_date is the running sum
    assert r.actual_to_date(2)[0, REV] == 147


def test_a_ratio_with_no_denominator_yet_is_nan_not_zero():
    r = roll_up(_tree(), _facts(FACTS), RATIO, W)
    assert np.isnan(r.actual_to_date(0)[2, SHARE])  # region 2 reports its share in week 2
    assert r.actual_to_date(2)[2, SHARE] == 0.0


def test_fact_counts_mark_the_weeks_a_subtree_reported():
    r = roll_up(_tree(), _facts(FACTS), RATIO, W)
    assert r.fact_count[:, 0, REV].tolist() == [3, 2, 2]
    assert r.reported()[:, 4, REV].tolist() == [False, True, False]


def test_facts_in_the_same_cell_add_up():
    r = roll_up(_tree(), _facts([(6, REV, 0, 1, NAN), (6, REV, 0, 2, NAN)]), RATIO, W)
    assert r.value[0, 6, REV] == 3 and r.fact_count[0, 6, REV] == 2


def test_level_order_input_from_any_order():
    # the same tree, listed leaves first; level_order + remapping gives the same sums
    original = [4, 4, 3, -1, 3]  # 0,1 under 4; 2,4 under 3 (root)
    order = level_order(original)
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    parent = np.array([-1 if original[o] < 0 else position[original[o]] for o in order])
    tree = TreeShape.from_level_order(parent)
    facts = Facts(position[[0, 1, 2]], np.zeros(3, int), np.zeros(3, int),
                  np.array([1.0, 2.0, 4.0]))
    r = roll_up(tree, facts, np.array([False]), 1)
    assert r.value[0, position[3], 0] == 7
    assert r.value[0, position[4], 0] == 3


def test_bad_facts_are_counted_with_examples_and_left_out():
    rows = [
        *FACTS,
        (99, REV, 0, 1, NAN),  # unknown unit
        (6, 7, 0, 1, NAN),  # unknown metric
        (6, REV, 5, 1, NAN),  # week outside the period
        (6, REV, 0, NAN, NAN),  # no value
        (6, REV, 0, -3, NAN),  # negative where revenue forbids it
        (6, SHARE, 0, 1, NAN),  # ratio without a denominator
        (6, SHARE, 0, 1, -2),  # negative denominator
    ]
    allow_negative = np.array([False, True])
    r = roll_up(_tree(), _facts(rows), RATIO, W, allow_negative=allow_negative)
    assert r.rejected.counts == {
        "unknown_unit": 1, "unknown_metric": 1, "week_outside_period": 1,
        "value_not_finite": 1, "negative_value": 1, "denominator_missing": 1,
        "negative_denominator": 1}
    assert r.rejected.total == 7
    assert r.rejected.examples["unknown_unit"].tolist() == [len(FACTS)]
    clean = roll_up(_tree(), _facts(FACTS), RATIO, W)
    assert np.array_equal(r.value, clean.value)
    assert np.array_equal(r.denominator, clean.denominator)


def test_clean_facts_need_no_mask():
    keep, rejected = check_facts(_facts(FACTS), 9, RATIO, W)
    assert keep is None and rejected.total == 0


def test_without_denominators_every_ratio_fact_is_rejected():
    facts = Facts(np.array([6, 6]), np.array([REV, SHARE]), np.array([0, 0]),
                  np.array([1.0, 1.0]))
    r = roll_up(_tree(), facts, RATIO, W)
    assert r.rejected.counts == {"denominator_missing": 1}
    assert r.value[0, 0, REV] == 1 and r.denominator.sum() == 0


def test_last_fact_day_is_the_latest_in_the_subtree_up_to_the_week():
    facts = _facts(FACTS)
    facts.day = np.array([100, 108, 101, 102, 115, 102, 109, 109, 103, 116, 116])
    last = last_fact_day(_tree(), facts, 2, through_week=1)
    assert last[6, REV] == 108 and last[7, REV] == 102  # rep b's week-2 fact not yet
    assert last[3, REV] == 108 and last[0, REV] == 109
    assert last[5, REV] == NO_DAY and last[2, SHARE] == NO_DAY
    assert last_fact_day(_tree(), facts, 2, through_week=2)[0, REV] == 116


def test_without_days_a_fact_counts_on_the_last_day_of_its_week():
    last = last_fact_day(_tree(), _facts(FACTS), 2, through_week=2)
    assert last[7, REV] == 2 * 7 + 6
    assert last[8, SHARE] == 1 * 7 + 6


def test_subtree_sum_and_an_empty_tree():
    tree = _tree()
    assert tree.subtree_sum(np.ones(9)).tolist() == [9, 6, 2, 3, 2, 1, 1, 1, 1]
    empty = roll_up(TreeShape.from_level_order(np.zeros(0, int)),
                    Facts(*(np.zeros(0, int),) * 3, np.zeros(0)), RATIO, W)
    assert empty.value.shape == (W, 0, 2)


@st.composite
def _trees_and_facts(draw):
    n = draw(st.integers(1, 25))
    original = [-1] + [draw(st.integers(-1, i - 1)) for i in range(1, n)]  # a forest
    order = level_order(original)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    parent = np.array([-1 if original[o] < 0 else position[original[o]] for o in order],
                      dtype=np.int64)
    m, weeks = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    ratio = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    f = draw(st.integers(0, 40))
    ints = st.lists(st.integers(0, 10**6), min_size=f, max_size=f)
    unit = np.array(draw(ints)) % n
    metric = np.array(draw(ints)) % m
    week = np.array(draw(ints)) % weeks
    value = np.array(draw(st.lists(st.integers(-50, 50), min_size=f, max_size=f)), float)
    den = np.array(draw(st.lists(st.integers(0, 20), min_size=f, max_size=f)), float)
    return parent, Facts(unit, metric, week, value, den), ratio, weeks


@settings(max_examples=200, deadline=None)
@given(_trees_and_facts())
def test_rollup_equals_a_naive_per_unit_loop(case):
    parent, facts, ratio, weeks = case
    n, m = len(parent), len(ratio)
    r = roll_up(TreeShape.from_level_order(parent), facts, ratio, weeks)
    value = np.zeros((weeks, n, m))
    den = np.zeros((weeks, n, m))
    count = np.zeros((weeks, n, m), dtype=int)
    for u in range(n):
        for i in range(len(facts)):
            a = int(facts.unit[i])  # is u the fact's unit or one of its ancestors?
            while a >= 0 and a != u:
                a = int(parent[a])
            if a == u:
                cell = (facts.week[i], u, facts.metric[i])
                value[cell] += facts.value[i]
                den[cell] += facts.denominator[i]
                count[cell] += 1
    assert np.array_equal(r.value, value)
    assert np.array_equal(r.fact_count, count)
    assert np.array_equal(r.denominator, den[:, :, ratio])
    assert np.array_equal(r.value_to_date, np.cumsum(value, axis=0))
    for k in range(weeks):
        num_td, den_td = np.cumsum(value, axis=0)[k], np.cumsum(den, axis=0)[k]
        expected = np.where(ratio, np.nan, num_td)
        for u in range(n):
            for j in np.flatnonzero(ratio):
                if den_td[u, j] > 0:
                    expected[u, j] = num_td[u, j] / den_td[u, j]
        assert np.allclose(r.actual_to_date(k), expected, equal_nan=True)
