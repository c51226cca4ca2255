"""Status colours and their band edges, staleness, confidence, weighted scores (SPEC §8),
and one whole tracking pass on a small company."""

from dataclasses import replace

import numpy as np
import pytest

from desktop.domain.settings import DEFAULT_SETTINGS, merged
from desktop.engine.tracking_alerts import KnownAlerts
from desktop.engine.tracking_pass import TrackingInputs, TrackingSettings, track
from desktop.engine.tracking_rollup import NO_DAY, Facts, TreeShape
from desktop.engine.tracking_status import (
    AT_RISK,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    OUTDATED,
    StatusBands,
    ahead_of_pace,
    classify,
    evaluate_status,
    outdated,
    weighted_score,
)

HIGHER, LOWER = np.array([False]), np.array([True])


DEFAULT_BANDS = StatusBands()


def _colour(d, lower=HIGHER, bands=DEFAULT_BANDS):
    return int(classify(np.array([[d]]), lower, bands)[0, 0])


@pytest.mark.parametrize(("d", "expected"), [
    (0.0, ON_TRACK),
    (-0.05, ON_TRACK),  # the band edge is inclusive
    (0.95 - 1.0, ON_TRACK),  # ... also when it comes out of a float subtraction
    (-0.0501, AT_RISK),
    (-0.15, AT_RISK),
    (0.85 - 1.0, AT_RISK),
    (-0.1501, OFF_TRACK),
    (-1.0, OFF_TRACK),
    (0.5, ON_TRACK),  # far ahead is never red
    (float("nan"), NO_DATA),
])
def test_bands_for_a_higher_is_better_metric(d, expected):
    assert _colour(d) == expected


def test_lower_is_better_metrics_are_behind_above_plan():
    assert _colour(0.2, LOWER) == OFF_TRACK
    assert _colour(0.1, LOWER) == AT_RISK
    assert _colour(-0.3, LOWER) == ON_TRACK
    assert ahead_of_pace(np.array([[-0.3]]), LOWER)[0, 0]
    assert not ahead_of_pace(np.array([[-0.05]]), LOWER)[0, 0]


def test_bands_come_from_the_settings():
    bands = StatusBands.from_settings(merged({"status.on_track_band": 0.1,
                                             "status.at_risk_band": 0.3}))
    assert _colour(-0.1, bands=bands) == ON_TRACK
    assert _colour(-0.25, bands=bands) == AT_RISK
    assert StatusBands().grace_days == DEFAULT_SETTINGS["status.grace_days"]


def test_staleness_uses_the_grace_period_in_days():
    last = np.array([100, 100, NO_DAY])
    assert outdated(last, 114, 14).tolist() == [False, False, True]
    assert outdated(last, 115, 14).tolist() == [True, True, True]
    # before a first fact the clock runs from the period's first day
    assert outdated(last, 110, 14, period_start_day=100).tolist() == [False, False, False]
    assert outdated(last, 120, 14, period_start_day=100).tolist() == [True, True, True]


def test_an_outdated_unit_shows_outdated_whatever_its_colour_and_keeps_it():
    deviation = np.array([[[0.0, -0.3]]])  # (W=1, n=1, m=2): on track, off track
    last = np.array([[90, 112]])
    confidence = np.array([[0.8, 0.3]])
    s = evaluate_status(deviation, 0, np.array([False, False]), last, evaluation_day=112,
                        confidence=confidence)
    assert s.colour.tolist() == [[ON_TRACK, OFF_TRACK]]
    assert s.outdated.tolist() == [[True, False]]
    assert s.shown.tolist() == [[OUTDATED, OFF_TRACK]]
    assert s.confidence is confidence  # carried, never blended into the colour
    assert s.counts() == {"on_track": 0, "at_risk": 0, "off_track": 1, "no_data": 0,
                          "outdated": 1}


def test_weighted_score_is_direction_aware_and_renormalises_over_defined_metrics():
    achievement = np.array([[1.0, 0.8, 0.9], [1.2, np.nan, np.nan], [np.nan] * 3])
    weights = np.array([[0.5, 0.3, 0.2]] * 3)
    lower = np.array([False, False, True])  # metric 2: 10% under a cost target scores 1.1
    w = weighted_score(achievement, weights, lower)
    assert w.score[0] == pytest.approx(0.5 * 1.0 + 0.3 * 0.8 + 0.2 * 1.1)
    assert w.score[1] == pytest.approx(1.2) and w.coverage[1] == pytest.approx(0.5)
    assert np.isnan(w.score[2]) and w.coverage[2] == 0
    capped = weighted_score(achievement, weights, lower, cap=1.0)
    assert capped.score[0] == pytest.approx(0.5 + 0.3 * 0.8 + 0.2)


def test_a_whole_tracking_pass_on_a_small_company():
    # HQ → two reps; revenue (sum) and days-to-collect (sum, lower is better); 4 weeks;
    # rep 2 stops reporting after week 0
    tree = TreeShape.from_level_order(np.array([-1, 0, 0]))
    rows = [(1, 0, k, 10.0, 7 * k) for k in range(4)] + [(2, 0, 0, 10.0, 0)]
    rows += [(1, 1, k, 12.0, 7 * k) for k in range(4)]
    unit, metric, week, value, day = (np.array(c) for c in zip(*rows, strict=True))
    facts = Facts(unit, metric, week, value, day=day)
    target = np.array([[80.0, 80.0], [40.0, 40.0], [40.0, 40.0]])
    inputs = TrackingInputs(
        tree, facts, ratio=np.array([False, False]), lower_is_better=np.array([False, True]),
        target=target, fraction=np.array([0.25, 0.5, 0.75, 1.0]), week=3, evaluation_day=27,
        period_start_day=0, weights=np.array([[0.6, 0.4]] * 3))
    result = track(inputs, TrackingSettings.from_settings(merged({})))
    assert result.pace.achievement[3, 1, 0] == pytest.approx(1.0)
    assert result.pace.achievement[3, 2, 0] == pytest.approx(10 / 40)
    assert result.pace.achievement[3, 1, 1] == pytest.approx(48 / 40)  # over a cost
    assert result.status.colour[:, 0].tolist() == [OFF_TRACK, ON_TRACK, OFF_TRACK]
    assert result.status.colour[1, 1] == OFF_TRACK  # 20% over on lower-is-better
    assert result.status.outdated[:, 0].tolist() == [False, False, True]
    assert result.status.shown[2, 0] == OUTDATED
    # rep 2's weeks without facts are gaps: no alert for it, only staleness. Rep 1 runs
    # 20% over its lower-is-better metric from week 0 (behind); HQ's revenue falls behind
    # from week 1 on; HQ's cost runs 40% under plan (ahead)
    records = result.alerts.new.records()
    assert sorted((a.unit, a.metric, a.raised_week, a.direction) for a in records) == [
        (0, 0, 2, "behind"), (0, 1, 1, "ahead"), (1, 1, 1, "behind")]
    assert result.weighted.score[1] == pytest.approx(0.6 * 1.0 + 0.4 * 0.8)
    again = track(replace(inputs, open_alerts=KnownAlerts.from_events(result.alerts.new)))
    assert len(again.alerts.new) == 0 and len(again.alerts.resolve) == 0


def test_the_evaluation_week_must_be_on_the_axis():
    tree = TreeShape.from_level_order(np.array([-1]))
    facts = Facts(np.zeros(0, int), np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    with pytest.raises(ValueError, match="outside"):
        track(TrackingInputs(tree, facts, np.array([False]), np.array([False]),
                             np.ones((1, 1)), np.ones(2), week=2, evaluation_day=0))
