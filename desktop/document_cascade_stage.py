"""Opening a large cascade in stages (issue 5): the map at once, then the numbers, then
editing. Each function runs on the document's worker thread.

1. ``load_cards``: the open cards straight from the store (the cascade's shape as key
   columns, planned by ``document_cascade_open``; the few open nodes and their units as
   domain objects). A cascade of at most ``AGGREGATE_ABOVE`` nodes is loaded whole here,
   as it always was (``load_design``): small workspaces open editable at once.
2. ``load_figures``: every node's weights and targets from the columns
   (services/period_cascade), without a domain object per node.
3. ``load_editing``: the domain objects the edits work on, laid out with the same plan,
   reusing the figures (the cascade is not computed again).
"""

from dataclasses import dataclass
from typing import Any

from desktop.document_cascade_load import Loaded, finish_loading, load_design


@dataclass(slots=True)
class Outline:
    """What the open cards of a partly loaded cascade need from the rest of it."""

    kids: dict[str, int]  # node id -> how many children (the card's "+N")
    below: dict[str, int]  # node id -> nodes under it (an aggregate card's count)
    total: int  # nodes in the whole cascade
    layout: dict[str, tuple[float, float, bool]]  # open card -> (x, y, collapsed)


def opens_in_stages(ws: Any, period: str | None = None) -> bool:
    """Whether the cascade is large enough to open in stages (a count, a few
    milliseconds): the open job reads only such a cascade's first stage itself, and a
    small one is loaded whole after the workspace is shown, not before."""
    from desktop import document_cascade_open as zoom
    from desktop.domain.errors import DomainError
    from desktop.services.cascade_context import choose_header
    from desktop.store import loads, loads_cascade

    try:
        with ws.read() as conn:
            periods = {p.id: p for p in loads.periods(conn)}
            header = choose_header(ws, loads.cascade_headers(conn), periods, period)
            return header.objective_id is not None and \
                loads_cascade.cascade_node_count(conn, header.id) > zoom.AGGREGATE_ABOVE
    except DomainError:
        return False  # no cascade (load_design says why)


def load_cards(ws: Any, period: str | None = None) -> Loaded:
    """The first stage (or the whole cascade, when it is small)."""
    import numpy as np

    from desktop import document_cascade_open as zoom
    from desktop.domain.errors import DomainError
    from desktop.services.cascade_context import (
        CascadeContext,
        choose_header,
        default_rule_from,
    )
    from desktop.store import loads, loads_cascade

    try:
        with ws.read() as conn:
            periods = {p.id: p for p in loads.periods(conn)}
            header = choose_header(ws, loads.cascade_headers(conn), periods, period)
            total = loads_cascade.cascade_node_count(conn, header.id)
            if total <= zoom.AGGREGATE_ABOVE or header.objective_id is None:
                shape = None
            else:
                shape = loads_cascade.cascade_shape(conn, header.id, total)
                lone = np.asarray(shape.lone, dtype=np.int64)
                present = np.zeros(max(int(shape.edge_parent.max(initial=0)),
                                       int(shape.edge_child.max(initial=0)),
                                       int(lone.max(initial=0))) + 1, dtype=bool)
                for column in (shape.edge_parent, shape.edge_child, lone):
                    present[column] = True
                keys = np.flatnonzero(present)  # in key order, as the full load has them
                position = np.cumsum(present) - 1  # key -> node position
                parent = np.full(len(keys), -1, dtype=np.int64)
                child = position[shape.edge_child]
                parent[child] = position[shape.edge_parent]
                try:
                    p = zoom.plan(parent, child, zoom.OPEN_CARDS)
                except ValueError:
                    shape = None  # a loop: the full load says what is wrong
                else:
                    shown = p.open_nodes()
                    cascade, units, node_of = loads_cascade.cascade_part(
                        conn, header, keys[shown].tolist())
                    objectives = {o.id: o for o in loads.objectives(conn)}
                    metrics = loads.metrics(conn)
                    rules = {r.id: r for r in loads.rules(conn)}
                    dimension_ids = {d.code: d.id for d in loads.dimensions(conn)}
    except DomainError as exc:
        return Loaded(None, problem=str(exc))
    if shape is None:
        return load_design(ws, period)
    outline = Outline({}, {}, total, {})
    for i, (x, y) in zoom.open_layout(p).items():
        node_id = node_of[int(keys[i])]
        node = cascade.nodes[node_id]
        node.x, node.y, node.collapsed = x, y, p.collapsed(i)
        outline.layout[node_id] = (x, y, node.collapsed)
        outline.kids[node_id] = int(p.kids[i])
        outline.below[node_id] = int(p.below[i])
    context = CascadeContext(periods[header.period_id], objectives[header.objective_id],
                             cascade, units, metrics, rules, default_rule_from(ws.settings()),
                             dimension_ids)
    return Loaded(context, aggregated=True, stage="cards", outline=outline)


@dataclass(slots=True)
class Figures:
    """The second stage's (arrays, result), and the workspace's state read before them."""

    arrays: Any
    result: Any
    stamp: tuple


def load_figures(ws: Any, period: str) -> Figures:
    """The second stage: the whole cascade's figures, from the columns."""
    from desktop.services.period_cascade import load_period_cascade, workspace_state

    stamp = workspace_state(ws)  # before the read: a write after it changes the stamp
    return Figures(*load_period_cascade(ws, period).compute(), stamp)


def load_editing(ws: Any, period: str, figures: Figures | None,
                 outline: Outline) -> Loaded:
    """The third stage: the cascade as domain objects, the open cards where they were
    shown, and the figures of the second stage when nothing was written since they were
    read (another process may write the file meanwhile)."""
    from desktop.document_cascade_open import aggregate
    from desktop.domain.errors import DomainError
    from desktop.services.cascade_context import load_context
    from desktop.services.period_cascade import workspace_state

    try:
        context = load_context(ws, period)
        aggregate(context.cascade, above=0)  # the plan the first stage showed
        nodes = context.cascade.nodes
        for node_id, (x, y, collapsed) in outline.layout.items():
            if node_id in nodes:
                node = nodes[node_id]
                node.x, node.y, node.collapsed = x, y, collapsed
        # after the read: equal to the figures' stamp, nothing was written in between
        unchanged = figures is not None and workspace_state(ws) == figures.stamp
        if unchanged and _same_nodes(figures.arrays, context.cascade):
            arrays, result = figures.arrays, figures.result
        else:
            arrays, result = context.compute()  # the file changed meanwhile: anew
    except DomainError as exc:
        return Loaded(None, problem=str(exc))
    loaded = finish_loading(ws, context, arrays, result)
    loaded.aggregated = True
    return loaded


def _same_nodes(arrays: Any, cascade: Any) -> bool:
    """Whether the figures were computed for this cascade's nodes and edges."""
    nodes, edges, ids = cascade.nodes, cascade.edges, arrays.node_ids
    if len(ids) != len(nodes) or not all(n in nodes for n in ids):
        return False
    parents = arrays.parent.tolist()
    return all((edges[n].parent_node_id if n in edges else None)
               == (ids[p] if p >= 0 else None) for n, p in zip(ids, parents, strict=True))
