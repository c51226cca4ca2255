"""The cascade as arrays: what the cascade engine computes on.

Nodes are stored in depth-first preorder, so every subtree is one contiguous range
``[i, subtree_end[i])``: an edit recomputes a slice, never the whole tree.
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
    parent: np.ndarray  # (n,) int64, -1 for roots; preorder, so parent[i] < i
    subtree_end: np.ndarray  # (n,) exclusive end of each node's subtree
    depth: np.ndarray  # (n,) int64
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


def preorder(parent_of: list[int]) -> list[int]:
    """A depth-first preorder of a forest given each node's parent position (-1 root)."""
    children: list[list[int]] = [[] for _ in parent_of]
    roots = []
    for i, p in enumerate(parent_of):
        (roots if p < 0 else children[p]).append(i)
    order, stack = [], list(reversed(roots))
    while stack:
        current = stack.pop()
        order.append(current)
        stack.extend(reversed(children[current]))
    if len(order) != len(parent_of):
        raise ValueError("the parent references contain a cycle")
    return order


def tree_shape(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth and subtree end of every node of a preorder forest, vectorised by level."""
    n = len(parent)
    depth = np.zeros(n, dtype=np.int64)
    # one pass per level: add one for every node whose ancestor chain goes on
    ancestor = parent.copy()
    while True:
        alive = ancestor >= 0
        if not alive.any():
            break
        depth += alive
        ancestor = np.where(alive, parent[np.maximum(ancestor, 0)], -1)
    size = np.ones(n, dtype=np.int64)
    order = np.argsort(-depth, kind="stable")  # deepest first
    for level in np.unique(depth)[::-1]:
        if level == 0:
            break
        nodes = order[depth[order] == level]
        np.add.at(size, parent[nodes], size[nodes])
    return depth, np.arange(n, dtype=np.int64) + size
