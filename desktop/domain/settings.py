"""Workspace settings: every default number of SPEC.md, reachable by the user.

Stored per workspace (table ``setting``), so a company's thresholds travel with its file.
"""

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


def validate_setting(name: str, value: Any) -> None:
    if name not in DEFAULT_SETTINGS:
        raise InvalidValueError(f"unknown setting {name!r}")
    default = DEFAULT_SETTINGS[name]
    if isinstance(default, bool) or not isinstance(default, int | float):
        if type(value) is not type(default):
            raise InvalidValueError(f"setting {name}: expected {type(default).__name__}")
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidValueError(f"setting {name}: expected a number, got {value!r}")
    if value < 0:
        raise InvalidValueError(f"setting {name}: must be ≥ 0, got {value}")


def merged(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with what the workspace stores (unknown names are ignored)."""
    out = dict(DEFAULT_SETTINGS)
    out.update({k: v for k, v in stored.items() if k in DEFAULT_SETTINGS})
    return out
