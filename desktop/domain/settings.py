"""Workspace settings: every default number of SPEC.md, reachable by the user.

Stored per workspace (table ``setting``), so a company's thresholds travel with its file.
"""

import copy
import math
from collections.abc import Mapping
from typing import Any

from desktop.domain.errors import InvalidValueError

DEFAULT_SETTINGS: dict[str, Any] = {
    # SPEC §4 cascade rule defaults for new rules
    "cascade.inherit_share": 0.70,
    "cascade.overage": 0.0,
    "cascade.ratio_band": 0.05,
    # SPEC §5 calibration loop
    "alerts.threshold": 0.15,
    "alerts.consecutive_weeks": 2,
    "alerts.resolve_after_weeks_in_band": 1,
    # SPEC §8 status bands (|deviation| up to on_track is on track, up to at_risk at risk)
    "status.on_track_band": 0.05,
    "status.at_risk_band": 0.15,
    "status.grace_days": 14,
    # SPEC §6 health index
    "health.latency_full_days": 1.0,
    "health.latency_zero_days": 14.0,
    "health.feedback_full_hours": 24.0,
    "health.feedback_zero_hours": 336.0,
    "health.weights": {"sync": 0.25, "path": 0.25, "resource": 0.25, "feedback": 0.25},
    # UI
    "ui.language": "system",
}


# Bounds beyond "a number ≥ 0" for the settings that need them: (low, high), inclusive.
_RANGES: dict[str, tuple[float, float]] = {
    "cascade.inherit_share": (0.0, 1.0),
    "alerts.consecutive_weeks": (1, math.inf),
    "alerts.resolve_after_weeks_in_band": (1, math.inf),
}
HEALTH_DIMENSIONS = ("sync", "path", "resource", "feedback")
LANGUAGES = ("system", "en", "zh_CN")


def _is_number(value: Any) -> bool:
    return (not isinstance(value, bool) and isinstance(value, int | float)
            and math.isfinite(value))


def validate_setting(name: str, value: Any) -> None:
    """Refuse (InvalidValueError) an unknown name or a value the app cannot use."""
    if name not in DEFAULT_SETTINGS:
        raise InvalidValueError(f"unknown setting {name!r}")
    default = DEFAULT_SETTINGS[name]
    if isinstance(default, bool) or not isinstance(default, int | float):
        if type(value) is not type(default):
            raise InvalidValueError(f"setting {name}: expected {type(default).__name__}")
        if name == "health.weights":
            _validate_health_weights(value)
        elif name == "ui.language" and value not in LANGUAGES:
            raise InvalidValueError(f"setting {name}: expected one of {', '.join(LANGUAGES)}")
        return
    if not _is_number(value):
        raise InvalidValueError(f"setting {name}: expected a finite number, got {value!r}")
    if isinstance(default, int) and not isinstance(value, int):
        raise InvalidValueError(f"setting {name}: expected a whole number, got {value!r}")
    if value < 0:
        raise InvalidValueError(f"setting {name}: must be ≥ 0, got {value}")
    low, high = _RANGES.get(name, (0.0, math.inf))
    if not low <= value <= high:
        raise InvalidValueError(f"setting {name}: must be within [{low}, {high}], got {value}")


def _validate_health_weights(value: dict) -> None:
    if set(value) != set(HEALTH_DIMENSIONS):
        raise InvalidValueError(
            f"setting health.weights: expected weights for {', '.join(HEALTH_DIMENSIONS)}"
        )
    if not all(_is_number(v) and v >= 0 for v in value.values()) or sum(value.values()) <= 0:
        raise InvalidValueError(
            "setting health.weights: weights must be finite numbers ≥ 0, not all 0"
        )


def merged(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with what the workspace stores. Unknown names are ignored, and so
    is a stored value that ``validate_setting`` refuses (the default stands in for it), so
    a damaged or foreign setting cannot reach the engines."""
    out = copy.deepcopy(DEFAULT_SETTINGS)  # callers may edit nested values (health.weights)
    for name, value in stored.items():
        if name not in DEFAULT_SETTINGS:
            continue
        try:
            validate_setting(name, value)
        except InvalidValueError:
            continue
        out[name] = copy.deepcopy(value)
    return out
