"""The calibration loop's alert rule (SPEC §5), vectorised over every unit × metric.

Per unit and metric, week by week (a loop over the ~13–26 weeks; each step is a vector
operation over all n·m pairs):

- a week is *out of band* when |d_k| > θ — strictly: |d| = θ is in band, up to float
  rounding (tracking_pace.ROUNDING) — on the side
  given by the direction-aware shortfall (behind, or ahead);
- a week is a *gap* when the subtree reported nothing that week or d_k is NaN (no target,
  nothing due, no denominator). A gap breaks both the out-of-band and the in-band
  streak: missing data is neither proof of a problem nor of its end (staleness is
  shown by the status instead), and the alert stays as it was;
- an alert is raised at week k when the last N weeks were out of band *on the same side*
  (a swing from behind to ahead starts a new streak), unless one is already open for the
  pair in that direction: at most one open alert per unit and metric;
- it resolves at the week completing R consecutive in-band weeks;
- an open alert whose pair then runs N weeks out of band on the *other* side is resolved
  that week and the other direction's alert raised in its place (still one open).

``detect_alerts`` replays the rule from week 0, a pure function of the data; so running it
twice gives the same events, and ``reconcile`` compares its outcome with the alerts the
store holds open: it raises only what is open now and not open already, and closes
what the data no longer supports. Applying its answer and running again changes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop.domain.settings import DEFAULT_SETTINGS
from desktop.engine.tracking_pace import ROUNDING

BEHIND, AHEAD = 1, -1
DIRECTION_NAMES = {BEHIND: "behind", AHEAD: "ahead"}
OPEN = -1  # resolved_week of an alert still open


@dataclass(frozen=True, slots=True)
class AlertRule:
    threshold: float = DEFAULT_SETTINGS["alerts.threshold"]
    consecutive_weeks: int = DEFAULT_SETTINGS["alerts.consecutive_weeks"]
    resolve_after_weeks: int = DEFAULT_SETTINGS["alerts.resolve_after_weeks_in_band"]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "AlertRule":
        return cls(settings["alerts.threshold"], settings["alerts.consecutive_weeks"],
                   settings["alerts.resolve_after_weeks_in_band"])


@dataclass(frozen=True, slots=True)
class AlertEvent:
    unit: int  # row in level order
    metric: int
    raised_week: int
    direction: str  # "behind" or "ahead"
    resolved_week: int | None
    trigger: tuple[float, ...]  # the deviations d of the N weeks that raised it


@dataclass(slots=True)
class AlertEvents:
    """Alerts as parallel arrays (E,)."""

    unit: np.ndarray
    metric: np.ndarray
    raised_week: np.ndarray
    direction: np.ndarray  # int8 BEHIND / AHEAD
    resolved_week: np.ndarray  # OPEN (-1) while open
    trigger: np.ndarray  # (E, N) deviations of the weeks raised_week−N+1 .. raised_week

    def __len__(self) -> int:
        return len(self.unit)

    @property
    def is_open(self) -> np.ndarray:
        return self.resolved_week == OPEN

    def subset(self, keep: np.ndarray) -> "AlertEvents":
        return AlertEvents(self.unit[keep], self.metric[keep], self.raised_week[keep],
                           self.direction[keep], self.resolved_week[keep], self.trigger[keep])

    def records(self) -> list[AlertEvent]:
        return [AlertEvent(int(u), int(j), int(k), DIRECTION_NAMES[int(s)],
                           None if r == OPEN else int(r), tuple(float(x) for x in t))
                for u, j, k, s, r, t in zip(self.unit, self.metric, self.raised_week,
                                            self.direction, self.resolved_week, self.trigger,
                                            strict=True)]


@dataclass(slots=True)
class KnownAlerts:
    """Alerts the store already holds, as parallel arrays (K,)."""

    unit: np.ndarray
    metric: np.ndarray
    direction: np.ndarray  # BEHIND / AHEAD
    raised_week: np.ndarray

    @classmethod
    def none(cls) -> "KnownAlerts":
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty, empty)

    @classmethod
    def from_events(cls, events: AlertEvents) -> "KnownAlerts":
        return cls(events.unit, events.metric, events.direction, events.raised_week)


def detect_alerts(deviation: np.ndarray, lower_is_better: np.ndarray,
                  rule: AlertRule = AlertRule(), reported: np.ndarray | None = None,
                  through_week: int | None = None) -> AlertEvents:
    """Every alert the rule raises over weeks 0..through_week (default: all) of the
    (W, n, m) deviations; ``reported`` (W, n, m), bool or fact counts, marks the weeks
    with facts (the others are gaps)."""
    weeks, n, m = deviation.shape
    last = weeks - 1 if through_week is None else through_week
    if not -1 <= last < weeks:
        raise ValueError(f"alerts: week {last} is outside the {weeks} weeks of the axis")
    pairs, need = n * m, rule.consecutive_weeks
    sign = np.tile(np.where(np.asarray(lower_is_better, dtype=bool), 1.0, -1.0), n)
    streak = np.zeros(pairs, dtype=np.int32)  # out-of-band weeks in a row on `side`
    side = np.zeros(pairs, dtype=np.int8)
    in_band = np.zeros(pairs, dtype=np.int32)  # in-band weeks in a row
    open_dir = np.zeros(pairs, dtype=np.int8)
    open_event = np.full(pairs, -1, dtype=np.int64)
    raised: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []
    closed: list[tuple[np.ndarray, int]] = []
    count = 0
    for k in range(last + 1):
        s = deviation[k].reshape(pairs) * sign  # shortfall: > 0 behind
        valid = ~np.isnan(s)
        if reported is not None:
            valid &= reported[k].reshape(pairs) != 0  # bool or fact counts
        out = valid & (np.abs(s) > rule.threshold + ROUNDING)
        now = np.where(out, np.where(s > 0, BEHIND, AHEAD), 0).astype(np.int8)
        streak = np.where(out & (now == side), streak + 1, out.astype(np.int32))
        side = now
        in_band = np.where(valid & ~out, in_band + 1, 0)

        rise = (streak >= need) & (open_dir != now) & out
        closing = ((open_dir != 0) & (in_band >= rule.resolve_after_weeks)) | (
            rise & (open_dir != 0))  # the other direction takes over
        if closing.any():
            closed.append((open_event[closing], k))
            open_dir[closing] = 0
        if rise.any():
            who = np.flatnonzero(rise)
            window = deviation[k - need + 1:k + 1].reshape(need, pairs)[:, who].T
            raised.append((who, k, now[who], window))
            open_dir[who] = now[who]
            open_event[who] = count + np.arange(len(who))
            count += len(who)
    return _events(raised, closed, count, m, need)


def _events(raised, closed, count: int, m: int, need: int) -> AlertEvents:
    if raised:
        pair = np.concatenate([r[0] for r in raised])
        week = np.concatenate([np.full(len(r[0]), r[1], dtype=np.int64) for r in raised])
        direction = np.concatenate([r[2] for r in raised])
        trigger = np.concatenate([r[3] for r in raised])
    else:
        pair = week = np.zeros(0, dtype=np.int64)
        direction = np.zeros(0, dtype=np.int8)
        trigger = np.zeros((0, need))
    resolved = np.full(count, OPEN, dtype=np.int64)
    for ids, k in closed:
        resolved[ids] = k
    return AlertEvents(pair // m, pair % m, week, direction, resolved, trigger)


@dataclass(slots=True)
class AlertRun:
    history: AlertEvents  # everything the rule raised over weeks 0..through_week
    new: AlertEvents  # open at through_week and not open in the store: insert these
    resolve: np.ndarray  # indices into the given open alerts the data no longer supports
    resolve_week: np.ndarray  # the week each of those resolves at
    through_week: int


def _keys(unit, metric, direction, m: int) -> np.ndarray:
    return (np.asarray(unit, dtype=np.int64) * m + metric) * 2 + (np.asarray(direction) > 0)


def reconcile(history: AlertEvents, open_alerts: KnownAlerts, m: int, through_week: int,
              closed_alerts: KnownAlerts | None = None) -> AlertRun:
    """What to change in the store so that it holds open exactly what ``history`` has open
    at ``through_week``. An open alert matches a stored one of the same unit, metric and
    direction, whatever week each was raised in (a corrected actual may move the raise by
    a week; that is the same alert). ``closed_alerts`` — those a person closed by hand —
    keep the same episode (same raised week) from being raised again."""
    now_open = history.subset(history.is_open)
    open_key = _keys(now_open.unit, now_open.metric, now_open.direction, m)
    stored_key = _keys(open_alerts.unit, open_alerts.metric, open_alerts.direction, m)
    fresh = ~np.isin(open_key, stored_key)
    if closed_alerts is not None and len(closed_alerts.unit):
        span = int(max(through_week, np.max(closed_alerts.raised_week))) + 2
        closed_episode = (_keys(closed_alerts.unit, closed_alerts.metric,
                                closed_alerts.direction, m) * span + closed_alerts.raised_week)
        fresh &= ~np.isin(open_key * span + now_open.raised_week, closed_episode)
    stale = np.flatnonzero(~np.isin(stored_key, open_key))
    return AlertRun(history, now_open.subset(fresh), stale,
                    _resolve_weeks(history, stored_key[stale],
                                   np.asarray(open_alerts.raised_week)[stale], m, through_week),
                    through_week)


def _resolve_weeks(history: AlertEvents, keys: np.ndarray, raised: np.ndarray, m: int,
                   through_week: int) -> np.ndarray:
    """The week the replay closed the latest episode with each key — or ``through_week``
    when the replay never raised it (the data changed since) or closed it before the
    stored alert was even raised."""
    done = history.subset(~history.is_open)
    done_key = _keys(done.unit, done.metric, done.direction, m)
    order = np.lexsort((done.raised_week, done_key))
    sorted_key = done_key[order]
    last = np.r_[sorted_key[1:] != sorted_key[:-1], True] if len(order) else order.astype(bool)
    latest_key, latest_resolved = sorted_key[last], done.resolved_week[order][last]
    at = np.searchsorted(latest_key, keys)
    found = at < len(latest_key)
    found[found] = latest_key[at[found]] == keys[found]
    week = np.full(len(keys), through_week, dtype=np.int64)
    week[found] = latest_resolved[at[found]]
    return np.where(week >= raised, week, through_week)


def run_alerts(deviation: np.ndarray, lower_is_better: np.ndarray, open_alerts: KnownAlerts,
               rule: AlertRule = AlertRule(), reported: np.ndarray | None = None,
               through_week: int | None = None,
               closed_alerts: KnownAlerts | None = None) -> AlertRun:
    """detect_alerts, then reconcile with the store's open (and hand-closed) alerts."""
    last = deviation.shape[0] - 1 if through_week is None else through_week
    history = detect_alerts(deviation, lower_is_better, rule, reported, last)
    return reconcile(history, open_alerts, deviation.shape[2], last, closed_alerts)
