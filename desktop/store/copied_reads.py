"""The reads of the monthly review that a 100 000-unit workspace pays most for, through
their columnar copies (store/column_copies): each returns exactly what the read of the
tables gives (tests/store/test_copied_reads), from the copy while it matches.

Use them inside one read snapshot::

    with ws.read() as conn:
        copies = CopyReader(ws, conn)
        org = org_columns(copies)
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from desktop.store import fact_arrays, loads
from desktop.store.cascade_reads import CascadeStructure
from desktop.store.column_copies import CopyReader

T = TypeVar("T")


def read_copied(ws: Any, read: Callable[[CopyReader], T]) -> T:
    """One read through the copies in a snapshot of its own, e.g.
    ``read_copied(ws, org_columns)``."""
    with ws.read() as conn:
        return read(CopyReader(ws, conn))


def _fields(value) -> dict:
    # not dataclasses.asdict: it deep-copies every list
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


def _load_as(copies: CopyReader, name: str, cls: type[T], read: Callable[[Any], T],
             **depends: Any) -> T:
    """``read(conn)`` as ``cls`` (a dataclass), through the copy ``name``: a copy whose
    columns are not the dataclass's fields (another build's) is read again."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    found = copies.load(name, lambda conn: _fields(read(conn)), names=names, **depends)
    return cls(**found)


def org_columns(copies: CopyReader) -> loads.OrgColumns:
    return _load_as(copies, "org", loads.OrgColumns, loads.org_columns,
                    entities=("org_unit",))


_FACTORS = ("unit_key", "factor", "value")


def unit_factor_columns(copies: CopyReader) -> tuple[list[int], list[str], list[float]]:
    found = copies.load("unit_factors", lambda conn: dict(zip(
        _FACTORS, loads.unit_factor_columns(conn), strict=True)),
        entities=("unit_factor",), names=_FACTORS)
    return found["unit_key"], found["factor"], found["value"]


def acknowledgements(copies: CopyReader) -> fact_arrays.AcknowledgementColumns:
    return _load_as(copies, "acknowledgements", fact_arrays.AcknowledgementColumns,
                    fact_arrays.acknowledgements, entities=("acknowledgement",))


def incentive_spend(copies: CopyReader) -> fact_arrays.SpendColumns:
    """All of it, in table order (a day range is a mask of it, in the same order)."""
    return _load_as(copies, "spend", fact_arrays.SpendColumns, fact_arrays.incentive_spend,
                    facts=("incentive_spend",))


def deal_events(copies: CopyReader, activities: tuple[str, ...]
                ) -> fact_arrays.DealEventColumns:
    return _load_as(copies, "deal_events." + ".".join(activities),
                    fact_arrays.DealEventColumns,
                    lambda conn: fact_arrays.deal_events(conn, activities),
                    entities=("opportunity",), facts=("deal_event",))


@dataclass(slots=True)
class CascadeNodes:
    """Every target node and cascade edge of the workspace, in key order."""

    cascade_ids: dict[int, str]  # cascade key -> id
    node_key: np.ndarray
    node_cascade: np.ndarray
    node_unit_key: np.ndarray
    edge_cascade: np.ndarray
    edge_parent_key: np.ndarray
    edge_child_key: np.ndarray
    node_id: list[str] | None = None  # read when asked for (cascade_nodes(ids=True))
    edge_rule_id: list[str | None] | None = None

    def structure(self, cascade_id: str) -> CascadeStructure:
        """What cascade_reads.cascade_structure reads for one cascade."""
        if self.node_id is None or self.edge_rule_id is None:
            raise ValueError("cascade_nodes(…, ids=True) reads the node and rule ids")
        key = next((k for k, c in self.cascade_ids.items() if c == cascade_id), -1)
        nodes = np.flatnonzero(self.node_cascade == key)
        edges = np.flatnonzero(self.edge_cascade == key).tolist()
        node_key = self.node_key[nodes]  # ascending: positions by search
        parent = _positions(node_key, self.edge_parent_key[edges])
        child = _positions(node_key, self.edge_child_key[edges])
        ids = self.node_id
        return CascadeStructure(node_key.tolist(), [ids[i] for i in nodes.tolist()],
                                self.node_unit_key[nodes].tolist(), parent.tolist(),
                                child.tolist(), [self.edge_rule_id[e] for e in edges])

    def node_units(self) -> dict[str, np.ndarray]:
        """What cascade_reads.node_units reads."""
        return {cid: self.node_unit_key[self.node_cascade == key]
                for key, cid in self.cascade_ids.items()}


def _positions(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    at = np.minimum(np.searchsorted(sorted_keys, keys), max(len(sorted_keys) - 1, 0))
    if len(keys) and not (len(sorted_keys) and (sorted_keys[at] == keys).all()):
        raise KeyError("an edge names a node of another cascade")  # as the table read
    return at


_CASCADE_TABLES = ("cascade", "target_node", "cascade_edge", "rule")
_NODE_COLUMNS = ("cascade_key", "cascade_id", "node_key", "node_cascade", "node_unit_key",
                 "edge_cascade", "edge_parent_key", "edge_child_key")


def cascade_nodes(copies: CopyReader, *, ids: bool = True) -> CascadeNodes:
    """Every cascade's nodes and edges; ``ids`` false leaves out their UUIDs (400 000
    texts at 100 000 units), which only ``structure`` needs."""
    def read(conn) -> dict:
        raw = conn.connection.driver_connection
        cascades = raw.execute("SELECT key, id FROM cascade ORDER BY key").fetchall()
        nodes = raw.execute("SELECT key, cascade_key, unit_key FROM target_node "
                            "ORDER BY key").fetchall()
        edges = raw.execute("SELECT cascade_key, parent_node_key, child_node_key "
                            "FROM cascade_edge ORDER BY key").fetchall()

        def ints(rows, i):
            return np.fromiter((r[i] for r in rows), dtype=np.int64, count=len(rows))

        return {"cascade_key": ints(cascades, 0), "cascade_id": [r[1] for r in cascades],
                "node_key": ints(nodes, 0), "node_cascade": ints(nodes, 1),
                "node_unit_key": ints(nodes, 2), "edge_cascade": ints(edges, 0),
                "edge_parent_key": ints(edges, 1), "edge_child_key": ints(edges, 2)}

    def read_ids(conn) -> dict:
        raw = conn.connection.driver_connection
        return {"node_id": [i for (i,) in raw.execute(
                    "SELECT id FROM target_node ORDER BY key")],
                "edge_rule_id": [r for (r,) in raw.execute(
                    "SELECT r.id FROM cascade_edge e LEFT JOIN rule r ON r.key = e.rule_key "
                    "ORDER BY e.key")]}

    found = copies.load("cascade_nodes", read, entities=_CASCADE_TABLES, version=2,
                        names=_NODE_COLUMNS)
    named = (copies.load("cascade_node_ids", read_ids, entities=_CASCADE_TABLES,
                         names=("node_id", "edge_rule_id")) if ids
             else {"node_id": None, "edge_rule_id": None})
    return CascadeNodes(dict(zip(found["cascade_key"].tolist(), found["cascade_id"],
                                 strict=True)),
                        found["node_key"], found["node_cascade"], found["node_unit_key"],
                        found["edge_cascade"], found["edge_parent_key"],
                        found["edge_child_key"], named["node_id"], named["edge_rule_id"])
