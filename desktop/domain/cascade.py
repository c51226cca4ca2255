"""A cascade: target nodes (one per org unit) joined by edges that carry rules.

Invariants held here, whatever the caller: each node has at most one parent, and no
node is its own ancestor. Edits emit ChangeEvents so views and the store can follow.
"""

import math
import numbers
from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop.domain.errors import (
    CycleError,
    InvalidValueError,
    SecondParentError,
    UnknownEntityError,
)
from desktop.domain.events import ChangeEvent, ChangeKind, EventHub
from desktop.domain.ids import new_id


@dataclass(slots=True)
class TargetOverride:
    """A target set by hand. ``locked`` keeps it through every re-cascade."""

    value: float
    locked: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, numbers.Real) \
                or not math.isfinite(self.value):
            raise InvalidValueError(f"a target set by hand must be a finite number, "
                                    f"not {self.value!r}")


@dataclass(slots=True)
class TargetNode:
    cascade_id: str
    unit_id: str
    x: float = 0.0
    y: float = 0.0
    collapsed: bool = False
    overrides: dict[str, TargetOverride] = field(default_factory=dict)  # metric id ->
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class CascadeEdge:
    cascade_id: str
    parent_node_id: str
    child_node_id: str
    rule_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Cascade:
    name: str
    period_id: str
    objective_id: str | None = None
    id: str = field(default_factory=new_id)
    nodes: dict[str, TargetNode] = field(default_factory=dict)
    # keyed by child node id: the key itself enforces "at most one parent"
    edges: dict[str, CascadeEdge] = field(default_factory=dict)
    events: EventHub = field(default_factory=EventHub, repr=False, compare=False)

    # --- queries -----------------------------------------------------------------
    def node(self, node_id: str) -> TargetNode:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise UnknownEntityError(f"cascade {self.name}: unknown node {node_id}") from None

    def parent_of(self, node_id: str) -> str | None:
        edge = self.edges.get(node_id)
        return edge.parent_node_id if edge else None

    def children_of(self, node_id: str) -> list[str]:
        return [e.child_node_id for e in self.edges.values() if e.parent_node_id == node_id]

    def roots(self) -> list[str]:
        return [n for n in self.nodes if n not in self.edges]

    def edge(self, child_id: str) -> CascadeEdge:
        """The edge from ``child_id`` up to its parent."""
        try:
            return self.edges[child_id]
        except KeyError:
            raise UnknownEntityError(
                f"cascade {self.name}: node {child_id} has no parent edge"
            ) from None

    def ancestors(self, node_id: str) -> Iterator[str]:
        parent = self.parent_of(node_id)
        while parent is not None:
            yield parent
            parent = self.parent_of(parent)

    # --- edits -------------------------------------------------------------------
    def add_node(self, node: TargetNode) -> TargetNode:
        if node.id in self.nodes:
            raise InvalidValueError(f"node {node.id} is already in cascade {self.name}")
        if node.cascade_id != self.id:
            raise InvalidValueError(f"node {node.id} belongs to another cascade")
        if any(n.unit_id == node.unit_id for n in self.nodes.values()):
            raise InvalidValueError(f"unit {node.unit_id} already has a node in {self.name}")
        self.nodes[node.id] = node
        self.events.emit(ChangeEvent(ChangeKind.ADDED, "target_node", node.id))
        return node

    def remove_node(self, node_id: str) -> None:
        self.node(node_id)
        if self.children_of(node_id):
            raise InvalidValueError("remove or move the node's children first")
        if node_id in self.edges:
            self.disconnect(node_id)
        del self.nodes[node_id]
        self.events.emit(ChangeEvent(ChangeKind.REMOVED, "target_node", node_id))

    def connect(self, parent_id: str, child_id: str, rule_id: str | None = None,
                edge_id: str | None = None) -> CascadeEdge:
        self.node(parent_id)
        self.node(child_id)
        if child_id in self.edges:
            raise SecondParentError("this node already has a parent; move its edge instead")
        if parent_id == child_id or child_id in set(self.ancestors(parent_id)):
            raise CycleError("connecting these nodes would make a node its own ancestor")
        if edge_id is not None and any(e.id == edge_id for e in self.edges.values()):
            raise InvalidValueError(f"edge {edge_id} is already in cascade {self.name}")
        edge = CascadeEdge(self.id, parent_id, child_id, rule_id, id=edge_id or new_id())
        self.edges[child_id] = edge
        self.events.emit(ChangeEvent(ChangeKind.ADDED, "cascade_edge", edge.id))
        return edge

    def disconnect(self, child_id: str) -> CascadeEdge:
        edge = self.edges.pop(child_id, None)
        if edge is None:
            raise UnknownEntityError("this node has no parent edge")
        self.events.emit(ChangeEvent(ChangeKind.REMOVED, "cascade_edge", edge.id))
        return edge

    def reparent(self, child_id: str, new_parent_id: str) -> CascadeEdge:
        """Move a node (and its subtree) under another parent, keeping the edge's rule."""
        old = self.edges.get(child_id)
        if old is None:
            raise UnknownEntityError("this node has no parent edge to move")
        self.node(new_parent_id)
        if new_parent_id == child_id or child_id in set(self.ancestors(new_parent_id)):
            raise CycleError("moving this node there would make it its own ancestor")
        previous = old.parent_node_id
        if previous == new_parent_id:
            return old  # already there: nothing changes, nothing to announce
        old.parent_node_id = new_parent_id
        self.events.emit(ChangeEvent(ChangeKind.CHANGED, "cascade_edge", old.id,
                                     "parent_node_id", previous, new_parent_id))
        return old

    def set_rule(self, child_id: str, rule_id: str | None) -> None:
        edge = self.edge(child_id)
        previous, edge.rule_id = edge.rule_id, rule_id
        self.events.emit(ChangeEvent(ChangeKind.CHANGED, "cascade_edge", edge.id,
                                     "rule_id", previous, rule_id))

    def set_override(self, node_id: str, metric_id: str,
                     override: TargetOverride | None) -> None:
        node = self.node(node_id)
        previous = node.overrides.get(metric_id)
        if override is None:
            node.overrides.pop(metric_id, None)
        else:
            node.overrides[metric_id] = override
        self.events.emit(ChangeEvent(ChangeKind.CHANGED, "target_node", node_id,
                                     f"override:{metric_id}", previous, override))

    def move_node(self, node_id: str, x: float, y: float) -> None:
        node = self.node(node_id)
        previous = (node.x, node.y)
        node.x, node.y = x, y
        self.events.emit(ChangeEvent(ChangeKind.CHANGED, "target_node", node_id,
                                     "position", previous, (x, y)))

    def problems(self) -> list[str]:
        """Broken invariants of a cascade built without the edit methods (e.g. loaded
        field by field from a file); empty when sound."""
        out = []
        for key, node in self.nodes.items():
            if key != node.id:
                out.append(f"node {node.id} is filed under {key}")
            if node.cascade_id != self.id:
                out.append(f"node {node.id} belongs to another cascade")
        units = [n.unit_id for n in self.nodes.values()]
        if len(set(units)) != len(units):
            out.append("a unit has two nodes")
        for key, edge in self.edges.items():
            if key != edge.child_node_id:
                out.append(f"edge {edge.id} is filed under {key}, not its child")
            if edge.cascade_id != self.id:
                out.append(f"edge {edge.id} belongs to another cascade")
            for end in (edge.parent_node_id, edge.child_node_id):
                if end not in self.nodes:
                    out.append(f"edge {edge.id} joins unknown node {end}")
        if not out and len(self._reachable()) != len(self.nodes):
            out.append("the edges form a cycle")
        return out

    def validate(self) -> None:
        problems = self.problems()
        if problems:
            error = CycleError if problems == ["the edges form a cycle"] else InvalidValueError
            raise error(f"cascade {self.name}: " + "; ".join(problems))

    def topological(self) -> list[str]:
        """Node ids with every parent before its children (roots first).

        Raises CycleError when some nodes cannot be reached from a root (only possible
        for a cascade whose edges were set directly, bypassing connect/reparent)."""
        order = self._reachable()
        if len(order) != len(self.nodes) or self.nodes.keys() != set(order):
            raise CycleError(f"cascade {self.name}: some nodes sit on a cycle of edges")
        return order

    def _reachable(self) -> list[str]:
        children: dict[str, list[str]] = {}
        for edge in self.edges.values():
            children.setdefault(edge.parent_node_id, []).append(edge.child_node_id)
        order, stack = [], list(reversed(self.roots()))
        while stack:
            current = stack.pop()
            order.append(current)
            stack.extend(reversed(children.get(current, [])))
        return order
