"""The health index's arithmetic (SPEC §6) against hand computations."""

import numpy as np
import pytest

from desktop.domain.settings import merged
from desktop.engine.tracking_health import (
    HealthParams,
    feedback_speed,
    linear_score,
    mean_by_unit,
    median_by_unit,
    overall_health,
    path_soundness,
    resource_match,
    sync_timeliness,
    total_variation_distance,
)
from desktop.engine.tracking_rollup import TreeShape

NAN = float("nan")


def test_sync_timeliness_from_latency_days():
    latency = np.array([0.0, 1.0, 7.5, 9.2, 14.0, 30.0, NAN])
    score = sync_timeliness(latency)
    assert score[:2].tolist() == [100.0, 100.0]
    assert score[2] == pytest.approx(50.0)
    assert score[3] == pytest.approx(100 * (14 - 9.2) / 13)
    assert score[4:6].tolist() == [0.0, 0.0]
    assert np.isnan(score[6])  # no version reached the unit: not scored


def test_parameters_come_from_the_settings():
    params = HealthParams.from_settings(merged({"health.latency_zero_days": 8.0}))
    assert sync_timeliness(np.array([4.5]), params)[0] == pytest.approx(50.0)
    assert HealthParams().weight_vector().tolist() == [0.25] * 4
    with pytest.raises(ValueError, match="above"):
        linear_score(np.zeros(1), 5.0, 5.0)


def test_feedback_speed_from_median_hours_and_100_without_alerts():
    score = feedback_speed(np.array([2.0, 24.0, 180.0, 336.0, 500.0, NAN]))
    assert score[:2].tolist() == [100.0, 100.0]
    assert score[2] == pytest.approx(50.0)
    assert score[3:5].tolist() == [0.0, 0.0]
    assert score[5] == 100.0


def test_median_and_mean_by_unit():
    unit = np.array([2, 0, 2, 2, 0, 3, 2])
    hours = np.array([5.0, 10.0, 1.0, 3.0, 30.0, NAN, 100.0])
    assert np.allclose(median_by_unit(hours, unit, 5), [20.0, NAN, 4.0, NAN, NAN],
                       equal_nan=True)
    assert np.allclose(mean_by_unit(hours, unit, 5), [20.0, NAN, 109 / 4, NAN, NAN],
                       equal_nan=True)
    odd = median_by_unit(np.array([3.0, 1.0, 2.0]), np.array([0, 0, 0]), 1)
    assert odd.tolist() == [2.0]


def test_resource_match_is_one_minus_the_total_variation_distance():
    spend = np.array([[60.0, 30.0, 10.0], [0.0, 0.0, 0.0], [1.0, 1.0, 2.0]])
    weight = np.array([[0.4, 0.35, 0.25], [0.4, 0.35, 0.25], [0.25, 0.25, 0.5]])
    tvd = total_variation_distance(spend, weight)
    assert tvd[0] == pytest.approx(0.5 * (0.2 + 0.05 + 0.15))
    score = resource_match(spend, weight)
    assert score[0] == pytest.approx(80.0)
    assert np.isnan(score[1])  # nothing spent: nothing to match
    assert score[2] == pytest.approx(100.0)


def test_path_soundness_over_a_subtree():
    tree = TreeShape.from_level_order(np.array([-1, 0, 0, 1]))
    passed = tree.subtree_sum(np.array([5.0, 4.0, 5.0, 3.0]))
    checked = tree.subtree_sum(np.array([5.0, 5.0, 5.0, 5.0]))
    assert path_soundness(passed, checked).tolist() == pytest.approx(
        [100 * 17 / 20, 100 * 7 / 10, 100.0, 60.0])
    assert np.isnan(path_soundness(np.zeros(1), np.zeros(1))[0])


def test_overall_health_is_a_weighted_mean_of_the_scored_dimensions():
    scores = np.array([[80.0, 60.0, 40.0, 100.0], [80.0, 60.0, NAN, 100.0], [NAN] * 4])
    equal = overall_health(scores, HealthParams().weight_vector())
    assert equal[0] == pytest.approx(70.0)
    assert equal[1] == pytest.approx(80.0)
    assert np.isnan(equal[2])
    weighted = overall_health(scores, np.array([0.4, 0.2, 0.2, 0.2]))
    assert weighted[0] == pytest.approx(0.4 * 80 + 0.2 * (60 + 40 + 100))
