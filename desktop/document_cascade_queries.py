"""What the designer asks of the cascade being designed (split from
document_cascade.py): its structure, a node's unit and rule, its numbers and their
provenance. Mixed into ``CascadeDesign`` (context, arrays, result, _children,
_problems) *before* QObject: ``children`` and ``parent`` here are the cascade's, and
must win over QObject's own."""

from desktop.domain.org import OrgUnit


class CascadeQueries:
    def children(self, node_id: str) -> list[str]:
        return self._children.get(node_id, [])

    def parent(self, node_id: str) -> str | None:
        return self.cascade.parent_of(node_id)

    def subtree(self, top: str) -> list[str]:
        """``top`` and everything below it, parents first."""
        out, stack = [], [top]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children(node)))
        return out

    def unit_of(self, node_id: str) -> OrgUnit:
        return self.context.units[self.cascade.nodes[node_id].unit_id]

    def rule_of(self, child_id: str):
        """The rule on the edge into ``child_id`` (the default rule when it has none)."""
        edge = self.cascade.edges.get(child_id)
        if edge is None:
            return None
        return self.context.rules.get(edge.rule_id or "", self.context.default_rule)

    def rule_use(self, rule_id: str) -> int:
        return sum(1 for e in self.cascade.edges.values() if e.rule_id == rule_id)

    def problems_of(self, node_id: str) -> list:
        return self._problems.get(node_id, [])

    def row(self, node_id: str) -> int:
        return -1 if self.arrays is None else self.arrays.index_of.get(node_id, -1)

    def numbers(self, node_id: str) -> tuple[list[float], list[float]]:
        """(weights, targets) per metric, in ``context.metrics`` order."""
        i = self.row(node_id)
        if i < 0:
            return [], []
        return self.result.weights[i].tolist(), self.result.targets[i].tolist()

    def explain(self, node_id: str, metric_id: str):
        from desktop.engine.provenance import explain

        return explain(self.arrays, self.result, node_id, metric_id)
