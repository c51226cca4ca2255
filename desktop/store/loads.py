"""Set-based loads: one Core select per table, straight into domain objects (for the
small tables) or columns (for trees and facts by the hundred thousand).

Never one ORM object per row: a 100 000-unit workspace loads its tree in a few selects.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from desktop.domain.cascade import Cascade, CascadeEdge, TargetNode, TargetOverride
from desktop.domain.metric import Dimension, Metric, ProductLine
from desktop.domain.objective import Objective
from desktop.domain.org import OrgTree, OrgUnit
from desktop.domain.period import Period, PlanCurve
from desktop.domain.rule import CascadeRule
from desktop.domain.version import Acknowledgement, CascadeVersion
from desktop.store import schema as s
from desktop.store.clock import from_iso

COUNTED = ("org_unit", "metric", "dimension", "product_line", "period", "objective", "rule",
           "cascade", "target_node", "cascade_edge", "cascade_version", "acknowledgement",
           "actual", "opportunity", "deal_event", "incentive_spend", "alert", "alert_event",
           "alert_action", "action_pack_rule", "checkin", "change_log")


def counts(conn: Connection) -> dict[str, int]:
    """Rows per entity (for `targetflow info` and the status bar)."""
    return {name: count_of(conn, name) for name in COUNTED}


def count_of(conn: Connection, name: str) -> int:
    """Rows of one entity (``counts`` counts them all, actuals included)."""
    table = s.metadata.tables[name]
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


@dataclass(frozen=True, slots=True)
class OrgColumns:
    """The org tree as parallel columns; ``parent_index[i]`` is the row of unit i's
    parent (-1 for a root), so engines can build arrays without any dict lookups."""

    key: list[int]
    id: list[str]
    code: list[str]
    name: list[str]
    kind: list[str]
    parent_index: list[int]
    manager: list[str]
    headcount: list[int]

    def __len__(self) -> int:
        return len(self.key)


def org_columns(conn: Connection) -> OrgColumns:
    t = s.org_unit
    cols = _columns(conn, select(t.c.key, t.c.id, t.c.code, t.c.name, t.c.kind,
                                 t.c.parent_key, t.c.manager, t.c.headcount)
                    .order_by(t.c.key), 8)
    key, ids, code, name, kind, parent_key, manager, headcount = cols
    position = {k: i for i, k in enumerate(key)}
    position[None] = -1
    parent_index = [position[p] for p in parent_key]
    return OrgColumns(key, ids, code, name, kind, parent_index, manager, headcount)


def _rows(conn: Connection, statement) -> list[tuple]:
    """A Core select's rows straight from the DBAPI cursor (see ``_columns``)."""
    compiled = statement.compile(dialect=conn.dialect)
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    if not conn.in_transaction():  # one snapshot for all the loads of this connection
        conn.begin()
    cursor = conn.connection.driver_connection.cursor()
    try:
        return cursor.execute(str(compiled), params).fetchall()
    finally:
        cursor.close()


def _columns(conn: Connection, statement, width: int) -> list[list[Any]]:
    """Run a Core select straight on the DBAPI cursor and return its result as columns.

    This is the hot path of a 100 000-unit workspace: SQLAlchemy's per-row Result
    processing would cost as much as SQLite's own work, so rows are fetched in one
    ``fetchall`` and transposed in C. Only for selects whose columns need no type
    processing (integers, floats, text; booleans come back as 0/1)."""
    rows = _rows(conn, statement)
    if not rows:
        return [[] for _ in range(width)]
    return list(map(list, zip(*rows, strict=True)))


def unit_factors(conn: Connection) -> dict[str, dict[str, float]]:
    t, u = s.unit_factor, s.org_unit
    out: dict[str, dict[str, float]] = {}
    for unit_id, factor, value in conn.execute(
            select(u.c.id, t.c.factor, t.c.value).join(u, u.c.key == t.c.unit_key)):
        out.setdefault(unit_id, {})[factor] = value
    return out


def unit_columns(conn: Connection) -> tuple[list[int], list[str], list[int]]:
    """(key, id, headcount) of every org unit, as columns."""
    t = s.org_unit
    key, ids, headcount = _columns(conn, select(t.c.key, t.c.id, t.c.headcount)
                                   .order_by(t.c.key), 3)
    return key, ids, headcount


def unit_factor_columns(conn: Connection) -> tuple[list[int], list[str], list[float]]:
    """(unit key, factor, value) of every local factor, as columns."""
    t = s.unit_factor
    unit_key, factor, value = _columns(conn, select(t.c.unit_key, t.c.factor, t.c.value)
                                       .order_by(t.c.unit_key, t.c.factor), 3)
    return unit_key, factor, value


def org_tree(conn: Connection) -> OrgTree:
    cols = org_columns(conn)
    factors = unit_factors(conn)
    units = [OrgUnit(code=cols.code[i], name=cols.name[i], kind=cols.kind[i],
                     parent_id=None if cols.parent_index[i] < 0
                     else cols.id[cols.parent_index[i]],
                     manager=cols.manager[i], headcount=cols.headcount[i],
                     factors=factors.get(cols.id[i], {}), id=cols.id[i])
             for i in range(len(cols))]
    return OrgTree(units)


