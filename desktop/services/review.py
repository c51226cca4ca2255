"""The monthly review (SPEC §2 executive, §6, §8): everything the review page and the
review PDF show, loaded once as arrays so that picking another unit or month only slices.

``load_review`` runs the tracking services read-only (no alert is raised or resolved) for
every period that has a cascade: weekly achievement per unit and metric, the health index
per unit and month, the period's alerts (markers) and open alerts with their action
packs, the "what must I do now" queue, the case figures, and each unit's impact on the
company figure.

Impact of a unit on metric j at the evaluated week:
- sum metrics: its share of the company's actual to date (0.27: 27% of the company's
  collections);
- ratio metrics: how far the company's ratio moves because of the unit, in points:
  100 · (N / D − (N − n_u) / (D − d_u)) — "R-EAST moved the high-margin share by +3.1
  points".
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from desktop.domain.settings import HEALTH_DIMENSIONS
from desktop.engine.tracking_status import weighted_score
from desktop.services.case_figures import CaseFigures, case_figures
from desktop.services.deal_impact import DealImpacts, period_deals
from desktop.services.health import health_index
from desktop.services.org_arrays import org_arrays
from desktop.services.tracking import evaluate, stored_alerts
from desktop.services.tracking_data import load_tracking
from desktop.services.tracking_queue import AlertView, QueueItem, alert_views, queue
from desktop.store import fact_arrays, loads
from desktop.store.workspace import Workspace

__all__ = ["HEALTH_DIMENSIONS", "DealImpacts", "PeriodReview", "ReviewData", "load_review"]


@dataclass(slots=True)
class PeriodReview:
    code: str
    months: list[str]
    week_labels: list[str]
    week_month: list[str]  # the month of each week (of its Thursday)
    metric_codes: list[str]
    metric_names: list[str]
    ratio: np.ndarray  # (m,) bool
    week: int  # the evaluated week (the period's last that is over)
    achievement: np.ndarray  # (W, n, m)
    score: np.ndarray  # (W, n) weighted achievement across metrics
    health: np.ndarray  # (months, n, 4) HEALTH_DIMENSIONS order, NaN: not scored
    overall: np.ndarray  # (months, n)
    impact: np.ndarray  # (n, m) see the module docstring
    alert_row: np.ndarray  # every alert of the period: unit row, metric column,
    alert_metric: np.ndarray
    alert_raised: np.ndarray  # week index
    alert_resolved: np.ndarray  # week index, -1 while open
    threshold: float
    deals: DealImpacts | None = None  # won deals of the period with their impact


@dataclass(slots=True)
class ReviewData:
    path: str
    name: str
    codes: list[str]
    names: list[str]
    kinds: list[str]
    parent: np.ndarray  # (n,) level order, -1 for the root
    ancestors: np.ndarray  # (n, depth) each row, its parent, …; -1 beyond the root
    periods: list[PeriodReview]
    figures: list[CaseFigures]
    alerts: list[AlertView]  # open alerts of the latest period
    alert_rows: np.ndarray
    queue: list[QueueItem]  # the company's queue (filtered per unit by subtree)
    queue_rows: np.ndarray
    now: dt.datetime
    row_of_code: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def months(self) -> list[str]:
        return [m for p in self.periods for m in p.months]

    def month_at(self, month: str | None) -> tuple[int, int]:
        """(period index, month index) of a month label (default: the latest month)."""
        for i, p in enumerate(self.periods):
            if month in p.months:
                return i, p.months.index(month)
        if month is not None:
            from desktop.domain.errors import InvalidValueError

            raise InvalidValueError(f"no review for month {month} (months: "
                                    f"{', '.join(self.months)})")
        return len(self.periods) - 1, len(self.periods[-1].months) - 1

    def in_subtree(self, rows: np.ndarray, unit: int) -> np.ndarray:
        """(len(rows),) bool: the rows that are ``unit`` or below it."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros(0, bool)
        return (self.ancestors[np.maximum(rows, 0)] == unit).any(axis=1) & (rows >= 0)

    def regions(self) -> list[int]:
        return [i for i, k in enumerate(self.kinds) if k == "region"]

    def figures_of(self, period: str, unit: int) -> CaseFigures | None:
        """The case figures of the unit's region (the company's above the regions)."""
        region = next((int(a) for a in self.ancestors[unit]
                       if a >= 0 and self.kinds[a] == "region"), None)
        code = "company" if region is None else self.codes[region]
        return next((f for f in self.figures if f.period == period and f.region == code),
                    None)


