"""The review "as of" the end of a past month (issue 6): the alerts that were open then
and the "what must I do now" queue at that moment, so that picking May shows May's
alerts and May's to-do list, not today's.

The lifecycle history (alerts, their events and actions, version acknowledgements,
check-ins) is read once after the review has loaded (``load_history``, off the GUI
thread); a month is then array work, cached per month (``as_of``).

At moment T, for the alerts of the month's period:
- an alert is open when it was raised by T and its last lifecycle event by T is not
  *resolved*; its state is that event's, its actions the ones taken by T;
- the queue is what ``tracking_queue.queue`` would have said at T: open alerts not yet
  acted on, units with a node in the period's cascade that had not acknowledged the
  latest version published by T, managers whose latest check-in by T is older than the
  grace period.
The latest month is the live review (``ReviewData.alerts`` and ``queue``, as of now):
the only one where an alert can still be acknowledged or acted on.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from desktop.domain.alert import AlertState
from desktop.engine.tracking_pass import TrackingSettings
from desktop.services.action_packs import PackMatcher
from desktop.services.review import ReviewData
from desktop.services.tracking import trigger_of
from desktop.services.tracking_queue import AlertView, QueueItem
from desktop.store import alerts as store_alerts
from desktop.store import bulk, fact_arrays, loads
from desktop.store.clock import day_number, from_iso
from desktop.store.workspace import Workspace

_QUEUE_ORDER = {"alert": 0, "acknowledge_version": 1, "check_in": 2}
_NO_EVENT = -1  # an alert with no lifecycle event by the moment: still as raised


@dataclass(slots=True)
class AsOf:
    """The alerts panel and the queue of one month, for the whole company (the page
    keeps a unit's subtree with ``ReviewData.in_subtree`` on the rows)."""

    month: str
    moment: dt.datetime
    live: bool  # the latest month: today's state, the alerts can still be acted on
    alerts: list[AlertView]
    alert_rows: np.ndarray
    queue: list[QueueItem]
    queue_rows: np.ndarray


@dataclass(slots=True)
class _Scope:
    """One period with a cascade: what its queue needs."""

    start_day: int
    has_node: np.ndarray  # (n,) bool: a node in the period's cascade
    version_ms: np.ndarray  # published, in ms; versions in number order
    version_key: np.ndarray
    version_number: list[int]
    version_note: list[str]
    version_since: list[str]  # published_at.isoformat(), as the live queue says it


@dataclass(slots=True)
class _Sorted:
    """Times of one kind of row (events, actions), sorted by (alert, time), so that the
    rows of every alert up to a moment are one ``searchsorted``."""

    key: np.ndarray  # alert · span + (ms − origin), int64, ascending
    first: np.ndarray  # (A,) index of each alert's first row
    order: np.ndarray  # the rows in that order (indices into the original columns)
    origin: int
    span: int

    @classmethod
    def of(cls, alert: np.ndarray, ms: np.ndarray, alerts: int) -> "_Sorted":
        origin = int(ms.min()) - 1 if len(ms) else 0
        span = (int(ms.max()) - origin + 2) if len(ms) else 1
        order = np.lexsort((ms, alert))
        key = alert[order] * span + (ms[order] - origin)
        first = np.searchsorted(alert[order], np.arange(alerts), side="left")
        return cls(key, first, order, origin, span)

    def count_by(self, t_ms: int, alerts: np.ndarray) -> np.ndarray:
        """(len(alerts),) rows of each alert at or before ``t_ms``."""
        moment = min(max(t_ms - self.origin, 0), self.span - 1)
        upto = np.searchsorted(self.key, alerts * self.span + moment, side="right")
        return upto - self.first[alerts]


@dataclass(slots=True)
class AlertHistory:
    """Read once per loaded review (``load_history``); ``as_of`` slices it."""

    path: str
    scopes: dict[str, _Scope]  # by period code
    alert_period: np.ndarray  # (A,) index into ``period_codes``
    period_codes: list[str]
    alert_row: np.ndarray  # (A,) -1: unit or metric gone
    raised_ms: np.ndarray
    resolved_ms: np.ndarray  # the alert column's, int64 max while open
    views: list[AlertView]  # today's state, every action: the templates
    events: _Sorted
    event_state: np.ndarray  # index into STATE_NAMES, per original event row
    actions: _Sorted
    ack_version_key: np.ndarray
    ack_row: np.ndarray
    ack_ms: np.ndarray
    checkin_row: np.ndarray  # sorted by day
    checkin_day: np.ndarray
    manages: np.ndarray  # (n,) bool: units with units below them
    grace_days: int
    cache: dict[str, AsOf] = field(default_factory=dict)


STATE_NAMES = [str(s) for s in AlertState]


def month_end(month: str) -> dt.datetime:
    """The last millisecond of ``month`` ("2025-05"), UTC."""
    year, number = (int(x) for x in month.split("-"))
    following = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=dt.UTC)
    return following - dt.timedelta(milliseconds=1)


