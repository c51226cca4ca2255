"""Status colours, staleness, confidence and weighted scores (SPEC §8).

Colour, from the direction-aware shortfall s (> 0 behind, see tracking_pace.shortfall):
  on track   s ≤ on_track_band            (bands inclusive, as in the settings' wording
  at risk    on_track_band < s ≤ at_risk    "|deviation| up to on_track is on track", up to
                                            float rounding: tracking_pace.ROUNDING)
  off track  s > at_risk_band
  no data    s is NaN (no usable target, nothing due yet, no denominator)
Being *ahead* of pace is never at risk or off track: the colour answers "will the target
be missed?". How far ahead a unit runs is reported apart (``ahead``), and a large lead is
what the calibration loop's *ahead* alerts are for (SPEC §5) — a target set too low is a
planning problem, not a red unit.

The colour reads the deviation *to date*, which a week without facts leaves defined (the
running sums stand): the last colour is kept, and staleness says how old it is.

Staleness: a unit whose latest fact for the metric, anywhere in its subtree, is more than
``grace_days`` before the evaluation day shows as *outdated* whatever its colour; the
colour is kept alongside, so the view can show both. Before its first fact a unit is
counted from the period's first day: nobody is overdue in the first fortnight.

Confidence: the manager's manual confidence is an input carried through unchanged; it is
never blended into the computed colour.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop.domain.settings import DEFAULT_SETTINGS
from desktop.engine.tracking_pace import ROUNDING, shortfall
from desktop.engine.tracking_rollup import NO_DAY

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA, OUTDATED = 0, 1, 2, 3, 4
STATUS_NAMES = ("on_track", "at_risk", "off_track", "no_data", "outdated")


@dataclass(frozen=True, slots=True)
class StatusBands:
    on_track: float = DEFAULT_SETTINGS["status.on_track_band"]
    at_risk: float = DEFAULT_SETTINGS["status.at_risk_band"]
    grace_days: float = DEFAULT_SETTINGS["status.grace_days"]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "StatusBands":
        return cls(settings["status.on_track_band"], settings["status.at_risk_band"],
                   settings["status.grace_days"])


def classify(deviation: np.ndarray, lower_is_better: np.ndarray,
             bands: StatusBands = StatusBands()) -> np.ndarray:
    """int8 colour codes (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA), any shape with the metric
    axis last."""
    s = shortfall(deviation, lower_is_better)
    colour = np.full(s.shape, NO_DATA, dtype=np.int8)
    on_edge, risk_edge = bands.on_track + ROUNDING, bands.at_risk + ROUNDING
    colour[s <= on_edge] = ON_TRACK  # NaN compares False: stays NO_DATA
    colour[(s > on_edge) & (s <= risk_edge)] = AT_RISK
    colour[s > risk_edge] = OFF_TRACK
    return colour


def ahead_of_pace(deviation: np.ndarray, lower_is_better: np.ndarray,
                  bands: StatusBands = StatusBands()) -> np.ndarray:
    """bool: ahead of plan by more than the on-track band (still colour ON_TRACK)."""
    return shortfall(deviation, lower_is_better) < -(bands.on_track + ROUNDING)


def outdated(last_day: np.ndarray, evaluation_day: int, grace_days: float,
             period_start_day: int | None = None) -> np.ndarray:
    """bool: the latest fact is more than ``grace_days`` before ``evaluation_day``. With no
    fact yet (NO_DAY) the clock starts at ``period_start_day``; without one given, a unit
    that never reported is outdated."""
    last = np.asarray(last_day, dtype=np.int64)
    if period_start_day is not None:
        last = np.where(last == NO_DAY, period_start_day, last)
    return (evaluation_day - last) > grace_days


@dataclass(slots=True)
class StatusResult:
    """The status of every unit and metric at one evaluation week."""

    week: int
    colour: np.ndarray  # (n, m) int8 ON_TRACK / AT_RISK / OFF_TRACK / NO_DATA
    ahead: np.ndarray  # (n, m) bool
    outdated: np.ndarray  # (n, m) bool
    last_day: np.ndarray  # (n, m) latest fact day in the subtree, NO_DAY if none
    confidence: np.ndarray | None  # (n, m) the managers' own figure, as given

    @property
    def shown(self) -> np.ndarray:
        """(n, m) int8: the colour, or OUTDATED where the unit is stale."""
        return np.where(self.outdated, np.int8(OUTDATED), self.colour)

    def counts(self) -> dict[str, int]:
        """How many unit × metric pairs show each status."""
        found = np.bincount(self.shown.ravel(), minlength=len(STATUS_NAMES))
        return {name: int(c) for name, c in zip(STATUS_NAMES, found, strict=True)}


def evaluate_status(deviation: np.ndarray, week: int, lower_is_better: np.ndarray,
                    last_day: np.ndarray, evaluation_day: int,
                    bands: StatusBands = StatusBands(), period_start_day: int | None = None,
                    confidence: np.ndarray | None = None) -> StatusResult:
    """Colour, lead, staleness at ``week`` from the (W, n, m) deviations of tracking_pace
    and the (n, m) latest fact days of tracking_rollup.last_fact_day."""
    d = deviation[week]
    return StatusResult(week, classify(d, lower_is_better, bands),
                        ahead_of_pace(d, lower_is_better, bands),
                        outdated(last_day, evaluation_day, bands.grace_days, period_start_day),
                        last_day, confidence)


@dataclass(slots=True)
class WeightedScore:
    score: np.ndarray  # (..., n) Σ w·score / Σ w over the metrics with a defined score
    coverage: np.ndarray  # (..., n) the weight those metrics carry (1 when all do)


def weighted_score(achievement: np.ndarray, weights: np.ndarray,
                   lower_is_better: np.ndarray, cap: float | None = None) -> WeightedScore:
    """A unit's weighted achievement across its metrics (SPEC §8 weighted roll-ups).

    Each metric's score is its direction-aware achievement 1 − shortfall: a for
    higher-is-better metrics, 2 − a for lower-is-better ones (10% under a cost target
    scores 1.1, like 10% over a revenue target). ``cap`` optionally limits a single
    metric's score so one runaway metric cannot hide the others. A metric with no
    defined score is left out and the remaining weights renormalised; ``coverage`` says
    how much weight that left (a unit with none scores NaN).
    """
    score = 1.0 - shortfall(achievement - 1.0, lower_is_better)
    if cap is not None:
        score = np.minimum(score, cap)
    w = np.broadcast_to(np.asarray(weights, dtype=float), score.shape)
    defined = ~np.isnan(score)
    used = np.where(defined, w, 0.0)
    coverage = used.sum(axis=-1)
    total = np.where(defined, score * w, 0.0).sum(axis=-1)
    out = np.divide(total, coverage, out=np.full_like(total, np.nan), where=coverage > 0)
    return WeightedScore(out, coverage)
