"""A cascade's structure for *reading* (tracking, the health index, the review): node and
edge keys only. ``loads.cascade_columns`` also reads what the designer draws (positions,
collapsed flags, edge ids), which a 100 000-node reader pays for and never uses."""

import itertools
from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Connection


@dataclass(frozen=True, slots=True)
class CascadeStructure:
    """Nodes in key order; ``edge_parent``/``edge_child`` are node positions."""

    node_key: list[int]
    node_id: list[str]
    node_unit_key: list[int]
    edge_parent: list[int]
    edge_child: list[int]
    edge_rule_id: list[str | None]


def cascade_structure(conn: Connection, cascade_id: str) -> CascadeStructure:
    if not conn.in_transaction():  # one snapshot for all the loads of this connection
        conn.begin()
    raw = conn.connection.driver_connection
    found = raw.execute("SELECT key FROM cascade WHERE id = ?", (cascade_id,)).fetchone()
    cascade_key = found[0] if found else -1
    nodes = raw.execute("SELECT key, id, unit_key FROM target_node WHERE cascade_key = ? "
                        "ORDER BY key", (cascade_key,)).fetchall()
    edges = raw.execute("SELECT e.parent_node_key, e.child_node_key, r.id FROM cascade_edge e "
                        "LEFT JOIN rule r ON r.key = e.rule_key WHERE e.cascade_key = ? "
                        "ORDER BY e.key", (cascade_key,)).fetchall()
    node_key, node_id, unit_key = (list(c) for c in zip(*nodes, strict=True)) if nodes \
        else ([], [], [])
    position = {k: i for i, k in enumerate(node_key)}
    return CascadeStructure(node_key, node_id, unit_key,
                            [position[p] for p, _, _ in edges],
                            [position[c] for _, c, _ in edges],
                            [r for _, _, r in edges])


def node_units(conn: Connection) -> dict[str, np.ndarray]:
    """Cascade id -> store keys of the units its nodes name (node-key order): which units
    each cascade reaches, as integers only (no string per node)."""
    if not conn.in_transaction():
        conn.begin()
    raw = conn.connection.driver_connection
    ids = dict(raw.execute("SELECT key, id FROM cascade").fetchall())
    rows = raw.execute("SELECT cascade_key, unit_key FROM target_node ORDER BY key").fetchall()
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64,
                       count=2 * len(rows)).reshape(len(rows), 2)
    return {cid: flat[flat[:, 0] == key, 1] for key, cid in ids.items()}
