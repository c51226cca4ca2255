"""Opening a large cascade (issue 5, scale): semantic zoom on open.

Above ``AGGREGATE_ABOVE`` nodes the cascade opens with its subtrees collapsed into
aggregate cards: the top levels stay open as long as they hold at most ``OPEN_CARDS``
cards, and every node with children below that is collapsed. The open cards get a
compact tidy layout (aggregates side by side), and each collapsed node's children a
column under it, so expanding one shows them next to it. Positions and the collapsed
flags are the model's own (``TargetNode.x/y/collapsed``); this runs on the worker
thread before the loaded copy is taken, so it does not count as an unsaved edit.

The plan works on columns (each node's parent position, the children in edge order), so
the first paint can take it straight from the store's columns (``document_cascade_stage``)
and the full load applies the same plan to the domain objects: the cards the user saw
first keep their places when the cascade becomes editable.

numpy is imported inside the functions (this module is imported at start-up); no Qt: the
scene builds cards only for what is open.
"""

from dataclasses import dataclass
from typing import Any

from desktop.domain.tree_layout import TOP_DOWN, tidy_tree

AGGREGATE_ABOVE = 20_000  # a 10 000-node cascade still opens whole (and stays interactive)
OPEN_CARDS = 300
CARD_W, CARD_H = 172.0, 92.0  # desktop.canvas.items' card size (the canvas is above us)
# tree_layout's column under a parent whose children are all leaves (its defaults)
STACK_INDENT, STACK_FIRST, STACK_GAP = 28.0, 44.0, 14.0


@dataclass(slots=True)
class Plan:
    """The semantic-zoom plan of a forest given as positions 0..n-1."""

    depth: Any  # (n,) level of each node (0: a top node)
    kids: Any  # (n,) how many children
    below: Any  # (n,) how many nodes under it
    rank: Any  # (n,) its place among its siblings (edge order)
    open_depth: int  # the deepest level that is open
    children: dict[int, list[int]]  # the children of the open cards, in edge order
    roots: list[int]

    def open_nodes(self) -> list[int]:
        """The open cards, parents first."""
        out, stack = [], list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            if not self.collapsed(node):
                stack.extend(reversed(self.children.get(node, [])))
        return out

    def collapsed(self, node: int) -> bool:
        return int(self.depth[node]) >= self.open_depth and int(self.kids[node]) > 0


def plan(parent: Any, child_order: Any, budget: int) -> Plan:
    """``parent[i]``: the position of node i's parent (-1 for a top node);
    ``child_order``: every child's position, in the order of their edges. Raises
    ValueError on a loop."""
    import numpy as np

    from desktop.engine.cascade_arrays import depths

    parent = np.asarray(parent, dtype=np.int64)
    child_order = np.asarray(child_order, dtype=np.int64)
    n = len(parent)
    depth = depths(parent)  # ValueError on a loop
    has_parent = parent >= 0
    kids = np.bincount(parent[has_parent], minlength=n)
    below = np.zeros(n, dtype=np.int64)  # summed bottom-up, one level at a time
    for d in range(int(depth.max()) if n else 0, 0, -1):
        at = np.flatnonzero(depth == d)
        np.add.at(below, parent[at], below[at] + 1)
    rank = np.zeros(n, dtype=np.int64)
    if len(child_order):
        by_parent = child_order[np.argsort(parent[child_order], kind="stable")]
        groups = parent[by_parent]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, len(by_parent)]))
        rank[by_parent] = np.arange(len(by_parent)) - first
    per_level = np.bincount(depth, minlength=1) if n else np.zeros(1, dtype=np.int64)
    shown = np.cumsum(per_level)
    deepest = int(np.flatnonzero(shown <= budget)[-1]) if shown[0] <= budget else 0
    roots = np.flatnonzero(~has_parent).tolist()
    children: dict[int, list[int]] = {}
    open_parent = child_order[depth[parent[child_order]] < deepest] if n else child_order
    for child in open_parent.tolist():
        children.setdefault(int(parent[child]), []).append(child)
    return Plan(depth, kids, below, rank, deepest, children, roots)


def open_layout(p: Plan) -> dict[int, tuple[float, float]]:
    """Positions of the open cards: a compact tidy tree, aggregates side by side."""
    def open_kids(node: int) -> list[int]:
        return [] if p.collapsed(node) else p.children.get(node, [])

    return tidy_tree(p.roots, open_kids, CARD_W, CARD_H, TOP_DOWN,
                     leaf=lambda n: not int(p.kids[n]))


def column_layout(p: Plan, parent: Any, x: Any, y: Any) -> None:
    """Every node below a collapsed card in a column under its parent (as tree_layout
    stacks a parent's leaves), filled into ``x``/``y`` level by level from the open
    cards' positions already in them."""
    import numpy as np

    parent = np.asarray(parent, dtype=np.int64)
    for d in range(p.open_depth + 1, int(p.depth.max()) + 1 if len(parent) else 0):
        at = np.flatnonzero(p.depth == d)
        up = parent[at]
        x[at] = x[up] + STACK_INDENT
        y[at] = y[up] + CARD_H + STACK_FIRST + (CARD_H + STACK_GAP) * p.rank[at]


def aggregate(cascade, above: int | None = None, budget: int | None = None) -> bool:
    """Collapse and lay out a cascade of more than ``above`` nodes (the plan is made
    from its edges); returns whether it did."""
    import numpy as np

    above = AGGREGATE_ABOVE if above is None else above
    budget = OPEN_CARDS if budget is None else budget
    nodes = cascade.nodes
    if len(nodes) <= above:
        return False
    ids = list(nodes)
    position = {node_id: i for i, node_id in enumerate(ids)}
    parent = np.full(len(ids), -1, dtype=np.int64)
    child_order = np.fromiter((position[c] for c in cascade.edges), dtype=np.int64,
                              count=len(cascade.edges))
    parent[child_order] = [position[e.parent_node_id] for e in cascade.edges.values()]
    p = plan(parent, child_order, budget)
    x, y = np.zeros(len(ids)), np.zeros(len(ids))
    for i, (px, py) in open_layout(p).items():
        x[i], y[i] = px, py
    column_layout(p, parent, x, y)
    collapsed = ((p.depth >= p.open_depth) & (p.kids > 0)).tolist()
    for node_id, cx, cy, folded in zip(ids, x.tolist(), y.tolist(), collapsed, strict=True):
        node = nodes[node_id]
        node.x, node.y, node.collapsed = cx, cy, folded
    return True


def subtree_summary(design, top: str) -> tuple[int, int]:
    """(units under ``top``, how many of them fail a check) for its aggregate card."""
    below = design.subtree(top)[1:]
    return len(below), sum(1 for n in below if design.problems_of(n))
