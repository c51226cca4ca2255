"""Workspace settings: every SPEC default reachable, validated, overlaid on defaults."""

import math

import pytest

from desktop.domain.errors import InvalidValueError
from desktop.domain.rule import DEFAULT_ALPHA, DEFAULT_RATIO_BAND
from desktop.domain.settings import DEFAULT_SETTINGS, merged, validate_setting


def test_defaults_are_the_spec_numbers_and_valid():
    assert DEFAULT_SETTINGS["cascade.inherit_share"] == DEFAULT_ALPHA == 0.70
    assert DEFAULT_SETTINGS["cascade.ratio_band"] == DEFAULT_RATIO_BAND
    assert DEFAULT_SETTINGS["alerts.threshold"] == 0.15
    assert DEFAULT_SETTINGS["alerts.consecutive_weeks"] == 2
    assert (DEFAULT_SETTINGS["health.latency_full_days"],
            DEFAULT_SETTINGS["health.latency_zero_days"]) == (1.0, 14.0)
    assert (DEFAULT_SETTINGS["health.feedback_full_hours"],
            DEFAULT_SETTINGS["health.feedback_zero_hours"]) == (24.0, 336.0)
    for name, value in DEFAULT_SETTINGS.items():
        validate_setting(name, value)


def test_unknown_setting_is_refused():
    with pytest.raises(InvalidValueError, match=r"unknown setting 'alerts\.thresold'"):
        validate_setting("alerts.thresold", 0.2)


@pytest.mark.parametrize(("name", "value"), [
    ("alerts.threshold", "0.2"), ("alerts.threshold", None), ("alerts.threshold", True),
    ("alerts.threshold", math.nan), ("alerts.threshold", math.inf),
    ("alerts.consecutive_weeks", 2.5), ("alerts.consecutive_weeks", 3.0),
    ("ui.language", 1), ("ui.language", None),
    ("health.weights", [0.25, 0.25, 0.25, 0.25]), ("health.weights", "equal"),
])
def test_wrong_types_are_refused(name, value):
    with pytest.raises(InvalidValueError, match=f"setting {name}: expected"):
        validate_setting(name, value)


@pytest.mark.parametrize(("name", "value"), [
    ("alerts.threshold", -0.1), ("cascade.overage", -1),
    ("cascade.inherit_share", 1.2), ("alerts.consecutive_weeks", 0),
    ("alerts.resolve_after_weeks_in_band", 0),
])
def test_out_of_range_numbers_are_refused(name, value):
    with pytest.raises(InvalidValueError, match=f"setting {name}: must be"):
        validate_setting(name, value)


@pytest.mark.parametrize(("name", "value"), [
    ("alerts.threshold", 0.2), ("alerts.threshold", 0), ("alerts.consecutive_weeks", 3),
    ("cascade.inherit_share", 1.0), ("cascade.inherit_share", 0),
    ("status.grace_days", 7), ("ui.language", "zh_CN"), ("ui.language", "en"),
    ("health.weights", {"sync": 1, "path": 1, "resource": 2, "feedback": 0}),
])
def test_good_values_pass(name, value):
    validate_setting(name, value)


@pytest.mark.parametrize("weights", [
    {"sync": 0.5, "path": 0.5},
    {"sync": 0.25, "path": 0.25, "resource": 0.25, "feedback": 0.25, "mood": 0.1},
    {"sync": -1, "path": 1, "resource": 1, "feedback": 1},
    {"sync": math.nan, "path": 1, "resource": 1, "feedback": 1},
    {"sync": 0, "path": 0, "resource": 0, "feedback": 0},
])
def test_health_weights_need_the_four_dimensions_with_usable_numbers(weights):
    with pytest.raises(InvalidValueError, match=r"setting health\.weights"):
        validate_setting("health.weights", weights)


def test_ui_language_must_be_one_the_app_has():
    with pytest.raises(InvalidValueError, match=r"ui\.language: expected one of"):
        validate_setting("ui.language", "klingon")


def test_merged_overlays_stored_values_on_defaults():
    out = merged({"alerts.threshold": 0.2, "ui.language": "zh_CN"})
    assert out["alerts.threshold"] == 0.2 and out["ui.language"] == "zh_CN"
    assert out["alerts.consecutive_weeks"] == 2
    assert out.keys() == DEFAULT_SETTINGS.keys()


def test_merged_ignores_unknown_names_and_invalid_values():
    out = merged({"legacy.colour": "red", "alerts.threshold": "high",
                  "alerts.consecutive_weeks": -3})
    assert "legacy.colour" not in out
    assert out["alerts.threshold"] == 0.15 and out["alerts.consecutive_weeks"] == 2


def test_merged_does_not_alias_the_defaults():
    out = merged({})
    out["alerts.threshold"] = 0.9
    assert DEFAULT_SETTINGS["alerts.threshold"] == 0.15
    assert merged({}) == DEFAULT_SETTINGS


def test_merged_nested_values_are_copies():
    out = merged({})
    out["health.weights"]["sync"] = 0.9
    assert DEFAULT_SETTINGS["health.weights"]["sync"] == 0.25
    stored = {"health.weights": {"sync": 1, "path": 1, "resource": 1, "feedback": 1}}
    merged(stored)["health.weights"]["sync"] = 5
    assert stored["health.weights"]["sync"] == 1
