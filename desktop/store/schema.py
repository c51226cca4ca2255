"""The workspace schema (SQLAlchemy Core).

Entity tables have an integer ``key`` (compact, used by foreign keys and the fact tables,
which hold millions of rows) and a UUID ``id`` (stable across copies of the workspace, used
by the domain, the change log and sync). Every row carries created/updated time and author.

Fact tables (actual, deal_event, incentive_spend) have natural keys instead of UUIDs: a
fact is identified by what it measures (unit, metric, day), which is what makes imports
idempotent and lets offices' copies merge without duplicates.

Times are ISO 8601 UTC text; calendar days in fact tables are integer days since
1970-01-01 (``day``), because the engines read them by the million into arrays.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def _stamps() -> list[Column]:
    return [
        Column("created_at", String, nullable=False),
        Column("updated_at", String, nullable=False),
        Column("author", String, nullable=False),
    ]


def _fact_stamps() -> list[Column]:
    """A fact's stamps; NULL means "as its batch" (fact_batch has them): bulk loads write
    millions of facts, and the repeated texts would be half the file."""
    return [Column("created_at", String), Column("updated_at", String),
            Column("author", String)]


def _entity(name: str, *columns, **kw) -> Table:
    return Table(
        name,
        metadata,
        Column("key", Integer, primary_key=True),
        Column("id", String(36), nullable=False, unique=True),
        *columns,
        *_stamps(),
        **kw,
    )


workspace_meta = Table(
    "workspace_meta",
    metadata,
    Column("name", String, primary_key=True),
    Column("value", Text, nullable=False),
)

setting = Table(
    "setting",
    metadata,
    Column("name", String, primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    *_stamps(),
)

org_unit = _entity(
    "org_unit",
    Column("code", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("parent_key", Integer, ForeignKey("org_unit.key"), index=True),
    Column("manager", String, nullable=False, default=""),
    Column("headcount", Integer, nullable=False, default=1),
)

unit_factor = Table(
    "unit_factor",
    metadata,
    Column("unit_key", Integer, ForeignKey("org_unit.key", ondelete="CASCADE"),
           primary_key=True),
    Column("factor", String, primary_key=True),
    Column("value", Float, nullable=False),
    *_stamps(),
)

dimension = _entity(
    "dimension",
    Column("code", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
)

metric = _entity(
    "metric",
    Column("code", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
    Column("unit", String, nullable=False),
    Column("dimension_key", Integer, ForeignKey("dimension.key")),
    Column("aggregation", String, nullable=False),
    Column("direction", String, nullable=False),
    Column("allow_negative", Boolean, nullable=False, default=False),
)

product_line = _entity(
    "product_line",
    Column("code", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
    Column("high_margin", Boolean, nullable=False, default=False),
)

period = _entity(
    "period",
    Column("code", String, nullable=False, unique=True),
    Column("start_date", String, nullable=False),
    Column("end_date", String, nullable=False),
    Column("plan_profile", Text),  # JSON list of weekly weights, NULL = linear
)

objective = _entity(
    "objective",
    Column("code", String, nullable=False, unique=True),
    Column("title", String, nullable=False),
    Column("period_key", Integer, ForeignKey("period.key"), nullable=False),
)

objective_dimension = Table(
    "objective_dimension",
    metadata,
    Column("objective_key", Integer, ForeignKey("objective.key", ondelete="CASCADE"),
           primary_key=True),
    Column("dimension_key", Integer, ForeignKey("dimension.key"), primary_key=True),
    Column("weight", Float, nullable=False),
    *_stamps(),
)

objective_metric = Table(
    "objective_metric",
    metadata,
    Column("objective_key", Integer, ForeignKey("objective.key", ondelete="CASCADE"),
           primary_key=True),
    Column("metric_key", Integer, ForeignKey("metric.key"), primary_key=True),
    Column("share", Float, nullable=False),
    *_stamps(),
)

objective_product_line = Table(
    "objective_product_line",
    metadata,
    Column("objective_key", Integer, ForeignKey("objective.key", ondelete="CASCADE"),
           primary_key=True),
    Column("product_line_key", Integer, ForeignKey("product_line.key"), primary_key=True),
    *_stamps(),
)

rule = _entity(
    "rule",
    Column("name", String, nullable=False),
    Column("alpha", Float, nullable=False),
    Column("tilt", Text, nullable=False),  # JSON {factor: {metric id: coefficient}}
    Column("base", Text),  # JSON {metric id: weight}; NULL = the parent's weights
    Column("allocation_key", String, nullable=False),
    Column("custom_key", String),
    Column("beta", Float, nullable=False),
    Column("overage", Float, nullable=False),
    Column("ratio_band", Float, nullable=False),
    Column("factor_weights", Text),  # JSON {factor: weight}; NULL = plain mean
    Column("is_template", Boolean, nullable=False, default=False),
)

cascade = _entity(
    "cascade",
    Column("name", String, nullable=False),
    Column("period_key", Integer, ForeignKey("period.key"), nullable=False),
    Column("objective_key", Integer, ForeignKey("objective.key")),
)

target_node = _entity(
    "target_node",
    Column("cascade_key", Integer, ForeignKey("cascade.key", ondelete="CASCADE"),
           nullable=False),
    Column("unit_key", Integer, ForeignKey("org_unit.key"), nullable=False),
    Column("x", Float, nullable=False, default=0.0),
    Column("y", Float, nullable=False, default=0.0),
    Column("collapsed", Boolean, nullable=False, default=False),
    UniqueConstraint("cascade_key", "unit_key"),
)

target_override = Table(
    "target_override",
    metadata,
    Column("node_key", Integer, ForeignKey("target_node.key", ondelete="CASCADE"),
           primary_key=True),
    Column("metric_key", Integer, ForeignKey("metric.key"), primary_key=True),
    Column("value", Float, nullable=False),
    Column("locked", Boolean, nullable=False, default=True),
    *_stamps(),
)

cascade_edge = _entity(
    "cascade_edge",
    Column("cascade_key", Integer, ForeignKey("cascade.key", ondelete="CASCADE"),
           nullable=False),
    Column("parent_node_key", Integer, ForeignKey("target_node.key"), nullable=False,
           index=True),
    # unique: a node has at most one parent (the domain checks cycles)
    Column("child_node_key", Integer, ForeignKey("target_node.key"), nullable=False,
           unique=True),
    Column("rule_key", Integer, ForeignKey("rule.key")),
)

cascade_version = _entity(
    "cascade_version",
    Column("cascade_key", Integer, ForeignKey("cascade.key"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("published_at", String, nullable=False),
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("cascade_key", "number"),
)

version_target = Table(
    "version_target",
    metadata,
    Column("version_key", Integer, ForeignKey("cascade_version.key", ondelete="CASCADE"),
           primary_key=True),
    Column("unit_key", Integer, ForeignKey("org_unit.key"), primary_key=True),
    Column("metric_key", Integer, ForeignKey("metric.key"), primary_key=True),
    Column("weight", Float, nullable=False),
    Column("target", Float, nullable=False),
)

acknowledgement = _entity(
    "acknowledgement",
    Column("version_key", Integer, ForeignKey("cascade_version.key"), nullable=False),
    Column("unit_key", Integer, ForeignKey("org_unit.key"), nullable=False),
    Column("acknowledged_at", String, nullable=False),
    UniqueConstraint("version_key", "unit_key"),
)

fact_batch = _entity(
    "fact_batch",
    Column("kind", String, nullable=False),  # actual, deal_event, incentive_spend, ...
    Column("source", String, nullable=False),
    Column("origin", Text, nullable=False, default=""),  # file name, CRM org, ...
    Column("rows", Integer, nullable=False, default=0),
)

# Fact tables: no UUID, a natural key; their indexes are created after bulk loads.
actual = Table(
    "actual",
    metadata,
    Column("unit_key", Integer, nullable=False),
    Column("metric_key", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("value", Float, nullable=False),
    Column("denominator", Float),
    Column("source", String, nullable=False),
    Column("batch_key", Integer, nullable=False),
    *_fact_stamps(),
)

opportunity = _entity(
    "opportunity",
    Column("crm_id", String, nullable=False, unique=True),
    Column("name", String, nullable=False),
    Column("owner_unit_key", Integer, ForeignKey("org_unit.key"), index=True),
    Column("product_line_key", Integer, ForeignKey("product_line.key")),
    Column("stage", String, nullable=False),
    Column("probability", Float, nullable=False),
    Column("amount", Float, nullable=False),
    Column("created_day", Integer, nullable=False),
    Column("close_day", Integer),
    Column("is_won", Boolean, nullable=False, default=False),
    Column("is_closed", Boolean, nullable=False, default=False),
)

deal_event = Table(
    "deal_event",
    metadata,
    Column("opportunity_key", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("activity", String, nullable=False),
    Column("stage", String, nullable=False),
    Column("batch_key", Integer, nullable=False),
    *_fact_stamps(),
)

incentive_spend = Table(
    "incentive_spend",
    metadata,
    Column("unit_key", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("metric_key", Integer),
    Column("product_line_key", Integer),
    Column("amount", Float, nullable=False),
    Column("batch_key", Integer, nullable=False),
    *_fact_stamps(),
)

# Append-only. ``seq`` is the local monotonic sequence sync reads from; ``origin`` the
# replica that made the change; values are JSON; references are logged as UUIDs.
change_log = Table(
    "change_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("txn_id", String(36), nullable=False, index=True),
    Column("entity", String, nullable=False),
    Column("entity_id", String, nullable=False),
    Column("field", String),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("author", String, nullable=False),
    Column("at", String, nullable=False),
    Column("origin", String(36), nullable=False),
    sqlite_autoincrement=True,
)

Index("ix_change_log_entity", change_log.c.entity, change_log.c.entity_id)

# Fact indexes: dropped before and rebuilt after bulk loads (store/bulk.py).
FACT_INDEXES = {
    "actual": [
        "CREATE UNIQUE INDEX IF NOT EXISTS ux_actual_fact ON actual(unit_key, metric_key, day)",
    ],
    "deal_event": [
        "CREATE INDEX IF NOT EXISTS ix_deal_event_opp ON deal_event(opportunity_key, day)",
    ],
    "incentive_spend": [
        "CREATE INDEX IF NOT EXISTS ix_spend_unit ON incentive_spend(unit_key, day)",
    ],
}

# Revision 0002's tables live in their own module (this one stays readable); importing
# it here registers them on ``metadata`` for every user of the schema.
from desktop.store.schema_tracking import (  # noqa: E402, F401
    action_pack_rule,
    alert,
    alert_action,
    alert_event,
    checkin,
)
