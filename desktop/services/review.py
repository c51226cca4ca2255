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

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.domain.period import Period
from desktop.domain.settings import HEALTH_DIMENSIONS
from desktop.engine.tracking_status import weighted_score
from desktop.services.case_figures import ACTIVITIES, CaseFigures, case_figures
from desktop.services.deal_impact import DealImpacts, period_deals
from desktop.services.health import health_index
from desktop.services.org_arrays import OrgArrays, org_arrays_of
from desktop.services.period_cascade import Units, shared_period_cascade
from desktop.services.tracking import StoredAlerts, evaluate, stored_alerts
from desktop.services.tracking_data import TrackingData, load_tracking
from desktop.services.tracking_queue import AlertView, QueueItem, alert_views, queue
from desktop.store import copied_reads, fact_arrays, fact_cache, loads
from desktop.store.column_copies import CopyReader
from desktop.store.copied_reads import read_copied
from desktop.store.workspace import Workspace

log = logging.getLogger(__name__)

__all__ = ["HEALTH_DIMENSIONS", "DealImpacts", "PeriodReview", "ReviewData", "ReviewInputs",
           "ReviewStopped", "load_review", "review_inputs"]


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
    # what the deals are read with, while a staged review leaves them to its next stage
    deals_query: "DealsQuery | None" = None


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
    pending: list[str] = field(default_factory=list)  # earlier periods still loading
    # review_asof.AlertHistory: the alert lifecycle history, read after the review when a
    # past month is asked for (None until then)
    history: Any = None

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


@dataclass(frozen=True, slots=True)
class DealsQuery:
    """The period's won deals up to the evaluated week, with their company impact: the
    company's to-date figures they are measured against, kept small."""

    org: OrgArrays
    metrics: list
    ratio: np.ndarray
    value: np.ndarray  # (m,)
    denominator: np.ndarray  # (m,)
    first_day: int
    last_day: int

    def load(self, ws: Workspace) -> DealImpacts:
        with ws.read() as conn:
            return period_deals(conn, self.org, self.metrics, self.ratio, self.value,
                                self.denominator, self.first_day, self.last_day)


def _deals_query(data, evaluation) -> DealsQuery:
    rollup, k = evaluation.rollup, evaluation.week
    value = rollup.value_to_date[k][0].copy()
    denominator = np.full(value.shape, np.nan)
    for i, j in enumerate(rollup.ratio_metrics.tolist()):
        denominator[j] = rollup.denominator_to_date[k][0, i]
    return DealsQuery(data.org, data.metrics, np.asarray(rollup.ratio), value, denominator,
                      int(data.week_monday[0]), int(data.week_monday[k]) + 6)


def _week_month(data) -> list[str]:
    return [(dt.date(1970, 1, 1) + dt.timedelta(days=int(d) + 3)).strftime("%Y-%m")
            for d in data.week_monday]


@dataclass(slots=True)
class ReviewInputs:
    """What every period of the review shares, loaded once (a period's own cascade,
    alerts and spend are loaded with the period)."""

    periods: list[Period]  # those with a cascade, in time order
    org: OrgArrays
    units: Units
    # every actual (fact_cache: a columnar copy, each period's days read when needed)
    actuals: fact_cache.CopiedActuals | fact_arrays.ActualColumns
    acks: fact_arrays.AcknowledgementColumns
    spend: fact_arrays.SpendColumns  # every incentive payment
    events: fact_arrays.DealEventColumns  # case_figures.ACTIVITIES
    nodes: copied_reads.CascadeNodes  # every cascade's nodes (keys only)
    settings: dict


def review_inputs(ws: Workspace) -> ReviewInputs:
    """The 100 000-row tables come from their columnar copies beside the workspace
    (store/column_copies, store/fact_cache), read in one snapshot."""
    with ws.read() as conn:
        with_cascade = {c.period_id for c in loads.cascade_headers(conn)}
        periods = [p for p in loads.periods(conn) if p.id in with_cascade]
        copies = CopyReader(ws, conn)
        org = copied_reads.org_columns(copies)
        factors = copied_reads.unit_factor_columns(copies)
        acks = copied_reads.acknowledgements(copies)
        spend = copied_reads.incentive_spend(copies)
        events = copied_reads.deal_events(copies, ACTIVITIES)
        nodes = copied_reads.cascade_nodes(copies, ids=False)  # the units each one reaches
    units = Units(org.key, org.id, org.headcount, factors)
    return ReviewInputs(periods, org_arrays_of(org), units, fact_cache.open_actuals(ws),
                        acks, spend, events, nodes, ws.settings())


def warm(ws: Workspace) -> bool:
    """Bring the review's copies up to date now, after a writer finished (the demo
    generator, a file import; never on the GUI thread), so that the next review does not
    pay for them. Best effort: a workspace the review cannot read yet (no cascade, …)
    or a copy that cannot be written only costs the next reader time. False then."""
    from desktop.domain.errors import DomainError
    from desktop.store.errors import WorkspaceError

    try:
        review_inputs(ws)
        # and the node ids the period's cascade is built with (review_inputs needs none)
        read_copied(ws, copied_reads.cascade_nodes)
    except (DomainError, WorkspaceError, OSError) as exc:  # what the next reader says
        log.info("review copies of %s not warmed: %s", ws.path.name, exc)
        return False
    except Exception:  # a bug; but the writer's work is committed: keep it so
        log.warning("review copies of %s not warmed", ws.path.name, exc_info=True)
        return False
    return True


