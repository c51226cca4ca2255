"""What goes into the health index of a period's months (services/health.py): the
(version × unit) pairs, alert response times, spend, structural checks — loaded once,
kept per row so that every score can say where it came from (SPEC §8 provenance)."""

import datetime as dt
from dataclasses import dataclass

import numpy as np

from desktop.services.tracking_data import TrackingData
from desktop.store import alerts as store_alerts
from desktop.store import bulk, copied_reads, fact_arrays, loads
from desktop.store.clock import day_number, from_iso
from desktop.store.column_copies import CopyReader
from desktop.store.workspace import Workspace

TOLERANCE = 1e-6
EXAMPLES = 10


@dataclass(slots=True)
class Pairs:
    row: np.ndarray
    latency_days: np.ndarray
    version: np.ndarray  # version number


@dataclass(slots=True)
class Hours:
    row: np.ndarray
    hours: np.ndarray
    alert: np.ndarray  # index into the alert columns


@dataclass(slots=True)
class HealthInputs:
    data: TrackingData
    months: list[tuple[str, dt.datetime, dt.datetime]]
    # versions × units
    pair_row: np.ndarray
    pair_version: np.ndarray
    published: np.ndarray  # epoch seconds
    acknowledged: np.ndarray  # epoch seconds, +inf when never
    # alerts of the period
    alert_ids: list[str]
    alert_row: np.ndarray
    raised: np.ndarray  # epoch seconds
    acted: np.ndarray  # first action, +inf when none
    resolved: np.ndarray  # +inf while open
    # spend
    spend_row: np.ndarray
    spend_day: np.ndarray
    spend_line: np.ndarray  # column in line_codes, -1 when booked on a metric
    spend_metric: np.ndarray  # metric column, -1 when booked on a line
    spend_amount: np.ndarray
    line_codes: list[str]
    strategic_line_weight: np.ndarray  # (L,)
    metric_weight: np.ndarray  # (n, m)
    # structure
    checks_made: np.ndarray  # (n,) per unit, own checks
    checks_passed: np.ndarray
    failures: dict[int, list[str]]  # row -> failed check names

    def _bounds(self, k: int) -> tuple[float, float]:
        _, start, end = self.months[k]
        return start.timestamp(), end.timestamp()

    def sync_pairs(self, k: int) -> Pairs:
        start, end = self._bounds(k)
        pending = (self.published < start) & (self.acknowledged >= start)
        chosen = ((self.published >= start) & (self.published < end)) | pending
        latency = (np.minimum(self.acknowledged[chosen], end) - self.published[chosen]) / 86400
        return Pairs(self.pair_row[chosen], latency, self.pair_version[chosen])

    def feedback_hours(self, k: int) -> Hours:
        start, end = self._bounds(k)
        raised_now = (self.raised >= start) & (self.raised < end)
        acted = self.acted < end
        waiting = ~acted & (self.resolved >= end)  # no action yet, still open: it counts
        chosen = raised_now & (acted | waiting)
        until = np.where(acted, self.acted, end)[chosen]
        return Hours(self.alert_row[chosen], (until - self.raised[chosen]) / 3600,
                     np.flatnonzero(chosen))

    def _spend(self, k: int) -> np.ndarray:
        _, start, end = self.months[k]
        return ((self.spend_day >= day_number(start.date()))
                & (self.spend_day < day_number(end.date())))

    def spend_by_line(self, k: int) -> np.ndarray:
        pick = self._spend(k) & (self.spend_line >= 0)
        return _grid(self.spend_row[pick], self.spend_line[pick], self.spend_amount[pick],
                     self.data.n, len(self.line_codes))

    def spend_by_metric(self, k: int) -> np.ndarray:
        pick = self._spend(k) & (self.spend_line < 0) & (self.spend_metric >= 0)
        return _grid(self.spend_row[pick], self.spend_metric[pick], self.spend_amount[pick],
                     self.data.n, len(self.data.metrics))

    def provenance(self, i: int, k: int) -> dict:
        """What went into unit row ``i``'s scores for month ``k`` (its whole subtree)."""
        from desktop.services.tracking_queue import subtree_mask

        inside = subtree_mask(self.data, self.data.org.codes[i])
        pairs = self.sync_pairs(k)
        mine = inside[pairs.row]
        hours = self.feedback_hours(k)
        mine_h = inside[hours.row]
        pick = self._spend(k) & inside[np.maximum(self.spend_row, 0)] & (self.spend_row >= 0)
        by_line = {c: round(float(self.spend_amount[pick & (self.spend_line == j)].sum()), 2)
                   for j, c in enumerate(self.line_codes)}
        failures = [f"{self.data.org.codes[r]}: {name}" for r in np.flatnonzero(inside)
                    for name in self.failures.get(int(r), [])]
        return {
            "sync": {"versions": sorted({int(v) for v in pairs.version[mine]}),
                     "version_units": int(mine.sum()),
                     "mean_latency_days": _round(pairs.latency_days[mine].mean())
                     if mine.any() else None},
            "feedback": {"alerts": int(mine_h.sum()),
                         "alert_ids": [self.alert_ids[a] for a in hours.alert[mine_h]][:EXAMPLES],
                         "median_hours": _round(np.median(hours.hours[mine_h]))
                         if mine_h.any() else None},
            "resource": {"spend": round(float(self.spend_amount[pick].sum()), 2),
                         "payments": int(pick.sum()), "by_product_line": by_line},
            "path": {"checked": int(self.checks_made[inside].sum()),
                     "passed": int(self.checks_passed[inside].sum()),
                     "failed": failures[:EXAMPLES]},
        }


