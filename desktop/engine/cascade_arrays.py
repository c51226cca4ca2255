"""The cascade as arrays: what the cascade engine computes on.

Nodes are stored in *level order*: level by level from the top, and within a level
grouped by parent in the parents' order. So every level is one contiguous slice, every
set of siblings is contiguous, and a node's children are ``child_start[i]:child_end[i]``.
Parent values reach children with ``np.repeat`` and sibling sums with ``np.add.reduceat``
— no scattered gathers — and the part of a subtree on each level is again one slice, so
an edit recomputes a few small slices, never the whole tree.
"""

from dataclasses import dataclass, field

import numpy as np

KEY_EQUAL, KEY_HEADCOUNT, KEY_LAST_ACTUAL, KEY_CUSTOM = 0, 1, 2, 3
KEY_CODES = {"equal": KEY_EQUAL, "headcount": KEY_HEADCOUNT, "last_actual": KEY_LAST_ACTUAL,
             "custom": KEY_CUSTOM}


@dataclass(slots=True)
class RuleParams:
    """One rule in engine terms (see domain.rule.CascadeRule for the meaning)."""

    id: str
    name: str
    alpha: float
    beta: float
    overage: float
    band: float
    tilt: np.ndarray  # (factors, metrics)
    base: np.ndarray | None  # (metrics,) or None for "the parent's weights"
    key: int  # KEY_* code
    custom_column: str | None
    factor_weights: np.ndarray  # (factors,) sums to 1 over the factors the rule uses


@dataclass(slots=True)
class CascadeArrays:
    node_ids: list[str]
    unit_ids: list[str]
    parent: np.ndarray  # (n,) int64, -1 for roots; level order, so parent[i] < i
    child_start: np.ndarray  # (n,) children of i are child_start[i]:child_end[i]
    child_end: np.ndarray
    level_start: np.ndarray  # (levels + 1,) level d is level_start[d]:level_start[d+1]
    metric_ids: list[str]
    additive: np.ndarray  # (m,) bool: sum metrics split by shares; ratio ones shift
    factor_names: list[str]
    factors: np.ndarray  # (n, f) raw local factor values, NaN when missing
    rules: list[RuleParams]
    rule_index: np.ndarray  # (n,) index into rules for the edge into each node; -1 roots
    headcount: np.ndarray  # (n,) float
    last_actual: np.ndarray  # (n, m) float, NaN when unknown
    custom: dict[str, np.ndarray]  # allocation key columns by name, (n,)
    root_weights: np.ndarray  # (m,) the objective's metric weights
    override: np.ndarray  # (n, m) manual targets, NaN where none
    locked: np.ndarray  # (n, m) bool
    index_of: dict[str, int] = field(default_factory=dict)  # node id -> row

    def __post_init__(self) -> None:
        if not self.index_of:
            self.index_of = {node_id: i for i, node_id in enumerate(self.node_ids)}

    @property
    def n(self) -> int:
        return len(self.node_ids)

    @property
    def m(self) -> int:
        return len(self.metric_ids)

    def descends(self, i: int, top: int) -> bool:
        """Whether ``i`` is ``top`` or one of its descendants."""
        while i > top:
            i = int(self.parent[i])
        return i == top


def depths(parent_of: list[int] | np.ndarray) -> np.ndarray:
    """Each node's depth in a forest given as each node's parent position (-1 for
    roots; 0 is a root's depth), one vectorised step per level. Raises ValueError on a
    cycle."""
    parent_of = np.asarray(parent_of, dtype=np.int64)
    n = len(parent_of)
    depth = np.zeros(n, dtype=np.int64)
    ancestor = parent_of.copy()
    for _ in range(n + 1):
        alive = ancestor >= 0
        if not alive.any():
            return depth
        depth += alive
        ancestor = np.where(alive, parent_of[np.maximum(ancestor, 0)], -1)
    raise ValueError("the parent references contain a cycle")


def level_order(parent_of: list[int] | np.ndarray) -> np.ndarray:
    """A permutation putting a forest (each node's parent position, -1 for roots) in level
    order: by depth, then by parent's new position, then by original position."""
    parent_of = np.asarray(parent_of, dtype=np.int64)
    n = len(parent_of)
    depth = depths(parent_of)
    order = np.empty(0, dtype=np.int64)
    new_pos = np.full(n, -1, dtype=np.int64)
    for d in range(int(depth.max()) + 1 if n else 0):
        members = np.flatnonzero(depth == d)
        if d == 0:
            level = members
        else:  # stable sort by the parent's new position keeps siblings in input order
            level = members[np.argsort(new_pos[parent_of[members]], kind="stable")]
        new_pos[level] = len(order) + np.arange(len(level))
        order = np.concatenate([order, level])
    return order


def shape_of(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """child_start, child_end and level_start of a forest already in level order."""
    n = len(parent)
    counts = np.bincount(parent[parent >= 0], minlength=n)
    roots = int(np.sum(parent < 0))
    child_end = roots + np.cumsum(counts)
    child_start = child_end - counts
    level_start = [0, roots] if n else [0]
    while level_start[-1] < n:  # the next level is the children of this one
        following = int(child_end[level_start[-1] - 1])
        if following <= level_start[-1]:
            raise ValueError("the nodes are not in level order")
        level_start.append(following)
    return child_start, child_end, np.array(level_start, dtype=np.int64)
