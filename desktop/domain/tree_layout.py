"""Tidy-tree auto-layout (pure Python, no Qt): positions for every visible node.

Top-down: a parent is centred over its children; siblings' subtrees sit side by side,
never overlapping. Children that are all leaves are stacked in a column under their
parent (as org charts do), which keeps a tree of many front-line reps narrow enough to
read. Left-right: the same with the axes swapped (leaves are one per row). Collapsed
nodes count as leaves. Iterative, so a deep chain cannot exhaust the stack.
"""

from collections.abc import Callable

TOP_DOWN, LEFT_RIGHT = "top_down", "left_right"

Position = tuple[float, float]


def tidy_tree(roots: list[str], children: Callable[[str], list[str]], width: float,
              height: float, orientation: str = TOP_DOWN, gap: float = 28.0,
              level_gap: float = 64.0, stack_gap: float = 14.0, indent: float = 28.0,
              first_gap: float = 44.0,
              leaf: Callable[[str], bool] | None = None) -> dict[str, Position]:
    """Top-left corner of each node reachable from ``roots`` through ``children``.
    ``leaf`` says which children may be stacked in a column (default: those without
    children); an aggregate card (a collapsed subtree) can be kept out of the column."""
    is_leaf = leaf or (lambda n: not children(n))
    across = width if orientation == TOP_DOWN else height  # the axis siblings share
    step = (height if orientation == TOP_DOWN else width) + level_gap
    stacked: set[str] = set()
    extent: dict[str, float] = {}  # how much room the subtree takes along ``across``
    anchor: dict[str, float] = {}  # where its top node's centre is, from the subtree's start
    for node in _post_order(roots, children):
        kids = children(node)
        if not kids:
            extent[node], anchor[node] = across, across / 2
        elif orientation == TOP_DOWN and all(is_leaf(k) for k in kids):
            stacked.add(node)
            extent[node], anchor[node] = indent + across, across / 2
        else:
            used = sum(extent[k] for k in kids) + gap * (len(kids) - 1)
            first = anchor[kids[0]]
            last = used - extent[kids[-1]] + anchor[kids[-1]]
            centre = (first + last) / 2
            # a parent wider than its children's row: shift the row under it
            shift = max(0.0, across / 2 - centre)
            extent[node] = max(used + shift, centre + shift + across / 2)
            anchor[node] = centre + shift
    out: dict[str, Position] = {}
    start = 0.0
    for root in roots:
        _place(root, start, children, extent, anchor, stacked, out, across, step, height,
               stack_gap, indent, gap, first_gap)
        start += extent[root] + gap * 2
    if orientation == LEFT_RIGHT:
        out = {n: (depth_axis, along) for n, (along, depth_axis) in out.items()}
    return out


def _post_order(roots: list[str], children: Callable[[str], list[str]]) -> list[str]:
    out, stack = [], [(r, False) for r in reversed(roots)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        stack.append((node, True))
        stack.extend((k, False) for k in reversed(children(node)))
    return out


def _place(root, start, children, extent, anchor, stacked, out, across, step, height,
           stack_gap, indent, gap, first_gap) -> None:
    """Positions as (along, depth axis); pre-order with an explicit stack."""
    stack = [(root, start, 0)]
    while stack:
        node, lo, level = stack.pop()
        kids = children(node)
        y = level * step
        out[node] = (lo + anchor[node] - across / 2, y)
        if node in stacked:
            for k, kid in enumerate(kids):
                out[kid] = (lo + indent, y + height + first_gap + (height + stack_gap) * k)
            continue
        if not kids:
            continue
        first = anchor[kids[0]]
        used = sum(extent[k] for k in kids) + gap * (len(kids) - 1)
        last = used - extent[kids[-1]] + anchor[kids[-1]]
        cursor = lo + max(0.0, across / 2 - (first + last) / 2)
        for kid in kids:
            stack.append((kid, cursor, level + 1))
            cursor += extent[kid] + gap
