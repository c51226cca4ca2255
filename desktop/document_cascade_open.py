"""Opening a large cascade (issue 5, scale): semantic zoom on open.

Above ``AGGREGATE_ABOVE`` nodes the cascade opens with its subtrees collapsed into
aggregate cards: the top levels stay open as long as they hold at most ``OPEN_CARDS``
cards, and every node with children below that is collapsed. The open cards get a
compact tidy layout (aggregates side by side), and each collapsed node's children a
column under it, so expanding one shows them next to it. Positions and the collapsed
flags are the model's own (``TargetNode.x/y/collapsed``); this runs on the worker
thread before the loaded copy is taken, so it does not count as an unsaved edit.

Pure Python (no Qt): the scene builds cards only for what is open.
"""

from collections.abc import Callable

from desktop.domain.tree_layout import TOP_DOWN, tidy_tree

AGGREGATE_ABOVE = 20_000  # a 10 000-node cascade still opens whole (and stays interactive)
OPEN_CARDS = 300
CARD_W, CARD_H = 172.0, 92.0  # desktop.canvas.items' card size (the canvas is above us)


def open_depth(roots: list[str], children: Callable[[str], list[str]], budget: int) -> int:
    """The deepest level whose cards, with every level above, number at most
    ``budget`` (0: only the top cards)."""
    level, shown, depth = list(roots), 0, -1
    while level:
        shown += len(level)
        if shown > budget:
            break
        depth += 1
        level = [k for n in level for k in children(n)]
    return max(depth, 0)


def aggregate(cascade, children_of: dict[str, list[str]] | None = None,
              above: int | None = None, budget: int | None = None) -> bool:
    """Collapse and lay out a cascade of more than ``above`` nodes; returns whether it
    did. ``children_of`` maps a node to its children (built from the edges if not
    given)."""
    above = AGGREGATE_ABOVE if above is None else above
    budget = OPEN_CARDS if budget is None else budget
    nodes = cascade.nodes
    if len(nodes) <= above:
        return False
    if children_of is None:
        children_of = {}
        for child, edge in cascade.edges.items():
            children_of.setdefault(edge.parent_node_id, []).append(child)

    def kids(node_id: str) -> list[str]:
        return children_of.get(node_id, [])

    roots = cascade.roots()
    depth = open_depth(roots, kids, budget)
    level, d = list(roots), 0
    while level:
        for node_id in level:
            nodes[node_id].collapsed = d >= depth and bool(kids(node_id))
        level = [k for n in level for k in kids(n)]
        d += 1

    def open_kids(node_id: str) -> list[str]:
        return [] if nodes[node_id].collapsed else kids(node_id)

    # the open part: aggregates side by side (a column only for real leaves)
    placed = tidy_tree(roots, open_kids, CARD_W, CARD_H, TOP_DOWN,
                       leaf=lambda n: not kids(n))
    for node_id, (x, y) in placed.items():
        nodes[node_id].x, nodes[node_id].y = x, y
    # under each collapsed node, its children in a column (placed parents first)
    stack = [n for n in placed if nodes[n].collapsed]
    while stack:
        top = stack.pop()
        below = kids(top)
        local = tidy_tree([top], lambda n, t=top, b=below: b if n == t else [], CARD_W,
                          CARD_H, TOP_DOWN)
        x0, y0 = local[top]
        base = nodes[top]
        for child in below:
            x, y = local[child]
            nodes[child].x, nodes[child].y = base.x + x - x0, base.y + y - y0
            if kids(child):
                stack.append(child)
    return True


def subtree_summary(design, top: str) -> tuple[int, int]:
    """(units under ``top``, how many of them fail a check) for its aggregate card."""
    below = design.subtree(top)[1:]
    return len(below), sum(1 for n in below if design.problems_of(n))
