"""The health index (SPEC §6) per unit per month, with its provenance.

Every dimension is scored over the unit's *subtree* — a region's health is its front
line's — and for the month being reviewed, evaluated at the month's end:

- sync timeliness: the (version × unit) pairs of the subtree that the month is about:
  versions published in the month, and earlier ones still unacknowledged when it began
  (a pending version is penalised again each month it stays pending). Mean of the
  per-pair scores; a month with no such pair is not scored (NaN);
- path soundness: the structural checks of the period's cascade (engine: weights sum to
  1, additive children cover the parent within the overage, the local part within 1 − α,
  every metric in a weighted dimension, every unit has a node), passed / checked;
- resource match: 100·(1 − TVD) of the month's incentive spend against the strategic
  weights — over product lines (the objective's strategic lines, equal shares) for spend
  booked on lines, over metrics (the unit's weight vector) for spend booked on metrics,
  the two amount-weighted; no spend: not scored;
- feedback speed: median hours from raised to the first action of the alerts raised in
  the month; an alert still without action at the month's end counts its waiting time,
  one resolved before anybody acted is left out (nobody needed to act). No alert: 100.

The overall score is the weighted mean of the scored dimensions (engine/tracking_health).
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from desktop.domain.settings import HEALTH_DIMENSIONS
from desktop.engine.tracking_health import (
    feedback_speed,
    median_by_unit,
    overall_health,
    path_soundness,
    resource_match,
    sync_timeliness,
)
from desktop.services.health_inputs import HealthInputs, load_health_inputs
from desktop.services.tracking_data import TrackingData, load_tracking
from desktop.store.workspace import Workspace


def month_bounds(data: TrackingData) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(label "2025-04", start, end) of every month the period touches."""
    out = []
    day = data.period.start.replace(day=1)
    while day <= data.period.end:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append((day.strftime("%Y-%m"), _utc(day), _utc(nxt)))
        day = nxt
    return out


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@dataclass(slots=True)
class UnitHealth:
    unit: str
    month: str
    scores: dict[str, float]  # per dimension, NaN: not scored
    overall: float
    parent: str | None
    parent_scores: dict[str, float] | None
    parent_overall: float | None
    provenance: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        def clean(d):
            return None if d is None else {k: _num(v) for k, v in d.items()}

        return {"unit": self.unit, "month": self.month, "scores": clean(self.scores),
                "overall": _num(self.overall), "parent": self.parent,
                "parent_scores": clean(self.parent_scores),
                "parent_overall": _num(self.parent_overall), "provenance": self.provenance}


def _num(x):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 2)


@dataclass(slots=True)
class HealthIndex:
    data: TrackingData
    inputs: HealthInputs
    months: list[str]
    scores: np.ndarray  # (months, n, 4) in HEALTH_DIMENSIONS order
    overall: np.ndarray  # (months, n)

    def unit(self, code: str, month: str | None = None) -> UnitHealth:
        """One unit's scores for a month (default: the last), its parent's, provenance."""
        org = self.data.org
        if code not in org.codes:
            from desktop.domain.errors import UnknownEntityError

            raise UnknownEntityError(f"no org unit with code {code!r}")
        i = org.codes.index(code)
        k = self.months.index(month) if month is not None else len(self.months) - 1
        p = int(org.tree.parent[i])

        def dims(row):
            return dict(zip(HEALTH_DIMENSIONS, self.scores[k, row].tolist(), strict=True))

        return UnitHealth(code, self.months[k], dims(i), float(self.overall[k, i]),
                          org.codes[p] if p >= 0 else None, dims(p) if p >= 0 else None,
                          float(self.overall[k, p]) if p >= 0 else None,
                          self.inputs.provenance(i, k))


def health_index(ws: Workspace, period: str | None = None,
                 data: TrackingData | None = None, acks=None, spend=None) -> HealthIndex:
    """``acks`` (fact_arrays.acknowledgements), ``spend`` (every incentive payment,
    fact_arrays.incentive_spend): when the caller has them (the review)."""
    data = data or load_tracking(ws, period)
    months = month_bounds(data)
    inputs = load_health_inputs(ws, data, months, acks, spend)
    tree, params = data.org.tree, data.settings.health
    n = data.n
    path = path_soundness(tree.subtree_sum(inputs.checks_passed),
                          tree.subtree_sum(inputs.checks_made))
    scores = np.full((len(months), n, len(HEALTH_DIMENSIONS)), np.nan)
    for k in range(len(months)):
        # sync: mean of the per-pair scores over the subtree
        pairs = inputs.sync_pairs(k)
        pair_score = sync_timeliness(pairs.latency_days, params)
        total = tree.subtree_sum(np.bincount(pairs.row, pair_score, minlength=n))
        count = tree.subtree_sum(np.bincount(pairs.row, minlength=n).astype(float))
        scores[k, :, 0] = np.divide(total, count, out=np.full(n, np.nan), where=count > 0)
        scores[k, :, 1] = path
        scores[k, :, 2] = _resource(inputs, k, tree)
        hours = inputs.feedback_hours(k)
        origin, above = data.org.ancestors(hours.row)
        scores[k, :, 3] = feedback_speed(median_by_unit(hours.hours[origin], above, n), params)
    overall = overall_health(scores, params.weight_vector())
    return HealthIndex(data, inputs, [m[0] for m in months], scores, overall)


def _resource(inputs: HealthInputs, k: int, tree) -> np.ndarray:
    lines, metrics = inputs.spend_by_line(k), inputs.spend_by_metric(k)
    by_line = tree.subtree_sum(lines, axis=0)
    by_metric = tree.subtree_sum(metrics, axis=0)
    line_score = resource_match(by_line, inputs.strategic_line_weight[None, :])
    metric_score = resource_match(by_metric, np.nan_to_num(inputs.metric_weight, nan=0.0))
    wl, wm = by_line.sum(axis=1), by_metric.sum(axis=1)
    num = np.nan_to_num(line_score) * wl + np.nan_to_num(metric_score) * wm
    den = np.where(np.isnan(line_score), 0, wl) + np.where(np.isnan(metric_score), 0, wm)
    return np.divide(num, den, out=np.full(len(wl), np.nan), where=den > 0)
