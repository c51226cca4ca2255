"""Alerts, their lifecycle events, actions, action-pack rules and check-ins: loads as
columns (a 100 000-unit company can hold tens of thousands of alerts) and logged writes.

Every lifecycle step is two writes in the caller's transaction: the alert's current state
and an ``alert_event`` row with who and when, so the history is never lost.
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from desktop.domain.alert import ActionPackRule, CheckIn
from desktop.domain.ids import new_id
from desktop.store import schema as s
from desktop.store.changes import ChangeWriter
from desktop.store.loads import _columns, _id_of


@dataclass(slots=True)
class AlertColumns:
    key: list[int]
    id: list[str]
    unit_key: list[int]
    metric_key: list[int]
    period_key: list[int]
    direction: list[str]
    raised_week: list[str]
    raised_at: list[str]
    state: list[str]
    trigger: list[str]  # JSON
    resolved_week: list[str | None]
    resolved_at: list[str | None]
    author: list[str]

    def __len__(self) -> int:
        return len(self.key)


def alert_columns(conn: Connection, period_id: str | None = None) -> AlertColumns:
    """Every alert (of one period), oldest first."""
    a = s.alert
    statement = select(a.c.key, a.c.id, a.c.unit_key, a.c.metric_key, a.c.period_key,
                       a.c.direction, a.c.raised_week, a.c.raised_at, a.c.state,
                       a.c.trigger, a.c.resolved_week, a.c.resolved_at, a.c.author)
    if period_id is not None:
        statement = statement.where(a.c.period_key == select(s.period.c.key).where(
            s.period.c.id == period_id).scalar_subquery())
    return AlertColumns(*_columns(conn, statement.order_by(a.c.key), 13))


def alert_state(conn: Connection, alert_id: str) -> tuple[str, str] | None:
    """(state, raised_at) of one alert, None if there is no such alert."""
    a = s.alert
    row = conn.execute(select(a.c.state, a.c.raised_at).where(a.c.id == alert_id)).first()
    return None if row is None else (row.state, row.raised_at)


@dataclass(slots=True)
class EventColumns:
    alert_key: list[int]
    state: list[str]
    at: list[str]
    author: list[str]
    note: list[str]


def event_columns(conn: Connection) -> EventColumns:
    e = s.alert_event
    return EventColumns(*_columns(conn, select(e.c.alert_key, e.c.state, e.c.at, e.c.author,
                                               e.c.note).order_by(e.c.at, e.c.key), 5))


@dataclass(slots=True)
class ActionColumns:
    alert_key: list[int]
    action: list[str]
    pack_rule_key: list[int | None]
    at: list[str]
    author: list[str]


def action_columns(conn: Connection) -> ActionColumns:
    t = s.alert_action
    return ActionColumns(*_columns(conn, select(t.c.alert_key, t.c.action, t.c.pack_rule_key,
                                                t.c.at, t.c.author).order_by(t.c.at, t.c.key),
                                   5))


def pack_rules(conn: Connection) -> list[ActionPackRule]:
    t = s.action_pack_rule
    metrics, dims = _id_of(conn, s.metric), _id_of(conn, s.dimension)
    return [ActionPackRule(r.name, json.loads(r.actions), r.direction,
                           metrics.get(r.metric_key), dims.get(r.dimension_key),
                           None if r.condition is None else json.loads(r.condition),
                           bool(r.enabled), id=r.id)
            for r in conn.execute(select(t).order_by(t.c.key))]


def pack_rule_row(rule: ActionPackRule) -> dict[str, Any]:
    return {"id": rule.id, "name": rule.name, "metric_id": rule.metric_id,
            "dimension_id": rule.dimension_id, "direction": str(rule.direction),
            "condition": None if rule.condition is None else json.dumps(rule.condition,
                                                                        sort_keys=True),
            "actions": json.dumps(rule.actions, ensure_ascii=False), "enabled": rule.enabled}


def checkin_row(c: CheckIn) -> dict[str, Any]:
    return {"id": c.id, "unit_id": c.unit_id, "metric_id": c.metric_id, "day": c.day,
            "confidence": c.confidence, "label": c.label, "note": c.note}


@dataclass(slots=True)
class CheckInColumns:
    unit_key: list[int]
    metric_key: list[int | None]
    day: list[int]
    confidence: list[float | None]
    label: list[str | None]
    author: list[str]


def checkin_columns(conn: Connection, last_day: int | None = None) -> CheckInColumns:
    t = s.checkin
    statement = select(t.c.unit_key, t.c.metric_key, t.c.day, t.c.confidence, t.c.label,
                       t.c.author)
    if last_day is not None:
        statement = statement.where(t.c.day <= last_day)
    return CheckInColumns(*_columns(conn, statement.order_by(t.c.day, t.c.key), 6))


# --- writes ------------------------------------------------------------------------------
def raise_alerts(tx: ChangeWriter, rows: list[dict[str, Any]]) -> list[str]:
    """Insert alerts (domain rows: id, unit_id, metric_id, period_id, direction,
    raised_week, raised_at, trigger list) in state *raised*, each with its first event.
    Returns their ids."""
    for row in rows:
        row.setdefault("id", new_id())
        row["state"] = "raised"
        row["trigger"] = json.dumps([round(float(x), 6) for x in row["trigger"]])
    tx.insert_many("alert", rows)
    tx.insert_many("alert_event", [
        {"id": new_id(), "alert_id": row["id"], "state": "raised", "at": row["raised_at"],
         **({"author": row["author"]} if "author" in row else {})} for row in rows])
    return [row["id"] for row in rows]


def set_state(tx: ChangeWriter, alert_id: str, state: str, at: str, author: str | None = None,
              note: str = "", **changes: Any) -> None:
    """Move an alert to ``state`` (the caller has checked the step) and log the event."""
    tx.update("alert", {"id": alert_id}, {"state": state, **changes})
    event = {"id": new_id(), "alert_id": alert_id, "state": state, "at": at, "note": note}
    if author is not None:
        event["author"] = author
    tx.insert("alert_event", event)


def add_action(tx: ChangeWriter, alert_id: str, action: str, at: str,
               pack_rule_id: str | None = None, author: str | None = None) -> str:
    row = {"id": new_id(), "alert_id": alert_id, "action": action, "at": at,
           "pack_rule_id": pack_rule_id}
    if author is not None:
        row["author"] = author
    tx.insert("alert_action", row)
    return row["id"]
