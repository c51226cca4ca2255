"""The health index's arithmetic (SPEC §6), vectorised; 0–100 per unit.

Only the math: which versions, alerts, spend and checks feed it is the service's choice.
NaN means "not scored" (no version reached the unit, nothing spent, no check applied):
the overall score is the weighted mean of the dimensions that *are* scored, weights
renormalised, rather than a NaN or a silent 0 spreading through the review. The one
exception the SPEC fixes is feedback speed: a unit with no alert scores 100.

A unit with several versions scores the mean of its per-version timeliness scores (each
late version is penalised on its own, and clamped on its own, instead of one very late
version being averaged away inside L).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.domain.settings import DEFAULT_SETTINGS, HEALTH_DIMENSIONS


@dataclass(frozen=True, slots=True)
class HealthParams:
    latency_full_days: float = DEFAULT_SETTINGS["health.latency_full_days"]
    latency_zero_days: float = DEFAULT_SETTINGS["health.latency_zero_days"]
    feedback_full_hours: float = DEFAULT_SETTINGS["health.feedback_full_hours"]
    feedback_zero_hours: float = DEFAULT_SETTINGS["health.feedback_zero_hours"]
    weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_SETTINGS["health.weights"]))

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "HealthParams":
        return cls(settings["health.latency_full_days"], settings["health.latency_zero_days"],
                   settings["health.feedback_full_hours"],
                   settings["health.feedback_zero_hours"], dict(settings["health.weights"]))

    def weight_vector(self) -> np.ndarray:
        """The weights in HEALTH_DIMENSIONS order (sync, path, resource, feedback)."""
        return np.array([self.weights[d] for d in HEALTH_DIMENSIONS], dtype=float)


def linear_score(x: np.ndarray, full: float, zero: float) -> np.ndarray:
    """100 · clamp((zero − x) / (zero − full), 0, 1): 100 up to ``full``, 0 from ``zero``
    on, linear between; NaN stays NaN."""
    if zero <= full:
        raise ValueError(f"health score: the zero point ({zero}) must lie above full ({full})")
    return 100.0 * np.clip((zero - np.asarray(x, dtype=float)) / (zero - full), 0.0, 1.0)


def sync_timeliness(latency_days: np.ndarray, params: HealthParams = HealthParams()
                    ) -> np.ndarray:
    """Per version and unit: 100 · clamp((14 − L) / (14 − 1), 0, 1) by default."""
    return linear_score(latency_days, params.latency_full_days, params.latency_zero_days)


def feedback_speed(median_hours: np.ndarray, params: HealthParams = HealthParams()
                   ) -> np.ndarray:
    """Per unit from its median hours alert → action: 100 · clamp((336 − H) / (336 − 24),
    0, 1) by default; NaN (the unit had no alert) scores 100."""
    score = linear_score(median_hours, params.feedback_full_hours, params.feedback_zero_hours)
    return np.where(np.isnan(score), 100.0, score)


def total_variation_distance(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """½ Σ|p − q| over the last axis, each side normalised to shares first; NaN where
    either side sums to 0 (there is no distribution to compare)."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    p_total, q_total = p.sum(axis=-1, keepdims=True), q.sum(axis=-1, keepdims=True)
    p_share = np.divide(p, p_total, out=np.full(np.broadcast_shapes(p.shape, p_total.shape),
                                                np.nan), where=p_total > 0)
    q_share = np.divide(q, q_total, out=np.full(np.broadcast_shapes(q.shape, q_total.shape),
                                                np.nan), where=q_total > 0)
    return 0.5 * np.abs(p_share - q_share).sum(axis=-1)


def resource_match(spend: np.ndarray, strategic_weight: np.ndarray) -> np.ndarray:
    """100 · (1 − TVD(spend share, strategic weight share)) over the last axis (metrics or
    product lines); NaN for a unit that spent nothing."""
    return 100.0 * (1.0 - total_variation_distance(spend, strategic_weight))


def path_soundness(passed: np.ndarray, checked: np.ndarray) -> np.ndarray:
    """100 · share of structural checks passed (per unit, over its subtree: sum the
    per-unit counts with TreeShape.subtree_sum first); NaN where nothing was checked."""
    passed, checked = np.asarray(passed, dtype=float), np.asarray(checked, dtype=float)
    return 100.0 * np.divide(passed, checked, out=np.full(checked.shape, np.nan),
                             where=checked > 0)


def overall_health(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the last axis (dimensions in HEALTH_DIMENSIONS order) of the
    scored dimensions; NaN only where no dimension is scored."""
    scores = np.asarray(scores, dtype=float)
    w = np.broadcast_to(np.asarray(weights, dtype=float), scores.shape)
    scored = ~np.isnan(scores)
    total_w = np.where(scored, w, 0.0).sum(axis=-1)
    total = np.where(scored, scores * w, 0.0).sum(axis=-1)
    return np.divide(total, total_w, out=np.full(total.shape, np.nan), where=total_w > 0)


def mean_by_unit(values: np.ndarray, unit: np.ndarray, n: int) -> np.ndarray:
    """(n,) mean of the non-NaN ``values`` of each unit (e.g. per-version timeliness
    scores); NaN for a unit with none."""
    values = np.asarray(values, dtype=float)
    known = ~np.isnan(values)
    count = np.bincount(unit[known], minlength=n).astype(float)
    total = np.bincount(unit[known], weights=values[known], minlength=n)
    return np.divide(total, count, out=np.full(n, np.nan), where=count > 0)


def median_by_unit(values: np.ndarray, unit: np.ndarray, n: int) -> np.ndarray:
    """(n,) median of the non-NaN ``values`` of each unit (e.g. hours from alert raised to
    action taken); NaN for a unit with none. One sort, no per-unit loop."""
    values = np.asarray(values, dtype=float)
    known = ~np.isnan(values)
    v, u = values[known], np.asarray(unit)[known]
    order = np.lexsort((v, u))
    v, u = v[order], u[order]
    count = np.bincount(u, minlength=n)
    start = np.cumsum(count) - count
    has = count > 0
    low = start[has] + (count[has] - 1) // 2
    high = start[has] + count[has] // 2
    out = np.full(n, np.nan)
    out[has] = 0.5 * (v[low] + v[high])
    return out
