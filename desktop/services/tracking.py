"""The calibration loop's use cases (SPEC §5, §8): run the tracking pass for a week,
reconcile its alerts with the store, and move alerts through their lifecycle.

Running is idempotent: the engine replays the alert rule from the period's first week
(engine/tracking_alerts) and ``reconcile`` compares the replay with what the store holds,
so a second run on the same data raises and resolves nothing. A run for a week *before*
history the store already holds never writes (it would resolve alerts raised later): it
only reports.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.domain.alert import AlertState, check_transition
from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.engine.tracking_alerts import AHEAD, BEHIND, AlertRun, KnownAlerts, run_alerts
from desktop.engine.tracking_pace import Pace, pace
from desktop.engine.tracking_rollup import Rollup, check_facts, last_fact_day, roll_up_checked
from desktop.engine.tracking_status import StatusResult, evaluate_status
from desktop.services.tracking_data import TrackingData, load_tracking
from desktop.store import alerts as store_alerts
from desktop.store.clock import day_from_number, default_author, from_iso, to_iso
from desktop.store.workspace import Workspace

ENGINE_AUTHOR = "TargetFlow calibration loop"
RESOLVED_NOTE = "back in band: resolved by the calibration loop"
REPORT_EXAMPLES = 5


@dataclass(slots=True)
class Evaluation:
    """Roll-up, pace and status of a period at one week (no alerts: see alert_run)."""

    data: TrackingData
    week: int
    rollup: Rollup
    pace: Pace
    status: StatusResult


def evaluate(data: TrackingData, week: int) -> Evaluation:
    """The engine's pass at ``week`` on the loaded arrays (no store access)."""
    ratio = data.ratio
    weeks = len(data.week_labels)
    keep, rejected = check_facts(data.facts, data.n, ratio, weeks, data.allow_negative)
    facts = data.facts if keep is None else data.facts.subset(keep)
    rollup = roll_up_checked(data.org.tree, facts, ratio, weeks, rejected)
    paced = pace(rollup, data.target, data.fraction)
    last = last_fact_day(data.org.tree, facts, len(ratio), week)
    status = evaluate_status(paced.deviation, week, data.lower_is_better, last,
                             int(data.week_monday[week]) + 6, data.settings.bands,
                             int(data.week_monday[0]))
    return Evaluation(data, week, rollup, paced, status)


@dataclass(slots=True)
class StoredAlerts:
    """The period's alerts in the store, with engine rows/columns resolved."""

    columns: store_alerts.AlertColumns
    unit: np.ndarray  # row in level order (-1: unit gone)
    metric: np.ndarray
    direction: np.ndarray  # BEHIND / AHEAD
    raised_week: np.ndarray  # index on the period's weeks
    resolved_week: np.ndarray  # -1 while open
    open: np.ndarray  # bool

    def known(self, mask: np.ndarray) -> KnownAlerts:
        return KnownAlerts(self.unit[mask], self.metric[mask], self.direction[mask],
                           self.raised_week[mask])

    def latest_week(self) -> int:
        weeks = np.concatenate([self.raised_week, self.resolved_week])
        return int(weeks.max()) if len(weeks) else -1


def stored_alerts(ws: Workspace, data: TrackingData) -> StoredAlerts:
    with ws.read() as conn:
        cols = store_alerts.alert_columns(conn, data.period.id)
    index = {label: k for k, label in enumerate(data.week_labels)}
    col_of_key = {int(k): j for j, k in enumerate(data.metric_key)}
    return StoredAlerts(
        cols, data.org.rows(np.asarray(cols.unit_key, dtype=np.int64)),
        np.array([col_of_key.get(k, -1) for k in cols.metric_key], dtype=np.int64),
        np.array([BEHIND if d == "behind" else AHEAD for d in cols.direction], dtype=np.int64),
        np.array([index.get(w, -1) for w in cols.raised_week], dtype=np.int64),
        np.array([-1 if w is None else index.get(w, -1) for w in cols.resolved_week],
                 dtype=np.int64),
        np.array([s != AlertState.RESOLVED for s in cols.state], dtype=bool))