def _ancestor_matrix(parent: np.ndarray) -> np.ndarray:
    columns = [np.arange(len(parent), dtype=np.int64)]
    while (columns[-1] >= 0).any():
        up = np.where(columns[-1] >= 0, parent[np.maximum(columns[-1], 0)], -1)
        if not (up >= 0).any():
            break
        columns.append(up)
    return np.stack(columns, axis=1)


def _impact(evaluation) -> np.ndarray:
    rollup, k = evaluation.rollup, evaluation.week
    value = rollup.value_to_date[k]  # (n, m)
    out = np.full(value.shape, np.nan)
    total = value[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = value / np.where(total != 0, total, np.nan)
    out[:, ~rollup.ratio] = share[:, ~rollup.ratio]
    for i, j in enumerate(rollup.ratio_metrics.tolist()):
        num, den = value[:, j], rollup.denominator_to_date[k][:, i]
        with np.errstate(divide="ignore", invalid="ignore"):
            company = num[0] / den[0]
            without = (num[0] - num) / (den[0] - den)
        out[:, j] = 100.0 * (company - without)
    out[0] = np.where(rollup.ratio, np.nan, 1.0)
    return out


def _deals(ws: Workspace, data, evaluation) -> DealImpacts:
    """The period's won deals up to the evaluated week, with their company impact."""
    rollup, k = evaluation.rollup, evaluation.week
    value = rollup.value_to_date[k][0]
    denominator = np.full(value.shape, np.nan)
    for i, j in enumerate(rollup.ratio_metrics.tolist()):
        denominator[j] = rollup.denominator_to_date[k][0, i]
    last_day = int(data.week_monday[k]) + 6
    with ws.read() as conn:
        return period_deals(conn, data.org, data.metrics, np.asarray(rollup.ratio), value,
                            denominator, int(data.week_monday[0]), last_day)


def _week_month(data) -> list[str]:
    return [(dt.date(1970, 1, 1) + dt.timedelta(days=int(d) + 3)).strftime("%Y-%m")
            for d in data.week_monday]


def load_review(ws: Workspace, now: dt.datetime | None = None) -> ReviewData:
    """The review of every period with a cascade, as of ``now`` (default: the clock)."""
    moment = now or dt.datetime.now(dt.UTC)
    with ws.read() as conn:
        with_cascade = {c.period_id for c in loads.cascade_headers(conn)}
        periods = [p for p in loads.periods(conn) if p.id in with_cascade]
        # loaded once, shared by every period and section below
        acks = fact_arrays.acknowledgements(conn)
    org = org_arrays(ws)
    reviews: list[PeriodReview] = []
    data = stored = None
    for period in periods:
        data = load_tracking(ws, period.code, org=org)
        week = data.week_index(None, moment.date())
        evaluation = evaluate(data, len(data.week_labels) - 1)
        stored = stored_alerts(ws, data)
        health = health_index(ws, data=data, acks=acks)
        achievement = evaluation.pace.achievement
        score = weighted_score(achievement, np.nan_to_num(data.weights, nan=0.0),
                               data.lower_is_better).score
        reviews.append(PeriodReview(
            period.code, health.months, data.week_labels, _week_month(data),
            [m.code for m in data.metrics], [m.name for m in data.metrics],
            np.asarray(data.ratio), week, achievement.astype(np.float32),
            score.astype(np.float32), health.scores, health.overall, _impact(evaluation),
            stored.unit, stored.metric, stored.raised_week, stored.resolved_week,
            float(data.settings.alerts.threshold), _deals(ws, data, evaluation)))
    if data is None or stored is None:
        from desktop.domain.errors import InvalidValueError

        raise InvalidValueError(f"{ws.path.name}: no period has a cascade to review")
    alerts = alert_views(ws, data, stored)
    row_of_code = {c: i for i, c in enumerate(org.codes)}
    items = queue(ws, data, stored, None, moment, acks, alerts)
    figures = case_figures(ws, org=org, acks=acks)
    parent = np.asarray(org.tree.parent, dtype=np.int64)
    return ReviewData(
        str(ws.path), ws.meta("name") or ws.path.stem, list(org.codes), list(org.names),
        list(org.kinds), parent, _ancestor_matrix(parent), reviews, figures, alerts,
        np.array([row_of_code.get(a.unit, -1) for a in alerts], dtype=np.int64), items,
        np.array([row_of_code.get(q.unit, -1) for q in items], dtype=np.int64), moment,
        row_of_code)