def _id_of(conn: Connection, table) -> dict[int, str]:
    return dict(conn.execute(select(table.c.key, table.c.id)).all())


def dimensions(conn: Connection) -> list[Dimension]:
    t = s.dimension
    return [Dimension(code=r.code, name=r.name, id=r.id)
            for r in conn.execute(select(t).order_by(t.c.key))]


def select_metric_keys():
    """A select of (metric id, integer key) pairs."""
    return select(s.metric.c.id, s.metric.c.key)


def metrics(conn: Connection) -> list[Metric]:
    t = s.metric
    dims = _id_of(conn, s.dimension)
    return [Metric(code=r.code, name=r.name, unit=r.unit,
                   dimension_id=dims.get(r.dimension_key), aggregation=r.aggregation,
                   direction=r.direction, allow_negative=bool(r.allow_negative), id=r.id)
            for r in conn.execute(select(t).order_by(t.c.key))]


def product_lines(conn: Connection) -> list[ProductLine]:
    t = s.product_line
    return [ProductLine(code=r.code, name=r.name, high_margin=bool(r.high_margin), id=r.id)
            for r in conn.execute(select(t).order_by(t.c.key))]


def periods(conn: Connection) -> list[Period]:
    t = s.period
    out = []
    for r in conn.execute(select(t).order_by(t.c.start_date)):
        profile = None if r.plan_profile is None else tuple(json.loads(r.plan_profile))
        out.append(Period(code=r.code, start=dt.date.fromisoformat(r.start_date),
                          end=dt.date.fromisoformat(r.end_date), plan=PlanCurve(profile),
                          id=r.id))
    return out


def objectives(conn: Connection) -> list[Objective]:
    o = s.objective
    periods_by_key = _id_of(conn, s.period)
    dims, mets, lines = (_id_of(conn, s.dimension), _id_of(conn, s.metric),
                         _id_of(conn, s.product_line))
    weights: dict[int, dict[str, float]] = {}
    for r in conn.execute(select(s.objective_dimension)):
        weights.setdefault(r.objective_key, {})[dims[r.dimension_key]] = r.weight
    shares: dict[int, dict[str, float]] = {}
    for r in conn.execute(select(s.objective_metric)):
        shares.setdefault(r.objective_key, {})[mets[r.metric_key]] = r.share
    strategic: dict[int, set[str]] = {}
    for r in conn.execute(select(s.objective_product_line)):
        strategic.setdefault(r.objective_key, set()).add(lines[r.product_line_key])
    return [Objective(code=r.code, title=r.title, period_id=periods_by_key[r.period_key],
                      dimension_weights=weights.get(r.key, {}),
                      metric_shares=shares.get(r.key, {}),
                      strategic_product_lines=strategic.get(r.key, set()), id=r.id)
            for r in conn.execute(select(o).order_by(o.c.key))]


def rules(conn: Connection) -> list[CascadeRule]:
    t = s.rule

    def maybe(text: str | None) -> Any:
        return None if text is None else json.loads(text)

    return [CascadeRule(name=r.name, alpha=r.alpha, tilt=json.loads(r.tilt), base=maybe(r.base),
                        allocation_key=r.allocation_key, custom_key=r.custom_key, beta=r.beta,
                        overage=r.overage, ratio_band=r.ratio_band,
                        factor_weights=maybe(r.factor_weights), is_template=bool(r.is_template),
                        id=r.id)
            for r in conn.execute(select(t).order_by(t.c.key))]


def cascade_headers(conn: Connection) -> list[Cascade]:
    """Every cascade without its nodes and edges: enough to choose one to load."""
    c = s.cascade
    periods_by_key, objectives_by_key = _id_of(conn, s.period), _id_of(conn, s.objective)
    return [Cascade(name=r.name, period_id=periods_by_key[r.period_key],
                    objective_id=objectives_by_key.get(r.objective_key), id=r.id)
            for r in conn.execute(select(c).order_by(c.c.key))]