def alert_run(evaluation: Evaluation, stored: StoredAlerts, week: int | None = None
              ) -> AlertRun:
    """The alert rule through ``week`` (default: the evaluation's), reconciled with the
    store: every resolved alert counts as closed, so an episode is never raised twice."""
    data = evaluation.data
    return run_alerts(evaluation.pace.deviation, data.lower_is_better,
                      stored.known(stored.open), data.settings.alerts,
                      reported=evaluation.rollup.fact_count,
                      through_week=evaluation.week if week is None else week,
                      closed_alerts=stored.known(~stored.open))


@dataclass(slots=True)
class AlertChanges:
    raised: list[str] = field(default_factory=list)  # new alert ids
    resolved: list[str] = field(default_factory=list)


def apply_alert_run(ws: Workspace, data: TrackingData, stored: StoredAlerts, run: AlertRun,
                    now: dt.datetime, author: str = ENGINE_AUTHOR) -> AlertChanges:
    """Write what ``run`` says: insert the new alerts, resolve the stale ones."""
    changes = AlertChanges()
    if not len(run.new) and not len(run.resolve):
        return changes
    at = to_iso(now)
    new = run.new
    rows = [{"unit_id": data.org.ids[u], "metric_id": data.metrics[j].id,
             "period_id": data.period.id, "direction": "behind" if s == BEHIND else "ahead",
             "raised_week": data.week_labels[k], "raised_at": at, "trigger": list(t),
             "author": author}
            for u, j, k, s, t in zip(new.unit.tolist(), new.metric.tolist(),
                                     new.raised_week.tolist(), new.direction.tolist(),
                                     new.trigger.tolist(), strict=True)]
    open_ids = [i for i, o in zip(stored.columns.id, stored.open.tolist(), strict=True) if o]
    with ws.transaction(author) as tx:
        changes.raised = store_alerts.raise_alerts(tx, rows)
        for index, week in zip(run.resolve.tolist(), run.resolve_week.tolist(), strict=True):
            alert_id = open_ids[index]
            store_alerts.set_state(tx, alert_id, AlertState.RESOLVED, at, author,
                                   RESOLVED_NOTE, resolved_week=data.week_labels[week],
                                   resolved_at=at)
            changes.resolved.append(alert_id)
    return changes


@dataclass(slots=True)
class TrackingRun:
    data: TrackingData
    evaluation: Evaluation
    week_label: str
    changes: AlertChanges
    written: bool  # False: an earlier week than the store's history, reported only
    rejected: dict[str, Any]  # bad actuals left out: counts and examples

    @property
    def status_counts(self) -> dict[str, int]:
        return self.evaluation.status.counts()


def run_tracking(ws: Workspace, period: str | None = None, week: str | None = None,
                 now: dt.datetime | None = None, author: str = ENGINE_AUTHOR,
                 write: bool = True, data: TrackingData | None = None) -> TrackingRun:
    """One calibration-loop run: evaluate the period at ``week`` (default: the last week
    over by ``now``, or the period's last week) and reconcile the alerts with the store."""
    moment = now or dt.datetime.now(dt.UTC)
    data = data or load_tracking(ws, period)
    k = data.week_index(week) if week else _last_week_over(data, moment)
    evaluation = evaluate(data, k)
    stored = stored_alerts(ws, data)
    run = alert_run(evaluation, stored)
    writable = write and stored.latest_week() <= k
    changes = apply_alert_run(ws, data, stored, run, moment, author) if writable else (
        AlertChanges())
    return TrackingRun(data, evaluation, data.week_labels[k], changes, writable,
                       rejected_report(data, evaluation.rollup))


