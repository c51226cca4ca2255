"""Alerts of the calibration loop, their lifecycle, action-pack rules and check-ins
(SPEC §5, §8).

An alert moves forward only: raised → acknowledged → action taken → resolved. A step may
be skipped (recording an action acknowledges implicitly; the engine resolves an alert
nobody touched), but never taken back, and a resolved alert is final — a new deviation
raises a new alert.
"""

import math
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id


class AlertState(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    ACTION_TAKEN = "action_taken"
    RESOLVED = "resolved"


_ORDER = {s: i for i, s in enumerate(AlertState)}


class AlertDirection(StrEnum):
    BEHIND = "behind"
    AHEAD = "ahead"


def check_transition(current: str, new: str, what: str = "alert") -> None:
    """Refuse a step backwards or out of a resolved alert; naming both states."""
    now, then = AlertState(current), AlertState(new)
    if now is AlertState.RESOLVED:
        raise InvalidValueError(f"{what} is already resolved")
    if _ORDER[then] < _ORDER[now] or (then is now and then is not AlertState.ACTION_TAKEN):
        raise InvalidValueError(f"{what} is {now.value}: it cannot become {then.value}")


class PackDirection(StrEnum):
    BEHIND = "behind"
    AHEAD = "ahead"
    ANY = "any"


# Conditions an action-pack rule may add (all must hold), see services/action_packs.py.
CONDITION_KEYS = {
    "min_deviation": "the size of the latest deviation |d| is at least this",
    "unit_kinds": "the unit is of one of these kinds (company, region, team, person)",
    "dimension_weight_at_least": "the metric's dimension weighs at least this in the "
                                 "period's objective (a strategic metric)",
    "dimension_weight_below": "the metric's dimension weighs less than this (non-strategic)",
}


@dataclass(slots=True)
class ActionPackRule:
    """Metric or dimension + direction (+ optional condition) → suggested actions."""

    name: str
    actions: list[str]
    direction: PackDirection = PackDirection.ANY
    metric_id: str | None = None
    dimension_id: str | None = None
    condition: dict | None = None
    enabled: bool = True
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        where = f"action pack {self.name!r}"
        if not self.name:
            raise InvalidValueError("action pack: the name must not be empty")
        try:
            self.direction = PackDirection(self.direction)
        except ValueError:
            raise InvalidValueError(f"{where}, field direction: expected behind, ahead or "
                                    f"any, not {self.direction!r}") from None
        if (self.metric_id is None) == (self.dimension_id is None):
            raise InvalidValueError(f"{where}: give a metric or a dimension (one of them)")
        if (not isinstance(self.actions, list) or not self.actions
                or not all(isinstance(a, str) and a.strip() for a in self.actions)):
            raise InvalidValueError(f"{where}, field actions: a non-empty list of texts")
        for key, value in (self.condition or {}).items():
            if key not in CONDITION_KEYS:
                raise InvalidValueError(f"{where}, field condition: unknown key {key!r} "
                                        f"(known: {', '.join(CONDITION_KEYS)})")
            if key == "unit_kinds":
                if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                    raise InvalidValueError(f"{where}, condition unit_kinds: a list of kinds")
            elif (isinstance(value, bool) or not isinstance(value, int | float)
                  or not math.isfinite(value) or value < 0):
                raise InvalidValueError(f"{where}, condition {key}: a number ≥ 0")


class ConfidenceLabel(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A manager's own view of a unit (SPEC §8 confidence): kept apart from the
    computed status, never blended into it."""

    unit_id: str
    day: int  # days since 1970-01-01
    confidence: float | None = None  # 0..1
    label: str | None = None
    metric_id: str | None = None  # None: the unit as a whole
    note: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.confidence is None and self.label is None:
            raise InvalidValueError("check-in: give a confidence (0..1) or a label")
        if self.confidence is not None and (
                isinstance(self.confidence, bool)
                or not isinstance(self.confidence, int | float)
                or not 0.0 <= self.confidence <= 1.0):
            raise InvalidValueError(f"check-in: confidence must be within 0..1, "
                                    f"not {self.confidence!r}")
        if self.label is not None and self.label not in set(ConfidenceLabel):
            raise InvalidValueError(f"check-in: label must be one of "
                                    f"{', '.join(ConfidenceLabel)}, not {self.label!r}")