def cascades(conn: Connection, only: str | None = None) -> list[Cascade]:
    """Every cascade (or just the one with id ``only``) with its nodes, overrides and
    edges (domain objects)."""
    c, n, e, o = s.cascade, s.target_node, s.cascade_edge, s.target_override
    periods_by_key, objectives_by_key = _id_of(conn, s.period), _id_of(conn, s.objective)
    units, metrics_by_key, rules_by_key = (_id_of(conn, s.org_unit), _id_of(conn, s.metric),
                                           _id_of(conn, s.rule))
    chosen = select(c).order_by(c.c.key)
    if only is not None:
        chosen = chosen.where(c.c.id == only)
    out: dict[int, Cascade] = {}
    for r in conn.execute(chosen):
        out[r.key] = Cascade(name=r.name, period_id=periods_by_key[r.period_key],
                             objective_id=objectives_by_key.get(r.objective_key), id=r.id)
    keys = list(out)
    node_ids: dict[int, str] = {}
    for r in conn.execute(select(n.c.key, n.c.id, n.c.cascade_key, n.c.unit_key, n.c.x, n.c.y,
                                 n.c.collapsed).where(n.c.cascade_key.in_(keys))
                          .order_by(n.c.key)):
        cascade = out[r.cascade_key]
        node_ids[r.key] = r.id
        cascade.nodes[r.id] = TargetNode(cascade.id, units[r.unit_key], r.x, r.y,
                                         bool(r.collapsed), id=r.id)
    node_cascade = {}
    for cascade in out.values():
        for node_id in cascade.nodes:
            node_cascade[node_id] = cascade
    for r in conn.execute(select(o).join(n, n.c.key == o.c.node_key)
                          .where(n.c.cascade_key.in_(keys))):
        node_id = node_ids[r.node_key]
        node_cascade[node_id].nodes[node_id].overrides[metrics_by_key[r.metric_key]] = (
            TargetOverride(r.value, bool(r.locked)))
    for r in conn.execute(select(e).where(e.c.cascade_key.in_(keys)).order_by(e.c.key)):
        child = node_ids[r.child_node_key]
        out[r.cascade_key].edges[child] = CascadeEdge(
            out[r.cascade_key].id, node_ids[r.parent_node_key], child,
            rules_by_key.get(r.rule_key), id=r.id)
    return list(out.values())


def override_columns(conn: Connection, cascade_id: str
                     ) -> tuple[list[int], list[int], list[float], list[int]]:
    """(node key, metric key, value, locked 0/1) of one cascade's manual targets."""
    n, o, c = s.target_node, s.target_override, s.cascade
    cascade_key = select(c.c.key).where(c.c.id == cascade_id).scalar_subquery()
    node_key, metric_key, value, locked = _columns(
        conn, select(o.c.node_key, o.c.metric_key, o.c.value, o.c.locked)
        .join(n, n.c.key == o.c.node_key).where(n.c.cascade_key == cascade_key), 4)
    return node_key, metric_key, value, locked


def node_unit_columns(conn: Connection) -> tuple[list[str], list[int]]:
    """(cascade id, unit key) of every target node, in node order: which units each
    cascade reaches, without a domain object per node."""
    n, c = s.target_node, s.cascade
    cascade_id, unit_key = _columns(conn, select(c.c.id, n.c.unit_key)
                                    .join(c, c.c.key == n.c.cascade_key).order_by(n.c.key), 2)
    return cascade_id, unit_key


def versions(conn: Connection) -> list[CascadeVersion]:
    t = s.cascade_version
    cascades_by_key = _id_of(conn, s.cascade)
    return [CascadeVersion(cascades_by_key[r.cascade_key], r.number, from_iso(r.published_at),
                           r.author, r.note, id=r.id)
            for r in conn.execute(select(t).order_by(t.c.published_at))]


def acknowledgements(conn: Connection) -> list[Acknowledgement]:
    t = s.acknowledgement
    versions_by_key, units = _id_of(conn, s.cascade_version), _id_of(conn, s.org_unit)
    return [Acknowledgement(versions_by_key[r.version_key], units[r.unit_key],
                            from_iso(r.acknowledged_at), r.author, id=r.id)
            for r in conn.execute(select(t).order_by(t.c.key))]


@dataclass(frozen=True, slots=True)
class CascadeColumns:
    """One cascade's nodes and edges as parallel columns. ``node_unit_index[i]`` is the
    row of node i's unit in ``org_columns``; ``edge_parent[j]``/``edge_child[j]`` are
    node rows, so an engine can build its arrays without any dict lookups."""

    node_key: list[int]
    node_id: list[str]
    node_unit_key: list[int]
    x: list[float]
    y: list[float]
    collapsed: list[bool]
    edge_id: list[str]
    edge_parent: list[int]
    edge_child: list[int]
    edge_rule_id: list[str | None]


def cascade_columns(conn: Connection, cascade_id: str) -> CascadeColumns:
    n, e, c = s.target_node, s.cascade_edge, s.cascade
    cascade_key = select(c.c.key).where(c.c.id == cascade_id).scalar_subquery()
    node_key, node_id, unit_key, x, y, collapsed = _columns(
        conn, select(n.c.key, n.c.id, n.c.unit_key, n.c.x, n.c.y, n.c.collapsed)
        .where(n.c.cascade_key == cascade_key).order_by(n.c.key), 6)
    edge_id, parent, child, rule = _columns(
        conn, select(e.c.id, e.c.parent_node_key, e.c.child_node_key, e.c.rule_key)
        .where(e.c.cascade_key == cascade_key).order_by(e.c.key), 4)
    position = {k: i for i, k in enumerate(node_key)}
    rules = _id_of(conn, s.rule)
    rules[None] = None
    return CascadeColumns(node_key, node_id, unit_key, x, y, list(map(bool, collapsed)),
                          edge_id, [position[k] for k in parent],
                          [position[k] for k in child], [rules[k] for k in rule])
