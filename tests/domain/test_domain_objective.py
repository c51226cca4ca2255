"""Objectives: dimension weights → the company node's metric weights (SPEC §3)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import InvalidValueError
from desktop.domain.metric import Aggregation, Direction, Metric
from desktop.domain.objective import Objective
from desktop.domain.weights import check_weights


def metric(code: str, dim: str | None, **kw) -> Metric:
    return Metric(code=code, name=code, unit="CNY", dimension_id=dim, id=code, **kw)


METRICS = [metric("collections", "finance"), metric("contracts", "sales"),
           metric("activity", "sales"), metric("high_margin", "product", aggregation="ratio"),
           metric("headcount_cost", None)]


def objective(**kw) -> Objective:
    kw.setdefault("dimension_weights", {"finance": 0.40, "sales": 0.35, "product": 0.25})
    return Objective(code="HM45", title="High-margin share to 45%", period_id="q2", **kw)


def test_equal_split_over_a_dimensions_metrics():
    weights = objective().metric_weights(METRICS)
    assert weights == pytest.approx({"collections": 0.40, "contracts": 0.175,
                                     "activity": 0.175, "high_margin": 0.25})
    assert "headcount_cost" not in weights  # no dimension, no strategic weight
    assert check_weights(weights).ok


def test_split_by_shares_with_missing_shares_counting_one():
    obj = objective(metric_shares={"contracts": 3.0})  # activity defaults to 1
    weights = obj.metric_weights(METRICS)
    assert weights["contracts"] == pytest.approx(0.35 * 0.75)
    assert weights["activity"] == pytest.approx(0.35 * 0.25)
    assert check_weights(weights).ok


def test_all_zero_shares_fall_back_to_equal():
    weights = objective(metric_shares={"contracts": 0.0, "activity": 0.0}).metric_weights(METRICS)
    assert weights["contracts"] == weights["activity"] == pytest.approx(0.175)


def test_zero_share_takes_a_metric_out():
    obj = objective(metric_shares={"activity": 0.0})
    assert obj.metric_weights(METRICS)["activity"] == 0.0
    assert obj.strategic_metrics(METRICS) == {"collections", "contracts", "high_margin"}


def test_dimension_with_weight_but_no_metric_is_refused():
    obj = objective(dimension_weights={"finance": 0.5, "people": 0.5})
    with pytest.raises(InvalidValueError, match="objective HM45: dimension people has weight"):
        obj.metric_weights(METRICS)


def test_dimension_with_zero_weight_and_no_metric_is_fine():
    obj = objective(dimension_weights={"finance": 1.0, "people": 0.0})
    assert obj.metric_weights(METRICS) == {"collections": 1.0}


@pytest.mark.parametrize("weights", [{"finance": 0.4, "sales": 0.35},
                                     {"finance": 0.6, "sales": 0.6},
                                     {"finance": 1.2, "sales": -0.2},
                                     {"finance": math.nan, "sales": 1.0},
                                     {}])
def test_dimension_weights_must_be_a_weight_vector(weights):
    with pytest.raises(InvalidValueError, match="objective HM45: dimension weights"):
        objective(dimension_weights=weights)


@pytest.mark.parametrize("share", [-1.0, math.nan, math.inf])
def test_metric_shares_must_be_finite_and_not_negative(share):
    with pytest.raises(InvalidValueError, match="objective HM45: metric shares"):
        objective(metric_shares={"contracts": share})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0.01, 100), min_size=1, max_size=6), st.data())
def test_metric_weights_always_sum_to_one(raw_dims, data):
    total = sum(raw_dims)
    dims = {f"d{i}": w / total for i, w in enumerate(raw_dims)}
    metrics, shares = [], {}
    for dim in dims:
        for k in range(data.draw(st.integers(1, 5), label=f"metrics of {dim}")):
            m = metric(f"{dim}.m{k}", dim)
            metrics.append(m)
            if data.draw(st.booleans(), label="has share"):
                shares[m.id] = data.draw(st.floats(0, 50), label="share")
    obj = objective(dimension_weights=dims, metric_shares=shares)
    weights = obj.metric_weights(metrics)
    assert check_weights(weights).ok
    for dim, w in dims.items():  # each dimension keeps exactly its weight
        assert math.fsum(v for k, v in weights.items() if k.startswith(dim + ".")) == \
            pytest.approx(w, abs=1e-12)


# --- metrics --------------------------------------------------------------------------------

def test_metric_kinds_are_parsed():
    m = metric("share", "product", aggregation="ratio", direction="lower")
    assert m.aggregation is Aggregation.RATIO and m.direction is Direction.LOWER_IS_BETTER
    assert not m.is_additive
    assert metric("rev", "finance").is_additive


@pytest.mark.parametrize(("field", "value"), [("aggregation", "mean"), ("direction", "up")])
def test_metric_refuses_unknown_kinds(field, value):
    with pytest.raises(InvalidValueError, match=f"metric rev: unknown {field} '{value}'"):
        metric("rev", "finance", **{field: value})


def test_metric_needs_a_code():
    with pytest.raises(InvalidValueError, match="code"):
        Metric(code="", name="Revenue", unit="CNY", dimension_id=None)