class ReviewStopped(Exception):
    """A review given up between two periods (load_review's ``stop``)."""


def load_review(ws: Workspace, now: dt.datetime | None = None, *, latest: int | None = None,
                inputs: ReviewInputs | None = None, loaded: ReviewData | None = None,
                stop: Callable[[], bool] | None = None) -> ReviewData:
    """The review of every period with a cascade, as of ``now`` (default: the clock).

    The page shows the latest period first: ``latest=1`` loads only that one (``pending``
    names the periods still to come); a later call with ``loaded`` (and the same
    ``inputs``) adds the others and keeps what ``loaded`` holds. ``stop`` is asked
    between periods: true (the review is no longer wanted) raises ReviewStopped."""
    moment = now or dt.datetime.now(dt.UTC)
    inputs = inputs or review_inputs(ws)
    org, acks = inputs.org, inputs.acks
    chosen = inputs.periods if latest is None else inputs.periods[-latest:]
    if not chosen:
        from desktop.domain.errors import InvalidValueError

        raise InvalidValueError(f"{ws.path.name}: no period has a cascade to review")
    done = {p.code: p for p in (loaded.periods if loaded is not None else [])}
    # a staged review draws its first stage without the won deals (a select over every
    # opportunity); they come with the next stage
    later = latest is not None and len(inputs.periods) > len(chosen)
    reviews: list[PeriodReview] = []
    data = stored = None
    for period in chosen:
        if period.code in done:
            review = done[period.code]
            if review.deals_query is not None and not later:
                review = dataclasses.replace(review, deals=review.deals_query.load(ws),
                                             deals_query=None)
            reviews.append(review)
            continue
        _stop_if(stop)
        # the designer's pace status computes the same cascade: shared, not done twice
        context = shared_period_cascade(ws, period.code)
        data = load_tracking(ws, period.code, org=org, actuals=inputs.actuals,
                             context=context, settings=inputs.settings)
        _stop_if(stop)
        week = data.week_index(None, moment.date())
        evaluation = evaluate(data, len(data.week_labels) - 1)
        stored = stored_alerts(ws, data) if period is chosen[-1] else None
        reviews.append(_period_review(ws, data, evaluation, week, inputs, stored, later))
    _stop_if(stop)
    codes = [p.code for p in chosen]
    # the cards compare with the period before: its figures come with the first call
    before = inputs.periods[max(0, len(inputs.periods) - len(chosen) - 1):]
    figures = case_figures(ws, [p.code for p in before], org=org, acks=acks,
                           spend=inputs.spend, events=inputs.events,
                           units_of=inputs.nodes.node_units())
    if loaded is not None and chosen[-1].code in done:
        alerts, items = loaded.alerts, loaded.queue
    else:
        assert data is not None and stored is not None
        alerts = alert_views(ws, data, stored)
        items = queue(ws, data, stored, None, moment, acks, alerts)
    row_of_code = {c: i for i, c in enumerate(org.codes)}
    parent = np.asarray(org.tree.parent, dtype=np.int64)
    return ReviewData(
        str(ws.path), ws.meta("name") or ws.path.stem, list(org.codes), list(org.names),
        list(org.kinds), parent, _ancestor_matrix(parent), reviews, figures, alerts,
        np.array([row_of_code.get(a.unit, -1) for a in alerts], dtype=np.int64), items,
        np.array([row_of_code.get(q.unit, -1) for q in items], dtype=np.int64), moment,
        row_of_code, [p.code for p in inputs.periods if p.code not in codes])


def _stop_if(stop: Callable[[], bool] | None) -> None:
    if stop is not None and stop():
        raise ReviewStopped  # a newer review, a write or another file waits behind it


def _period_review(ws: Workspace, data: TrackingData, evaluation, week: int,
                   inputs: ReviewInputs, stored: StoredAlerts | None, later: bool
                   ) -> PeriodReview:
    stored = stored or stored_alerts(ws, data)
    health = health_index(ws, data=data, acks=inputs.acks, spend=inputs.spend)
    achievement = evaluation.pace.achievement
    weights = np.nan_to_num(data.weights, nan=0.0)
    # a week at a time: the same sums, without (weeks × units × metrics) temporaries
    score = np.empty(achievement.shape[:2], dtype=np.float32)
    for w in range(len(achievement)):
        score[w] = weighted_score(achievement[w], weights, data.lower_is_better).score
    deals = _deals_query(data, evaluation)
    return PeriodReview(
        data.period.code, health.months, data.week_labels, _week_month(data),
        [m.code for m in data.metrics], [m.name for m in data.metrics],
        np.asarray(data.ratio), week, achievement.astype(np.float32), score, health.scores,
        health.overall, _impact(evaluation),
        stored.unit, stored.metric, stored.raised_week, stored.resolved_week,
        float(data.settings.alerts.threshold), None if later else deals.load(ws),
        deals if later else None)
