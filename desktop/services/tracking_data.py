"""Everything the tracking engine needs for one period, loaded from a workspace as arrays.

Units are the whole org tree in level order (engine/cascade_arrays), metrics the
workspace's metrics in key order, weeks the period's ISO weeks. Targets come from the
latest version published by the evaluation moment; a version recorded without frozen
values (imported history, the demo) — or no version at all — falls back to what the
cascade engine computes today, as the what-if baseline does (services/cascade._baseline).
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from desktop.domain.metric import Metric
from desktop.domain.objective import Objective
from desktop.domain.period import Period, parse_iso_week
from desktop.domain.version import CascadeVersion
from desktop.engine.tracking_pace import plan_fractions
from desktop.engine.tracking_pass import TrackingSettings
from desktop.engine.tracking_rollup import Facts
from desktop.services.org_arrays import OrgArrays, org_arrays_of
from desktop.services.period_cascade import PeriodCascade, shared_period_cascade
from desktop.store import bulk, copied_reads, fact_arrays, fact_cache, loads
from desktop.store.clock import day_number
from desktop.store.copied_reads import read_copied
from desktop.store.workspace import Workspace


def week_of_day(period: Period) -> tuple[list[str], np.ndarray]:
    """The period's ISO week labels and each week's Monday (day number)."""
    labels = period.weeks()
    return labels, np.array([day_number(parse_iso_week(w)) for w in labels], dtype=np.int64)


@dataclass(slots=True)
class TrackingData:
    ws_path: str
    period: Period
    objective: Objective
    context: PeriodCascade  # columns and engine arrays: no domain object per node
    org: OrgArrays
    metrics: list[Metric]
    metric_key: np.ndarray  # (m,) store keys
    week_labels: list[str]
    week_monday: np.ndarray  # (W,) day numbers
    fraction: np.ndarray  # (W,)
    ratio: np.ndarray  # (m,) bool
    lower_is_better: np.ndarray
    allow_negative: np.ndarray
    target: np.ndarray  # (n, m), NaN where a unit has none
    weights: np.ndarray  # (n, m) metric weights, NaN where none
    facts: Facts
    version: CascadeVersion | None  # the version the targets come from (None: computed)
    targets_from: str  # "version" or "computed"
    settings: TrackingSettings = field(default_factory=TrackingSettings)

    @property
    def n(self) -> int:
        return self.org.tree.n

    def week_index(self, label: str | None, today: dt.date | None = None) -> int:
        """The evaluation week: a label of the period, or the last week that has begun by
        ``today`` (default: the period's last week — a closed period is judged whole)."""
        if label is not None:
            if label not in self.week_labels:
                raise_unknown_week(label, self.period, self.week_labels)
            return self.week_labels.index(label)
        if today is None:
            return len(self.week_labels) - 1
        begun = int(np.searchsorted(self.week_monday, day_number(today), side="right")) - 1
        return min(max(begun, 0), len(self.week_labels) - 1)

    def week_end(self, week: int) -> dt.datetime:
        """The moment week ``week`` is over (Monday 00:00 UTC of the next week)."""
        monday = dt.date(1970, 1, 1) + dt.timedelta(days=int(self.week_monday[week]) + 7)
        return dt.datetime(monday.year, monday.month, monday.day, tzinfo=dt.UTC)


def raise_unknown_week(label: str, period: Period, labels: list[str]) -> None:
    from desktop.domain.errors import InvalidValueError

    raise InvalidValueError(f"week {label} is not in period {period.code} "
                            f"({labels[0]} … {labels[-1]})")


def load_tracking(ws: Workspace, period_code: str | None = None,
                  as_of: dt.datetime | None = None, org: OrgArrays | None = None,
                  actuals: fact_arrays.ActualColumns | fact_cache.CopiedActuals | None = None,
                  context: PeriodCascade | None = None, settings: dict | None = None
                  ) -> TrackingData:
    """The arrays of one period (default: the latest with a cascade); targets from the
    latest version published by ``as_of`` (default: any time). ``org``, ``actuals``
    (every actual, fact_cache.open_actuals), ``context`` (the period's cascade),
    ``settings`` (ws.settings()): what the caller has loaded already (the review loads
    them once for every period)."""
    context = context or shared_period_cascade(ws, period_code)
    period = context.period
    org = org or org_arrays_of(read_copied(ws, copied_reads.org_columns))
    if actuals is None:
        actuals = fact_cache.open_actuals(ws)  # the period's days only, from the copy
    labels, monday = week_of_day(period)
    with ws.read() as conn:
        metrics = loads.metrics(conn)
        metric_keys = bulk.key_map(conn, "metric")
        published = sorted((v for v in loads.versions(conn)
                            if v.cascade_id == context.cascade.id
                            and (as_of is None or v.published_at <= as_of)),
                           key=lambda v: v.number)
        version = published[-1] if published else None
        frozen = (fact_arrays.version_targets(conn, version.id) if version is not None
                  else None)
    metric_key = np.array([metric_keys[m.id] for m in metrics], dtype=np.int64)
    m = len(metrics)
    col_of_key = np.full(int(metric_key.max()) + 1 if m else 0, -1, dtype=np.int64)
    col_of_key[metric_key] = np.arange(m)

    target = np.full((org.tree.n, m), np.nan)
    weights = np.full((org.tree.n, m), np.nan)
    targets_from = "computed"
    if frozen is not None and len(frozen[0]):
        rows, cols = org.rows(frozen[0]), _lookup(col_of_key, frozen[1])
        ok = (rows >= 0) & (cols >= 0)
        weights[rows[ok], cols[ok]] = frozen[2][ok]
        target[rows[ok], cols[ok]] = frozen[3][ok]
        targets_from = "version"
    else:
        arrays, result = context.compute()
        rows = org.rows(context.unit_keys())
        col_of_id = {x.id: j for j, x in enumerate(metrics)}
        cols = np.array([col_of_id[mid] for mid in arrays.metric_ids], dtype=np.int64)
        target[np.ix_(rows, cols)] = result.targets
        weights[np.ix_(rows, cols)] = result.weights

    raw = actuals.between(int(monday[0]), int(monday[-1]) + 6)
    unit = _lookup(org.row_of_key, raw.unit_key)  # = org.rows(…), one pass over millions
    facts = Facts(unit, _lookup(col_of_key, raw.metric_key),
                  (raw.day - monday[0]) // 7, raw.value, raw.denominator, raw.day)
    return TrackingData(
        str(ws.path), period, context.objective, context, org, metrics, metric_key, labels,
        monday, plan_fractions(period),
        np.array([not x.is_additive for x in metrics], dtype=bool),
        np.array([str(x.direction) == "lower" for x in metrics], dtype=bool),
        np.array([x.allow_negative for x in metrics], dtype=bool),
        target, weights, facts, version, targets_from,
        TrackingSettings.from_settings(settings or ws.settings()))


def _lookup(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """table[keys], -1 for a key outside the table."""
    if not len(table):
        return np.full(len(keys), -1, dtype=np.int64)
    if table[0] == -1:
        # one pass, no temporaries: an index below 0 clips to table[0] (-1), one beyond
        # the end to the -1 appended
        return np.take(np.append(table, -1), keys, mode="clip")
    keys = np.asarray(keys, dtype=np.int64)
    inside = (keys >= 0) & (keys < len(table))
    return np.where(inside, table[np.where(inside, keys, 0)], -1)
