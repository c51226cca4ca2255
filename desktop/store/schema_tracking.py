"""The calibration loop's tables (schema revision 0002): alerts, their lifecycle, the
action-pack rules that suggest what to do, the actions taken, and managers' check-ins.

Alerts are entities (a UUID, logged, synced): an office acknowledges and acts on an alert
offline and the head office must see the same alert. Their history is kept as
``alert_event`` rows — one per lifecycle step, with who and when — so the current
``state`` on the alert is a convenience the events can always rebuild.

Weeks are ISO labels (``2025-W20``), the way people name them; instants are ISO 8601 UTC
text like every other timestamp of the workspace.
"""

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String, Text

from desktop.store.schema import _entity

ALERT_STATES = ("raised", "acknowledged", "action_taken", "resolved")

alert = _entity(
    "alert",
    Column("unit_key", Integer, ForeignKey("org_unit.key"), nullable=False),
    Column("metric_key", Integer, ForeignKey("metric.key"), nullable=False),
    Column("period_key", Integer, ForeignKey("period.key"), nullable=False),
    Column("direction", String, nullable=False),  # behind | ahead
    Column("raised_week", String, nullable=False),
    Column("raised_at", String, nullable=False),
    Column("state", String, nullable=False, default="raised"),
    Column("trigger", Text, nullable=False),  # JSON list: the deviations that raised it
    Column("resolved_week", String),
    Column("resolved_at", String),
)
Index("ix_alert_period_state", alert.c.period_key, alert.c.state)
Index("ix_alert_unit_metric", alert.c.unit_key, alert.c.metric_key)

alert_event = _entity(
    "alert_event",
    Column("alert_key", Integer, ForeignKey("alert.key", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("state", String, nullable=False),
    Column("at", String, nullable=False),
    Column("note", Text, nullable=False, default=""),
)

action_pack_rule = _entity(
    "action_pack_rule",
    Column("name", String, nullable=False),
    # what the rule matches: a metric, or every metric of a dimension (one of them)
    Column("metric_key", Integer, ForeignKey("metric.key")),
    Column("dimension_key", Integer, ForeignKey("dimension.key")),
    Column("direction", String, nullable=False),  # behind | ahead | any
    Column("condition", Text),  # JSON object, NULL = always (services/action_packs.py)
    Column("actions", Text, nullable=False),  # JSON list of suggested actions
    Column("enabled", Boolean, nullable=False, default=True),
)

alert_action = _entity(
    "alert_action",
    Column("alert_key", Integer, ForeignKey("alert.key", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("action", Text, nullable=False),
    Column("pack_rule_key", Integer, ForeignKey("action_pack_rule.key")),
    Column("at", String, nullable=False),
)

checkin = _entity(
    "checkin",
    Column("unit_key", Integer, ForeignKey("org_unit.key"), nullable=False),
    Column("metric_key", Integer, ForeignKey("metric.key")),  # NULL: the unit as a whole
    Column("day", Integer, nullable=False),
    Column("confidence", Float),  # 0..1, or NULL when only a label was given
    Column("label", String),  # on_track | at_risk | off_track
    Column("note", Text, nullable=False, default=""),
)
Index("ix_checkin_unit_day", checkin.c.unit_key, checkin.c.day)
