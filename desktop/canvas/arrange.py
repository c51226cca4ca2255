"""Align and distribute a selection of cards (pure Python, no Qt): new top-left
positions for the cards, all of one size, from their current ones."""

Position = tuple[float, float]


def align(positions: dict[str, Position], way: str, width: float,
          height: float) -> dict[str, Position]:
    """``way``: left, centre, right (one x for all) or top, middle, bottom (one y)."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    # Every card has the same size, so aligning edges or centres is aligning the
    # top-left corners onto the selection's bounding box.
    if way in ("left", "centre", "right"):
        x = {"left": min(xs), "right": max(xs), "centre": (min(xs) + max(xs)) / 2}[way]
        return {n: (x, y) for n, (_, y) in positions.items()}
    if way in ("top", "middle", "bottom"):
        y = {"top": min(ys), "bottom": max(ys), "middle": (min(ys) + max(ys)) / 2}[way]
        return {n: (x, y) for n, (x, _) in positions.items()}
    raise ValueError(f"unknown alignment {way!r}")


def distribute(positions: dict[str, Position], way: str, width: float,
               height: float) -> dict[str, Position]:
    """Equal gaps between the cards along one axis (``horizontal`` or ``vertical``),
    keeping the first and the last where they are (and the cards' order)."""
    axis = {"horizontal": 0, "vertical": 1}[way]
    order = sorted(positions, key=lambda n: (positions[n][axis], positions[n][1 - axis]))
    if len(order) < 3:
        return dict(positions)
    first, last = positions[order[0]][axis], positions[order[-1]][axis]
    step = (last - first) / (len(order) - 1)
    out = {}
    for k, node_id in enumerate(order):
        point = list(positions[node_id])
        point[axis] = first + k * step
        out[node_id] = (point[0], point[1])
    return out
