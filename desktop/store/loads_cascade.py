"""Column readers for the first paint of a large cascade (desktop/document_cascade_stage):
its shape as store keys, and the few nodes it opens with (split from loads.py)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from desktop.domain.cascade import Cascade, CascadeEdge, TargetNode, TargetOverride
from desktop.domain.org import OrgUnit
from desktop.store import schema as s
from desktop.store.loads import _columns, _id_of, _rows


@dataclass(frozen=True, slots=True)
class CascadeShape:
    """One cascade's tree as store keys only: its edges (as node keys, int64 arrays) in
    key order, and the nodes no edge touches. Enough to plan which cards a large
    cascade opens with."""

    edge_parent: Any
    edge_child: Any
    lone: list[int]  # keys of the nodes without a parent or a child


def cascade_shape(conn: Connection, cascade_id: str, nodes: int) -> CascadeShape:
    """``nodes``: how many the cascade has (``cascade_node_count``); when its edges touch
    them all, as in any real cascade, the nodes themselves are not read."""
    import itertools

    import numpy as np

    n, e, c = s.target_node, s.cascade_edge, s.cascade
    cascade_key = select(c.c.key).where(c.c.id == cascade_id).scalar_subquery()
    rows = _rows(conn, select(e.c.parent_node_key, e.c.child_node_key)
                 .where(e.c.cascade_key == cascade_key).order_by(e.c.key))
    # straight into one array: 100 000 edges are a tenth of a second as Python lists
    pairs = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64,
                        count=2 * len(rows)).reshape(-1, 2)
    parent, child = pairs[:, 0], pairs[:, 1]
    lone: list[int] = []
    is_child = np.zeros(int(pairs.max()) + 1 if len(pairs) else 0, dtype=bool)
    is_child[child] = True
    tops = np.unique(parent[~is_child[parent]])  # a few: unique on them is cheap
    if nodes > len(child) + len(tops):
        (keys,) = _columns(conn, select(n.c.key).where(n.c.cascade_key == cascade_key), 1)
        lone = np.setdiff1d(np.asarray(keys, dtype=np.int64),
                            np.concatenate([parent, child])).tolist()
    return CascadeShape(parent, child, lone)


def cascade_node_count(conn: Connection, cascade_id: str) -> int:
    n, c = s.target_node, s.cascade
    cascade_key = select(c.c.key).where(c.c.id == cascade_id).scalar_subquery()
    return conn.execute(select(func.count()).select_from(n)
                        .where(n.c.cascade_key == cascade_key)).scalar_one()


def cascade_part(conn: Connection, header: Cascade, node_keys: list[int]
                 ) -> tuple[Cascade, dict[str, OrgUnit], dict[int, str]]:
    """A copy of ``header`` holding only the nodes with these keys (a few hundred at
    most), their manual targets, the edges among them, and their org units; and the
    node id of each key."""
    n, e, o, u, p = (s.target_node, s.cascade_edge, s.target_override, s.org_unit,
                     s.org_unit.alias("parent_unit"))
    out = Cascade(header.name, header.period_id, header.objective_id, id=header.id)
    if not node_keys:
        return out, {}, {}
    units: dict[str, OrgUnit] = {}
    rows = conn.execute(
        select(n.c.key, n.c.id, n.c.x, n.c.y, n.c.collapsed, u.c.id.label("unit_id"),
               u.c.code, u.c.name, u.c.kind, u.c.manager, u.c.headcount,
               p.c.id.label("parent_unit_id"))
        .join(u, u.c.key == n.c.unit_key).outerjoin(p, p.c.key == u.c.parent_key)
        .where(n.c.key.in_(node_keys)).order_by(n.c.key)).all()
    node_ids = {r.key: r.id for r in rows}
    for r in rows:
        out.nodes[r.id] = TargetNode(out.id, r.unit_id, r.x, r.y, bool(r.collapsed), id=r.id)
        units[r.unit_id] = OrgUnit(r.code, r.name, r.kind, r.parent_unit_id, r.manager,
                                   r.headcount, id=r.unit_id)
    f = s.unit_factor
    for unit_id, factor, value in conn.execute(
            select(u.c.id, f.c.factor, f.c.value).join(u, u.c.key == f.c.unit_key)
            .where(u.c.id.in_(list(units)))):
        units[unit_id].factors[factor] = value
    metrics_by_key = _id_of(conn, s.metric)
    for r in conn.execute(select(o).where(o.c.node_key.in_(node_keys))):
        out.nodes[node_ids[r.node_key]].overrides[metrics_by_key[r.metric_key]] = (
            TargetOverride(r.value, bool(r.locked)))
    rules_by_key = _id_of(conn, s.rule)
    for r in conn.execute(select(e).where(e.c.child_node_key.in_(node_keys))
                          .order_by(e.c.key)):
        if r.parent_node_key in node_ids:
            child = node_ids[r.child_node_key]
            out.edges[child] = CascadeEdge(out.id, node_ids[r.parent_node_key], child,
                                           rules_by_key.get(r.rule_key), id=r.id)
    return out, units, node_ids
