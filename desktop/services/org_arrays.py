"""The org tree in level order as arrays, for the services that feed the engines."""

from dataclasses import dataclass

import numpy as np

from desktop.engine.cascade_arrays import level_order
from desktop.engine.tracking_rollup import TreeShape
from desktop.store import loads
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class OrgArrays:
    """The org tree in level order with what the services look up by row."""

    tree: TreeShape
    key: np.ndarray  # (n,) store key of each row
    ids: list[str]
    codes: list[str]
    names: list[str]
    kinds: list[str]
    managers: list[str]
    row_of_key: np.ndarray  # store key -> row, -1 for keys that are no unit

    def rows(self, keys) -> np.ndarray:
        """Rows of store keys; -1 for unknown keys (the engine reports those)."""
        keys = np.asarray(keys, dtype=np.int64)
        inside = (keys >= 0) & (keys < len(self.row_of_key))
        return np.where(inside, self.row_of_key[np.where(inside, keys, 0)], -1)

    def region_of(self) -> np.ndarray:
        """(n,) row of the region each unit belongs to (itself for a region), -1 above."""
        region = np.where(np.array(self.kinds) == "region", np.arange(len(self.ids)), -1)
        for _ in range(len(self.tree.level_start)):  # parents come first: one level a pass
            above = self.tree.parent
            inherit = (region < 0) & (above >= 0)
            region[inherit] = region[above[inherit]]
        return region

    def ancestors(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(origin index, ancestor row) pairs: each row with itself and every unit above
        it — to spread per-row items (alerts, acknowledgements) over whole subtrees."""
        origin, at = [np.arange(len(rows))], [np.asarray(rows, dtype=np.int64)]
        current = at[0]
        while True:
            up = self.tree.parent[np.maximum(current, 0)]
            alive = (current >= 0) & (up >= 0)
            if not alive.any():
                break
            current = np.where(alive, up, -1)
            origin.append(np.flatnonzero(alive))
            at.append(current[alive])
        return np.concatenate(origin), np.concatenate(at)


def org_arrays(ws: Workspace) -> OrgArrays:
    with ws.read() as conn:
        cols = loads.org_columns(conn)
    return org_arrays_of(cols)


def org_arrays_of(cols: loads.OrgColumns) -> OrgArrays:
    """The arrays of columns read already (the review reads them from their copy)."""
    order = level_order(cols.parent_index)
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    above = np.asarray(cols.parent_index, dtype=np.int64)[order]
    parent = np.where(above < 0, -1, position[np.maximum(above, 0)])
    key = np.asarray(cols.key, dtype=np.int64)[order]
    row_of_key = np.full(int(key.max()) + 1 if len(key) else 0, -1, dtype=np.int64)
    row_of_key[key] = np.arange(len(key))
    pick = order.tolist()
    return OrgArrays(TreeShape.from_level_order(parent), key, [cols.id[i] for i in pick],
                     [cols.code[i] for i in pick], [cols.name[i] for i in pick],
                     [cols.kind[i] for i in pick], [cols.manager[i] for i in pick],
                     row_of_key)