def load_history(ws: Workspace, data: ReviewData) -> AlertHistory:
    """The alert lifecycle history of ``data``'s workspace (read-only, any thread), with
    every past month's alerts and queue worked out."""
    with ws.read() as conn:
        org = loads.org_columns(conn)
        periods = {p.id: p for p in loads.periods(conn)}
        period_key = bulk.key_map(conn, "period")
        headers = loads.cascade_headers(conn)
        objectives = {o.id: o for o in loads.objectives(conn)}
        metrics = loads.metrics(conn)
        metric_key = bulk.key_map(conn, "metric")
        cols = store_alerts.alert_columns(conn)
        events = store_alerts.event_columns(conn)
        actions = store_alerts.action_columns(conn)
        rules = store_alerts.pack_rules(conn)
        versions = loads.versions(conn)
        version_key = bulk.key_map(conn, "cascade_version")
        acks = fact_arrays.acknowledgements(conn)
        checkins = store_alerts.checkin_columns(conn)
        node_cascade, node_unit_key = loads.node_unit_columns(conn)
    grace_days = TrackingSettings.from_settings(ws.settings()).bands.grace_days
    row_of_key = _row_lookup(org.key, org.code, data.row_of_code)

    def rows(keys) -> np.ndarray:
        keys = np.asarray(keys, dtype=np.int64)
        inside = (keys >= 0) & (keys < len(row_of_key))
        return np.where(inside, row_of_key[np.where(inside, keys, 0)], -1)

    # one cascade per period: the first, as load_period_cascade chooses it
    header_of: dict[str, object] = {}
    for header in headers:
        header_of.setdefault(header.period_id, header)
    code_of_key = {period_key[pid]: p.code for pid, p in periods.items()}
    period_codes = [p.code for p in periods.values()]
    scopes, matchers = {}, {}
    node_cascade_arr = np.asarray(node_cascade, dtype=object)
    node_rows = rows(node_unit_key)
    for pid, header in header_of.items():
        period = periods[pid]
        has_node = np.zeros(data.n, dtype=bool)
        mine = node_rows[(node_cascade_arr == header.id) & (node_rows >= 0)]
        has_node[mine] = True
        published = sorted((v for v in versions if v.cascade_id == header.id),
                           key=lambda v: v.number)
        scopes[period.code] = _Scope(
            day_number(period.start), has_node,
            np.array([_ms(v.published_at) for v in published], dtype=np.int64),
            np.array([version_key[v.id] for v in published], dtype=np.int64),
            [v.number for v in published], [v.note for v in published],
            [v.published_at.isoformat() for v in published])
        if header.objective_id in objectives:
            matchers[period.code] = PackMatcher(rules, metrics, objectives[header.objective_id])

    a = len(cols)
    alert_row = rows(cols.unit_key)
    metric_of_key = {metric_key[m.id]: m for m in metrics}
    alert_period = np.array([period_codes.index(code_of_key[k]) if k in code_of_key else -1
                             for k in cols.period_key], dtype=np.int64)
    alert_index = {k: i for i, k in enumerate(cols.key)}
    action_alert = np.array([alert_index.get(k, -1) for k in actions.alert_key],
                            dtype=np.int64)
    taken: list[list[tuple[str, str, str]]] = [[] for _ in range(a)]
    for i, text, at, who in zip(action_alert.tolist(), actions.action, actions.at,
                                actions.author, strict=True):
        if i >= 0:
            taken[i].append((at, who, text))
    views = []
    for i in range(a):
        u, metric = int(alert_row[i]), metric_of_key.get(cols.metric_key[i])
        if metric is None:
            alert_row[i] = -1
        trigger = trigger_of(cols.trigger[i])
        matcher = matchers.get(period_codes[alert_period[i]]) if alert_period[i] >= 0 else None
        suggestions = (matcher.suggest(metric.id, cols.direction[i], data.kinds[u],
                                       trigger[-1] if trigger else 0.0)
                       if matcher is not None and metric is not None and u >= 0 else [])
        views.append(AlertView(
            cols.id[i], data.codes[u] if u >= 0 else "", data.names[u] if u >= 0 else "",
            metric.code if metric is not None else "", cols.direction[i], cols.raised_week[i],
            cols.raised_at[i], cols.state[i], trigger, cols.resolved_week[i], suggestions,
            taken[i]))
    event_alert = np.array([alert_index.get(k, -1) for k in events.alert_key], dtype=np.int64)
    known = event_alert >= 0
    state_index = {s: k for k, s in enumerate(STATE_NAMES)}
    event_state = np.array([state_index.get(s, 0) for s in events.state], dtype=np.int64)
    event_ms, action_ms = _millis(events.at), _millis(actions.at)
    ok = action_alert >= 0
    check_rows = rows(checkins.unit_key)
    check_day = np.asarray(checkins.day, dtype=np.int64)
    keep = check_rows >= 0
    order = np.argsort(check_day[keep], kind="stable")
    manages = np.zeros(data.n, dtype=bool)
    manages[data.parent[data.parent >= 0]] = True
    resolved = [_millis([t])[0] if t else np.iinfo(np.int64).max for t in cols.resolved_at]
    history = AlertHistory(
        data.path, scopes, alert_period, period_codes, alert_row, _millis(cols.raised_at),
        np.array(resolved, dtype=np.int64), views,
        _Sorted.of(event_alert[known], event_ms[known], a), event_state[known],
        _Sorted.of(action_alert[ok], action_ms[ok], a),
        np.asarray(acks.version_key, dtype=np.int64), rows(acks.unit_key),
        np.round(np.asarray(acks.at, dtype=float) * 1000).astype(np.int64),
        check_rows[keep][order], check_day[keep][order], manages, int(grace_days))
    for month in data.months[:-1]:  # here, off the GUI thread: picking a month only looks up
        as_of(data, history, month)
    return history