def _last_week_over(data: TrackingData, moment: dt.datetime) -> int:
    ended = np.flatnonzero(data.week_monday + 7 <= (moment.date() - dt.date(1970, 1, 1)).days)
    return int(ended[-1]) if len(ended) else 0


def rejected_report(data: TrackingData, rollup: Rollup) -> dict[str, Any]:
    """The facts the roll-up left out, per reason, with readable examples."""
    rejected = rollup.rejected
    facts, org = data.facts, data.org
    examples = {}
    for reason, indices in rejected.examples.items():
        rows = []
        for i in indices.tolist():
            u, j = int(facts.unit[i]), int(facts.metric[i])
            rows.append({"unit": org.codes[u] if 0 <= u < data.n else None,
                         "metric": data.metrics[j].code if 0 <= j < len(data.metrics)
                         else None,
                         "day": day_from_number(int(facts.days()[i])).isoformat(),
                         "value": float(facts.value[i])})
        examples[reason] = rows
    return {"total": rejected.total, "counts": dict(rejected.counts), "examples": examples}


# --- lifecycle ---------------------------------------------------------------------------
def _alert_state(ws: Workspace, alert_id: str) -> tuple[str, str]:
    with ws.read() as conn:
        found = store_alerts.alert_state(conn, alert_id)
    if found is None:
        raise UnknownEntityError(f"no alert {alert_id}")
    return found


def _check_time(at: dt.datetime, raised_at: str) -> None:
    if at < from_iso(raised_at):
        raise InvalidValueError(f"an alert cannot be handled before it was raised "
                                f"({raised_at})")


def _step(ws: Workspace, alert_id: str, to: AlertState, at: dt.datetime | None,
          author: str | None) -> tuple[AlertState, dt.datetime, str]:
    """Check that an alert may move to ``to`` at ``at``: (its state now, when, who)."""
    state, raised_at = _alert_state(ws, alert_id)
    check_transition(state, to, f"alert {alert_id}")
    moment = at or dt.datetime.now(dt.UTC)
    _check_time(moment, raised_at)
    return state, moment, author or default_author()


def acknowledge_alert(ws: Workspace, alert_id: str, author: str | None = None,
                      at: dt.datetime | None = None, note: str = "") -> None:
    _, moment, who = _step(ws, alert_id, AlertState.ACKNOWLEDGED, at, author)
    with ws.transaction(who) as tx:
        store_alerts.set_state(tx, alert_id, AlertState.ACKNOWLEDGED, to_iso(moment), who,
                               note)


def record_action(ws: Workspace, alert_id: str, action: str, author: str | None = None,
                  at: dt.datetime | None = None, pack_rule_id: str | None = None) -> str:
    """Record an action taken on an alert (a suggested one, naming its pack rule, or
    the manager's own). The first action moves the alert to *action taken*."""
    if not action or not action.strip():
        raise InvalidValueError("an action needs a description")
    state, moment, who = _step(ws, alert_id, AlertState.ACTION_TAKEN, at, author)
    with ws.transaction(who) as tx:
        action_id = store_alerts.add_action(tx, alert_id, action.strip(), to_iso(moment),
                                            pack_rule_id, who)
        if state != AlertState.ACTION_TAKEN:
            store_alerts.set_state(tx, alert_id, AlertState.ACTION_TAKEN, to_iso(moment),
                                   who, action.strip())
    return action_id


def resolve_alert(ws: Workspace, alert_id: str, author: str | None = None,
                  at: dt.datetime | None = None, note: str = "") -> None:
    """Close an alert by hand; the loop will not raise the same episode again."""
    _, moment, who = _step(ws, alert_id, AlertState.RESOLVED, at, author)
    with ws.transaction(who) as tx:
        store_alerts.set_state(tx, alert_id, AlertState.RESOLVED, to_iso(moment), who, note,
                               resolved_at=to_iso(moment))


def trigger_of(text: str) -> list[float]:
    return [float(x) for x in json.loads(text)]
