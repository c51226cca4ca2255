"""The alert rule of SPEC §5 at its edges, against a plain per-pair reference, and its
reconciliation with the alerts a store already holds (idempotence)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.settings import merged
from desktop.engine.tracking_alerts import (
    AHEAD,
    BEHIND,
    OPEN,
    AlertRule,
    KnownAlerts,
    detect_alerts,
    run_alerts,
)

NAN = float("nan")


DEFAULT_RULE = AlertRule()


def _alerts(series, lower=False, rule=DEFAULT_RULE, reported=None):
    """(raised week, direction, resolved week) for one unit and metric."""
    d = np.array(series, dtype=float).reshape(-1, 1, 1)
    rep = None if reported is None else np.array(reported, dtype=bool).reshape(-1, 1, 1)
    events = detect_alerts(d, np.array([lower]), rule, rep)
    return [(e.raised_week, e.direction, e.resolved_week) for e in events.records()]


def test_defaults_come_from_the_settings():
    assert AlertRule() == AlertRule.from_settings(merged({}))
    assert AlertRule() == AlertRule(0.15, 2, 1)


def test_exactly_n_weeks_out_of_band_raises_at_the_nth():
    assert _alerts([-0.2, -0.2]) == [(1, "behind", None)]


def test_n_minus_one_weeks_do_not_raise():
    assert _alerts([-0.2, 0.0, -0.2, 0.0, -0.2]) == []


def test_exactly_theta_is_in_band():
    assert _alerts([-0.15] * 4) == []
    assert _alerts([0.85 - 1.0] * 4) == []  # as the pace computes it: −0.15000000000000002


def test_just_over_theta_raises():
    assert _alerts([-0.1501, -0.1501]) == [(1, "behind", None)]


def test_the_trigger_carries_the_deviations_that_raised_it():
    d = np.array([-0.1, -0.3, -0.2]).reshape(-1, 1, 1)
    [event] = detect_alerts(d, np.array([False])).records()
    assert event.trigger == (-0.3, -0.2) and event.raised_week == 2


def test_a_gap_week_breaks_the_streak():
    assert _alerts([-0.2, NAN, -0.2]) == []
    assert _alerts([-0.2, -0.2, -0.2], reported=[True, False, True]) == []
    assert _alerts([-0.2, NAN, -0.2, -0.2]) == [(3, "behind", None)]


def test_a_gap_neither_resolves_nor_counts_as_in_band():
    assert _alerts([-0.2, -0.2, NAN, NAN, 0.0]) == [(1, "behind", 4)]
    two_weeks = AlertRule(resolve_after_weeks=2)
    assert _alerts([-0.2, -0.2, 0.0, NAN, 0.0, 0.0], rule=two_weeks) == [(1, "behind", 5)]


def test_ahead_and_behind():
    assert _alerts([0.2, 0.2]) == [(1, "ahead", None)]
    assert _alerts([-0.3, -0.3]) == [(1, "behind", None)]


def test_lower_is_better_is_behind_above_plan():
    assert _alerts([0.2, 0.2], lower=True) == [(1, "behind", None)]
    assert _alerts([-0.2, -0.2], lower=True) == [(1, "ahead", None)]


def test_the_streak_must_stay_on_one_side():
    assert _alerts([-0.2, 0.2, -0.2, 0.2]) == []


def test_one_open_alert_per_unit_and_metric():
    assert _alerts([-0.2] * 8) == [(1, "behind", None)]


def test_resolves_after_a_week_back_in_band():
    assert _alerts([-0.2, -0.2, -0.1]) == [(1, "behind", 2)]
    assert _alerts([-0.2, -0.2, -0.15]) == [(1, "behind", 2)]  # θ itself is in band


def test_re_raised_later_after_resolution():
    assert _alerts([-0.2, -0.2, -0.1, -0.2, -0.2]) == [(1, "behind", 2), (4, "behind", None)]
    assert _alerts([-0.2, -0.2, -0.1, -0.2]) == [(1, "behind", 2)]


def test_a_swing_to_the_other_side_replaces_the_open_alert():
    assert _alerts([-0.2, -0.2, 0.2, 0.2]) == [(1, "behind", 3), (3, "ahead", None)]


def test_n_and_r_from_the_rule():
    rule = AlertRule(threshold=0.1, consecutive_weeks=3, resolve_after_weeks=2)
    assert _alerts([-0.12, -0.12], rule=rule) == []
    assert _alerts([-0.12, -0.12, -0.12, 0.0, -0.12, 0.0, 0.0], rule=rule) == [
        (2, "behind", 6)]


def test_through_week_ignores_later_weeks():
    d = np.array([-0.2, -0.2, 0.0, -0.2, -0.2]).reshape(-1, 1, 1)
    events = detect_alerts(d, np.array([False]), through_week=2)
    assert [(e.raised_week, e.resolved_week) for e in events.records()] == [(1, 2)]


def test_a_week_beyond_the_axis_is_refused():
    with pytest.raises(ValueError, match="outside"):
        detect_alerts(np.zeros((3, 1, 1)), np.array([False]), through_week=3)


def _reference(series, lower, rule):
    """The rule, one pair at a time, written as plainly as possible."""
    events, open_event = [], None
    streak, side, in_band = 0, 0, 0
    for k, d in enumerate(series):
        if np.isnan(d):
            streak, side, in_band = 0, 0, 0
            continue
        s = d if lower else -d
        if abs(s) > rule.threshold + 1e-9:
            now = BEHIND if s > 0 else AHEAD
            streak = streak + 1 if now == side else 1
            side, in_band = now, 0
            if streak >= rule.consecutive_weeks and (
                    open_event is None or events[open_event][1] != now):
                if open_event is not None:
                    events[open_event][2] = k
                events.append([k, now, None])
                open_event = len(events) - 1
        else:
            streak, side, in_band = 0, 0, in_band + 1
            if open_event is not None and in_band >= rule.resolve_after_weeks:
                events[open_event][2] = k
                open_event = None
    return [tuple(e) for e in events]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 12), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 2**32 - 1))
def test_vectorised_rule_equals_the_per_pair_reference(weeks, n, need, resolve, seed):
    rng = np.random.default_rng(seed)
    m = 2
    d = rng.choice([-0.3, -0.2, -0.15, -0.1, 0.0, 0.1, 0.15, 0.2, 0.3, NAN],
                   size=(weeks, n, m))
    lower = np.array([False, True])
    rule = AlertRule(0.15, need, resolve)
    events = detect_alerts(d, lower, rule)
    got = sorted((int(u), int(j), int(k), int(s), None if r == OPEN else int(r))
                 for u, j, k, s, r in zip(events.unit, events.metric, events.raised_week,
                                          events.direction, events.resolved_week, strict=True))
    expected = sorted((u, j, *e) for u in range(n) for j in range(m)
                      for e in _reference(d[:, u, j], lower[j], rule))
    assert got == expected


# ---- reconciliation with the store ----

def _company(weeks=6, n=4, m=2, seed=3):
    rng = np.random.default_rng(seed)
    return rng.choice([-0.3, -0.2, -0.05, 0.0, 0.2], size=(weeks, n, m)), np.array(
        [False, True])


def test_running_again_with_the_open_alerts_stored_raises_nothing_new():
    d, lower = _company()
    first = run_alerts(d, lower, KnownAlerts.none())
    assert len(first.new) > 0
    assert first.new.is_open.all()
    again = run_alerts(d, lower, KnownAlerts.from_events(first.new))
    assert len(again.new) == 0 and len(again.resolve) == 0
    # and the same run twice gives the same answer
    twice = run_alerts(d, lower, KnownAlerts.none())
    assert np.array_equal(twice.new.unit, first.new.unit)
    assert np.array_equal(twice.new.raised_week, first.new.raised_week)


def test_week_by_week_runs_raise_each_alert_once_and_resolve_it_once():
    d, lower = _company(weeks=10, n=6)
    stored: dict[tuple, list] = {}  # (unit, metric, direction, raised) -> [resolved]
    for week in range(10):
        open_now = [k for k, v in stored.items() if v[0] is None]
        known = KnownAlerts(*(np.array([k[i] for k in open_now], dtype=np.int64)
                              for i in range(4)))
        run = run_alerts(d, lower, known, through_week=week)
        for i, resolved in zip(run.resolve, run.resolve_week, strict=True):
            stored[open_now[i]][0] = int(resolved)
        for e in run.new.records():
            key = (e.unit, e.metric, BEHIND if e.direction == "behind" else AHEAD,
                   e.raised_week)
            assert key not in stored
            stored[key] = [None]
    history = run_alerts(d, lower, KnownAlerts.none()).history
    replay = {(int(u), int(j), int(s), int(k)): [None if r == OPEN else int(r)]
              for u, j, s, k, r in zip(history.unit, history.metric, history.direction,
                                       history.raised_week, history.resolved_week,
                                       strict=True)}
    assert stored == replay


def test_a_stored_alert_the_data_no_longer_supports_is_resolved():
    d = np.array([-0.2, -0.2, -0.1, -0.1]).reshape(-1, 1, 1)
    lower = np.array([False])
    stored = KnownAlerts(np.array([0]), np.array([0]), np.array([BEHIND]), np.array([1]))
    run = run_alerts(d, lower, stored)
    assert run.resolve.tolist() == [0] and run.resolve_week.tolist() == [2]
    # an alert the replay never raised (say, the actuals were corrected) closes now
    calm = np.zeros((4, 1, 1))
    run = run_alerts(calm, lower, stored)
    assert run.resolve.tolist() == [0] and run.resolve_week.tolist() == [3]
    # a behind alert while the data now says ahead: close it, raise the other direction
    ahead = np.full((4, 1, 1), 0.3)
    run = run_alerts(ahead, lower, stored)
    assert run.resolve.tolist() == [0]
    assert [(e.direction, e.raised_week) for e in run.new.records()] == [("ahead", 1)]


def test_an_alert_closed_by_hand_is_not_raised_again_for_the_same_episode():
    d = np.full((5, 1, 1), -0.3)
    lower = np.array([False])
    closed = KnownAlerts(np.array([0]), np.array([0]), np.array([BEHIND]), np.array([1]))
    assert len(run_alerts(d, lower, KnownAlerts.none(), closed_alerts=closed).new) == 0
    # a later episode (after a week back in band) is a new alert
    d[2] = 0.0
    run = run_alerts(d, lower, KnownAlerts.none(), closed_alerts=closed)
    assert [e.raised_week for e in run.new.records()] == [4]


def test_the_same_stored_alert_matches_even_if_raised_a_week_apart():
    d = np.array([-0.2, -0.2, -0.2]).reshape(-1, 1, 1)
    stored = KnownAlerts(np.array([0]), np.array([0]), np.array([BEHIND]), np.array([2]))
    run = run_alerts(d, np.array([False]), stored)
    assert len(run.new) == 0 and len(run.resolve) == 0


@pytest.mark.parametrize("weeks", [0, 1])
def test_short_axes(weeks):
    run = run_alerts(np.full((weeks, 2, 2), -0.5), np.array([False, False]),
                     KnownAlerts.none(), through_week=weeks - 1)
    assert len(run.history) == 0 and run.history.trigger.shape == (0, 2)