def as_of(data: ReviewData, history: AlertHistory | None, month: str) -> AsOf | None:
    """The alerts panel and queue of ``month``: the live review for the latest month,
    else the state at the month's end from ``history`` (None while it is not loaded)."""
    if not data.months or month == data.months[-1]:
        return AsOf(month, data.now, True, data.alerts, data.alert_rows, data.queue,
                    data.queue_rows)
    if history is None:
        return None
    cached = history.cache.get(month)
    if cached is None:
        period = data.periods[data.month_at(month)[0]].code
        moment = min(month_end(month), _aware(data.now))
        cached = history.cache[month] = at_moment(history, data, period, moment, month)
    return cached


def at_moment(history: AlertHistory, data: ReviewData, period: str, moment: dt.datetime,
              month: str = "") -> AsOf:
    """The alerts of ``period`` open at ``moment`` and the queue then (not cached)."""
    h, t = history, _ms(moment)
    scope_index = h.period_codes.index(period) if period in h.period_codes else -2
    candidates = np.flatnonzero((h.alert_period == scope_index) & (h.alert_row >= 0)
                                & (h.raised_ms <= t) & (h.resolved_ms > t))
    seen = h.events.count_by(t, candidates)
    last = np.where(seen > 0, h.events.first[candidates] + seen - 1, -1)
    state = np.where(last >= 0, h.event_state[h.events.order[np.maximum(last, 0)]],
                     _NO_EVENT)
    resolved = STATE_NAMES.index(str(AlertState.RESOLVED))
    still_open = state != resolved
    candidates, state = candidates[still_open], state[still_open]
    acted = h.actions.count_by(t, candidates)
    alerts = []
    for i, s, n in zip(candidates.tolist(), state.tolist(), acted.tolist(), strict=True):
        view = h.views[i]
        name = STATE_NAMES[s] if s >= 0 else str(AlertState.RAISED)
        if name != view.state or n != len(view.actions) or view.resolved_week is not None:
            view = dataclasses.replace(view, state=name, actions=view.actions[:n],
                                       resolved_week=None)
        alerts.append(view)
    alert_rows = h.alert_row[candidates]
    items = _queue(h, data, period, t, moment, alerts, alert_rows)
    row_of_code = data.row_of_code
    return AsOf(month, moment, False, alerts, alert_rows, items,
                np.array([row_of_code.get(q.unit, -1) for q in items], dtype=np.int64))


