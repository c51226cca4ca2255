"""Cascade rules: parameter validation names the rule and the field; edge labels."""

import math

import pytest

from desktop.domain.errors import InvalidValueError
from desktop.domain.rule import DEFAULT_ALPHA, DEFAULT_RATIO_BAND, AllocationKey, CascadeRule


def test_defaults_follow_the_spec():
    rule = CascadeRule("default")
    assert (rule.alpha, rule.overage, rule.ratio_band) == (0.70, 0.0, 0.05)
    assert DEFAULT_ALPHA == 0.70 and DEFAULT_RATIO_BAND == 0.05
    assert rule.allocation_key is AllocationKey.EQUAL
    assert rule.problems() == []


@pytest.mark.parametrize(("field", "value"), [
    ("alpha", -0.01), ("alpha", 1.01), ("alpha", math.nan), ("alpha", math.inf),
    ("alpha", "0.7"),
    ("beta", math.nan), ("beta", -math.inf),
    ("overage", -0.1), ("overage", math.nan),
    ("ratio_band", -0.05), ("ratio_band", math.inf),
])
def test_out_of_range_numbers_are_refused_naming_rule_and_field(field, value):
    with pytest.raises(InvalidValueError, match=f"rule 'East 70/30', field {field}: "):
        CascadeRule("East 70/30", **{field: value})


@pytest.mark.parametrize("alpha", [0.0, 1.0, 0.5])
def test_alpha_bounds_are_inclusive(alpha):
    assert CascadeRule("r", alpha=alpha).alpha == alpha


def test_negative_beta_is_allowed():  # a factor may lower shares
    assert CascadeRule("r", beta=-0.5).problems() == []


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("tilt", {"customer_density": {"revenue": math.nan}}, "customer_density → revenue"),
    ("base", {"revenue": -0.1}, "base weight for revenue"),
    ("base", {"revenue": math.nan}, "base weight for revenue"),
    ("factor_weights", {"customer_density": -1.0}, "weight of factor customer_density"),
])
def test_matrix_and_vector_entries_are_checked(field, value, needle):
    with pytest.raises(InvalidValueError, match=f"rule 'r', field {field}: .*{needle}"):
        CascadeRule("r", **{field: value})


@pytest.mark.parametrize("custom_key", [None, "", "   "])
def test_custom_key_needs_a_column(custom_key):
    with pytest.raises(InvalidValueError, match="rule 'r', field custom_key"):
        CascadeRule("r", allocation_key="custom", custom_key=custom_key)
    rule = CascadeRule("r", allocation_key="custom", custom_key="store_count")
    assert rule.allocation_key is AllocationKey.CUSTOM


def test_unknown_allocation_key_is_refused():
    with pytest.raises(InvalidValueError, match="rule 'r', field allocation_key"):
        CascadeRule("r", allocation_key="random")


def test_problems_lists_every_problem_and_validate_reports_the_first():
    rule = CascadeRule("r")
    rule.alpha, rule.overage = 2.0, -1.0
    assert [f for f, _ in rule.problems()] == ["alpha", "overage"]
    with pytest.raises(InvalidValueError, match="field alpha"):
        rule.validate()


def test_label_lists_inherit_share_and_sorted_factors():
    rule = CascadeRule("r", tilt={"customer_density": {"rev": 0.2},
                                  "competition_intensity": {"rev": -0.1}})
    assert rule.factors() == ["competition_intensity", "customer_density"]
    assert rule.label() == "70% · competition intensity, customer density"
    assert CascadeRule("r", alpha=1 / 3).label() == "33%"
    assert CascadeRule("r", alpha=1.0, tilt={}).label() == "100%"