def _round(x) -> float:
    return round(float(x), 2)


def _grid(row, col, amount, n, width) -> np.ndarray:
    ok = row >= 0
    flat = np.bincount(row[ok] * width + col[ok], amount[ok], minlength=n * width)
    return flat.reshape(n, width)


def load_health_inputs(ws: Workspace, data: TrackingData,
                       months: list[tuple[str, dt.datetime, dt.datetime]],
                       acks: fact_arrays.AcknowledgementColumns | None = None,
                       spend_all: fact_arrays.SpendColumns | None = None) -> HealthInputs:
    """``acks``, ``spend_all`` (every incentive payment): when the caller has loaded them
    already (the review shares them between its periods and sections)."""
    org = data.org
    first, last = day_number(data.period.start), day_number(data.period.end)
    with ws.read() as conn:
        versions = [v for v in loads.versions(conn) if v.cascade_id == data.context.cascade.id]
        version_key = bulk.key_map(conn, "cascade_version")
        copies = CopyReader(ws, conn)  # the 100 000-row tables from their copies
        if acks is None:
            acks = copied_reads.acknowledgements(copies)
        alerts = store_alerts.alert_columns(conn, data.period.id)
        actions = store_alerts.action_columns(conn)
        spend = _days(spend_all if spend_all is not None
                      else copied_reads.incentive_spend(copies), first, last)
        lines = loads.product_lines(conn)
        line_key = bulk.key_map(conn, "product_line")
    rows = org.rows(data.context.node_unit_key)
    rows = rows[rows >= 0]
    pair_row = np.tile(rows, len(versions))
    pair_version = np.repeat([v.number for v in versions], len(rows)).astype(np.int64)
    published = np.repeat([v.published_at.timestamp() for v in versions], len(rows))
    acknowledged = ack_grid(acks, org.rows(acks.unit_key),
                            [version_key[v.id] for v in versions], rows, org.tree.n).ravel()

    first_action: dict[int, float] = {}
    for key, at in zip(actions.alert_key, actions.at, strict=True):
        first_action.setdefault(key, from_iso(at).timestamp())  # sorted by time
    alert_row = org.rows(np.asarray(alerts.unit_key, dtype=np.int64))

    def stamp(texts):
        return np.array([np.inf if t is None else from_iso(t).timestamp() for t in texts])

    line_col = {line_key[p.id]: j for j, p in enumerate(lines)}
    strategic = np.array([p.id in data.objective.strategic_product_lines for p in lines],
                         dtype=float)
    metric_col = {int(k): j for j, k in enumerate(data.metric_key)}
    made, passed, failures = _checks(data)
    return HealthInputs(
        data, months, pair_row, pair_version, published, acknowledged,
        list(alerts.id), alert_row, stamp(alerts.raised_at),
        np.array([first_action.get(k, np.inf) for k in alerts.key]),
        stamp(alerts.resolved_at), org.rows(spend.unit_key), spend.day,
        _columns_of(line_col, spend.product_line_key), _columns_of(metric_col, spend.metric_key),
        spend.amount, [p.code for p in lines], strategic, data.weights, made, passed, failures)


