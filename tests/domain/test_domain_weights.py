"""Weight vectors: sum to 1 within 1e-9, no negatives, no NaN; normalised() gets there."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import WEIGHT_TOLERANCE
from desktop.domain.weights import check_weights, normalised


def test_tolerance_is_1e_9():
    assert WEIGHT_TOLERANCE == 1e-9


@pytest.mark.parametrize("weights", [
    {"a": 1.0},
    {"finance": 0.40, "sales": 0.35, "product": 0.25},
    {"a": 0.1, "b": 0.2, "c": 0.7},  # 0.1 + 0.2 is not 0.3 in floats: still ok
    {"a": 0.5, "b": 0.5 + 0.9e-9},
    {"a": 0.5, "b": 0.5 - 0.9e-9},
    {"a": 1.0, "b": 0.0},
])
def test_sums_within_tolerance_pass(weights):
    check = check_weights(weights)
    assert check.ok and check.problem == ""
    assert abs(check.total - 1.0) <= WEIGHT_TOLERANCE


@pytest.mark.parametrize("off", [1.1e-9, -1.1e-9, 1e-6, 0.01, -0.5])
def test_sums_off_by_more_than_tolerance_are_flagged(off):
    check = check_weights({"a": 0.5, "b": 0.5 + off}, "region East weights")
    assert not check.ok
    assert check.total == pytest.approx(1.0 + off, abs=1e-15)
    assert check.problem.startswith("region East weights sum to")


def test_empty_vector_is_flagged():
    check = check_weights({})
    assert not check.ok and check.total == 0 and "sum to 0" in check.problem


def test_negative_weight_is_flagged_even_when_the_sum_is_1():
    check = check_weights({"a": 1.5, "b": -0.5}, "w")
    assert not check.ok and check.problem == "w: a weight is negative"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_weight_is_flagged(bad):
    check = check_weights({"a": 1.0, "b": bad}, "w")
    assert not check.ok and math.isnan(check.total)
    assert check.problem == "w: a weight is not a number"


def test_normalised_scales_to_one():
    assert normalised({"a": 2.0, "b": 6.0}) == {"a": 0.25, "b": 0.75}


@pytest.mark.parametrize("weights", [{}, {"a": 0.0, "b": 0.0}, {"a": -1.0, "b": 2.0},
                                     {"a": math.nan}, {"a": 1.0, "b": math.inf}])
def test_normalised_refuses_what_cannot_become_weights(weights):
    with pytest.raises(InvalidValueError):
        normalised(weights)
    with pytest.raises(ValueError):  # InvalidValueError is a ValueError, as before
        normalised(weights)


def test_normalised_survives_huge_weights():
    out = normalised({"a": 1e308, "b": 1e308, "c": 0.0})
    assert out == {"a": 0.5, "b": 0.5, "c": 0.0}


positive = st.floats(min_value=0.0, max_value=1e300, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=4), positive,
                       min_size=1, max_size=60)
       .filter(lambda w: max(w.values()) > 0))
def test_normalised_random_vectors_pass_the_check(weights):
    out = normalised(weights)
    assert out.keys() == weights.keys()
    check = check_weights(out)
    assert check.ok, check.problem
    # proportions are kept: the largest input stays the largest output
    top = max(weights, key=weights.get)
    assert out[top] == max(out.values())
