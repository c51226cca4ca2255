"""One tracking pass at an evaluation week: roll-up → pace → status → alerts (SPEC §5, §8).

The service loads the arrays (units in level order, metric columns, the period's week
axis), calls ``track`` and stores what comes back: new alerts to insert, stored alerts to
resolve, statuses and scores to show. Nothing here knows about the store.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.engine.tracking_alerts import AlertRule, AlertRun, KnownAlerts, run_alerts
from desktop.engine.tracking_health import HealthParams
from desktop.engine.tracking_pace import Pace, pace
from desktop.engine.tracking_rollup import (
    Facts,
    Rollup,
    TreeShape,
    check_facts,
    last_fact_day,
    roll_up_checked,
)
from desktop.engine.tracking_status import (
    StatusBands,
    StatusResult,
    WeightedScore,
    evaluate_status,
    weighted_score,
)


@dataclass(frozen=True, slots=True)
class TrackingSettings:
    alerts: AlertRule = field(default_factory=AlertRule)
    bands: StatusBands = field(default_factory=StatusBands)
    health: HealthParams = field(default_factory=HealthParams)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "TrackingSettings":
        """From the workspace's merged settings (domain.settings.merged)."""
        return cls(AlertRule.from_settings(settings), StatusBands.from_settings(settings),
                   HealthParams.from_settings(settings))


@dataclass(slots=True)
class TrackingInputs:
    tree: TreeShape
    facts: Facts
    ratio: np.ndarray  # (m,) bool: the metric aggregates as Σ num / Σ den
    lower_is_better: np.ndarray  # (m,) bool
    target: np.ndarray  # (n, m) the published version's targets, NaN where none
    fraction: np.ndarray  # (W,) plan fraction due by each week (tracking_pace.plan_fractions)
    week: int  # the evaluation week's index on the week axis
    evaluation_day: int  # in the facts' day epoch (see Facts.day)
    period_start_day: int | None = None  # same epoch; staleness clock before a first fact
    open_alerts: KnownAlerts = field(default_factory=KnownAlerts.none)
    closed_alerts: KnownAlerts | None = None  # closed by hand: not to be raised again
    allow_negative: np.ndarray | None = None  # (m,) bool; None: negatives allowed
    weights: np.ndarray | None = None  # (n, m) metric weight vectors, for weighted scores
    confidence: np.ndarray | None = None  # (n, m) managers' confidence, passed through
    score_cap: float | None = None  # see tracking_status.weighted_score


@dataclass(slots=True)
class TrackingResult:
    rollup: Rollup
    pace: Pace
    status: StatusResult
    alerts: AlertRun
    weighted: WeightedScore | None  # at the evaluation week, when weights were given


def track(inputs: TrackingInputs, settings: TrackingSettings = TrackingSettings()
          ) -> TrackingResult:
    i = inputs
    weeks = len(i.fraction)
    if not 0 <= i.week < weeks:
        raise ValueError(f"evaluation week {i.week} is outside the period's {weeks} weeks")
    ratio = np.asarray(i.ratio, dtype=bool)
    keep, rejected = check_facts(i.facts, i.tree.n, ratio, weeks, i.allow_negative)
    facts = i.facts if keep is None else i.facts.subset(keep)
    rollup = roll_up_checked(i.tree, facts, ratio, weeks, rejected)
    paced = pace(rollup, i.target, i.fraction)
    last_day = last_fact_day(i.tree, facts, len(ratio), i.week)
    status = evaluate_status(paced.deviation, i.week, i.lower_is_better, last_day,
                             i.evaluation_day, settings.bands, i.period_start_day,
                             i.confidence)
    alerts = run_alerts(paced.deviation, i.lower_is_better, i.open_alerts, settings.alerts,
                        reported=rollup.fact_count, through_week=i.week,
                        closed_alerts=i.closed_alerts)
    weighted = None
    if i.weights is not None:
        weighted = weighted_score(paced.achievement[i.week], i.weights, i.lower_is_better,
                                  i.score_cap)
    return TrackingResult(rollup, paced, status, alerts, weighted)