def _queue(h: AlertHistory, data: ReviewData, period: str, t: int, moment: dt.datetime,
           alerts: list[AlertView], alert_rows: np.ndarray) -> list[QueueItem]:
    items = [QueueItem("alert", a.unit, f"{a.direction} on {a.metric} since "
                       f"{a.raised_week}: " + ("act" if a.state == AlertState.ACKNOWLEDGED
                                               else "acknowledge"), a.raised_at, a)
             for a in alerts if a.state in (AlertState.RAISED, AlertState.ACKNOWLEDGED)]
    scope = h.scopes.get(period)
    today = day_number(moment.date())
    codes = data.codes
    if scope is not None:
        published = np.flatnonzero(scope.version_ms <= t)
        if len(published):
            k = int(published[-1])  # the highest number published by then
            acked = np.zeros(data.n, dtype=bool)
            mine = (h.ack_version_key == scope.version_key[k]) & (h.ack_ms <= t) & (
                h.ack_row >= 0)
            acked[h.ack_row[mine]] = True
            what = f"acknowledge version {scope.version_number[k]}: {scope.version_note[k]}"
            items.extend(QueueItem("acknowledge_version", codes[i], what,
                                   scope.version_since[k])
                         for i in np.flatnonzero(scope.has_node & ~acked).tolist())
        start = scope.start_day
    else:
        start = today
    last = np.full(data.n, start, dtype=np.int64)
    upto = int(np.searchsorted(h.checkin_day, today, side="right"))
    np.maximum.at(last, h.checkin_row[:upto], h.checkin_day[:upto])
    for i in np.flatnonzero(h.manages & (today - last > h.grace_days)).tolist():
        since = (dt.date(1970, 1, 1) + dt.timedelta(days=int(last[i]))).isoformat()
        items.append(QueueItem("check_in", codes[i],
                               "check in: confidence in this period's targets", since))
    return sorted(items, key=lambda it: (_QUEUE_ORDER[it.kind], it.since, it.unit))


def _row_lookup(keys: list[int], codes: list[str], row_of_code: dict[str, int]
                ) -> np.ndarray:
    """org_unit key -> review row (-1: not in the review)."""
    table = np.full(max(keys, default=-1) + 1, -1, dtype=np.int64)
    table[np.asarray(keys, dtype=np.int64)] = [row_of_code.get(c, -1) for c in codes]
    return table


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _ms(moment: dt.datetime) -> int:
    return round(_aware(moment).timestamp() * 1000)


def _millis(texts: list[str]) -> np.ndarray:
    """ISO moments -> int64 ms since the epoch; the store's own spelling
    ("2025-04-03T09:15:00.000Z") in one numpy pass, anything else through from_iso."""
    texts = list(texts)
    if not texts:
        return np.zeros(0, dtype=np.int64)
    plain = np.array([len(x) == 24 and x.endswith("Z") for x in texts], dtype=bool)
    out = np.zeros(len(texts), dtype=np.int64)
    if plain.any():
        stamps = np.array([x[:23] for x, p in zip(texts, plain, strict=True) if p],
                          dtype="datetime64[ms]")
        out[plain] = stamps.astype(np.int64)
    for i in np.flatnonzero(~plain).tolist():
        out[i] = _ms(from_iso(texts[i]))
    return out