def ack_grid(acks: fact_arrays.AcknowledgementColumns, ack_row: np.ndarray,
             version_keys: list[int], rows: np.ndarray, n: int) -> np.ndarray:
    """(versions, len(rows)) moment each unit row acknowledged each version, +inf when
    it never did."""
    out = np.full((len(version_keys), len(rows)), np.inf)
    for k, key in enumerate(version_keys):
        mine = (acks.version_key == key) & (ack_row >= 0)
        at_row = np.full(n, np.inf)
        at_row[ack_row[mine]] = acks.at[mine]
        out[k] = at_row[rows]
    return out


def _checks(data: TrackingData) -> tuple[np.ndarray, np.ndarray, dict[int, list[str]]]:
    """The structural checks of SPEC §6 path soundness, per org row (own checks only;
    health.py sums them over subtrees)."""
    n = data.n
    made, passed = np.zeros(n), np.zeros(n)
    failures: dict[int, list[str]] = {}

    def check(rows, ok, name):
        np.add.at(made, rows, 1)
        np.add.at(passed, rows, ok.astype(float))
        for r in np.asarray(rows)[~ok].tolist():
            failures.setdefault(int(r), []).append(name)

    arrays, result = data.context.compute()
    node_row = data.org.rows(data.context.unit_keys())
    has_node = np.zeros(n, bool)
    has_node[node_row] = True
    check(np.arange(n), has_node, "has a target node")
    w = result.weights
    check(node_row, np.abs(w.sum(axis=1) - 1) <= TOLERANCE, "weights sum to 1")
    child = arrays.parent >= 0
    if child.any():
        # the rule of each node's edge (index -1: no edge, α = 1)
        alpha = np.array([r.alpha for r in arrays.rules] + [1.0])[arrays.rule_index]
        local = w[child] - alpha[child, None] * w[arrays.parent[child]]
        check(node_row[child], (local >= -TOLERANCE).all(axis=1),
              "local share within 1 − α")
    parents = np.flatnonzero(arrays.child_end > arrays.child_start)
    additive = np.flatnonzero(arrays.additive)
    if len(parents) and len(additive):
        sums = np.add.reduceat(result.targets[:, additive][arrays.child_start[0]:],
                               arrays.child_start[parents] - arrays.child_start[0], axis=0)
        overage = _largest_overage(arrays, parents)
        own = result.targets[parents][:, additive]
        covered = ((sums >= own * (1 - TOLERANCE) - TOLERANCE)
                   & (sums <= own * (1 + overage[:, None]) * (1 + TOLERANCE) + TOLERANCE))
        check(node_row[parents], covered.all(axis=1),
              "children cover the parent's target")
    weight = data.objective.dimension_weights
    mapped = all(weight.get(m.dimension_id, 0.0) > 0 for m in data.metrics)
    check(node_row, np.full(len(node_row), mapped), "every metric in a weighted dimension")
    return made, passed, failures


def _days(spend: fact_arrays.SpendColumns, first: int, last: int) -> fact_arrays.SpendColumns:
    """The payments dated first..last, in the same (table) order as the select gives."""
    pick = (spend.day >= first) & (spend.day <= last)
    return fact_arrays.SpendColumns(spend.unit_key[pick], spend.day[pick],
                                    spend.metric_key[pick], spend.product_line_key[pick],
                                    spend.amount[pick])


def _columns_of(column_of_key: dict[int, int], keys: np.ndarray) -> np.ndarray:
    """Column of each store key, -1 for keys without one (NULL keys are -1)."""
    keys = np.asarray(keys, dtype=np.int64)
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    low, high = min(0, int(keys.min())), max(0, int(keys.max()))
    if high - low > 4 * len(keys) + 65536:  # sparse keys: the dict, one by one
        return np.array([column_of_key.get(int(k), -1) for k in keys], dtype=np.int64)
    table = np.full(high - low + 1, -1, dtype=np.int64)
    for key, column in column_of_key.items():
        if low <= key <= high:
            table[key - low] = column
    return table[keys - low]


def _largest_overage(arrays, parents: np.ndarray) -> np.ndarray:
    """Each parent's largest overage over its children's edges (children of successive
    parents are adjacent in level order)."""
    overage = np.array([r.overage for r in arrays.rules] + [np.nan])[arrays.rule_index]
    first = arrays.child_start[parents]
    children = overage[first[0]:]
    if (np.isnan(children).any() or len(children) != int(
            (arrays.child_end[parents] - first).sum())):  # not the usual shape: one by one
        return np.array([max(arrays.rules[k].overage for k in
                             arrays.rule_index[arrays.child_start[p]:arrays.child_end[p]])
                         for p in parents])
    return np.maximum.reduceat(children, first - first[0])
