"""Copy and paste of a subtree in the cascade designer. A copy is plain data taken from
the model (units, nodes, the rules on their edges, positions relative to the top); a
paste makes new units with new ids and codes (the copied code with a suffix), the same
local factors, rules and targets, as one undo step and one recompute."""

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from desktop.document_cascade import CascadeDesign
from desktop.domain.cascade import TargetNode, TargetOverride
from desktop.domain.ids import new_id
from desktop.domain.org import OrgUnit

translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class CopiedNode:
    unit: OrgUnit  # a detached copy
    parent: int  # index of the parent in SubtreeCopy.nodes; -1 for the top
    rule_id: str | None  # the rule on the edge from the parent (the top's: None)
    dx: float  # position relative to the top
    dy: float
    overrides: tuple[tuple[str, float, bool], ...]  # (metric id, value, locked)


@dataclass(frozen=True, slots=True)
class SubtreeCopy:
    nodes: tuple[CopiedNode, ...]  # parents first


def copy_subtree(design: CascadeDesign, top: str) -> SubtreeCopy:
    order = design.subtree(top)
    index = {n: k for k, n in enumerate(order)}
    nodes = design.cascade.nodes
    origin = nodes[top]
    copied = []
    for node_id in order:
        node, unit = nodes[node_id], design.unit_of(node_id)
        parent = design.parent(node_id)
        copied.append(CopiedNode(
            OrgUnit(unit.code, unit.name, unit.kind, None, unit.manager, unit.headcount,
                    dict(unit.factors), id=unit.id),
            -1 if node_id == top else index[parent],
            None if node_id == top else design.cascade.edges[node_id].rule_id,
            node.x - origin.x, node.y - origin.y,
            tuple((m, o.value, o.locked) for m, o in node.overrides.items())))
    return SubtreeCopy(tuple(copied))


def _suffixed(code: str, taken: set[str]) -> str:
    number = 1
    while f"{code}-C{number}" in taken:
        number += 1
    return f"{code}-C{number}"


class PasteSubtreeCommand(QUndoCommand):
    def __init__(self, design: CascadeDesign, copied: SubtreeCopy, parent_node: str,
                 position: tuple[float, float], top_rule: str | None) -> None:
        top = copied.nodes[0].unit
        super().__init__(translate("DesignCommands", "Paste “{name}” under “{parent}”").format(
            name=top.name, parent=design.unit_of(parent_node).name))
        self.design = design
        taken = {u.code for u in design.context.units.values()}
        cascade_id = design.cascade.id
        parent_unit = design.unit_of(parent_node).id
        units: list[OrgUnit] = []
        self.plan: list[tuple[TargetNode, OrgUnit, str, str | None, str]] = []
        for copy in copied.nodes:
            code = _suffixed(copy.unit.code, taken)
            taken.add(code)
            up_unit = parent_unit if copy.parent < 0 else units[copy.parent].id
            unit = OrgUnit(code, copy.unit.name, copy.unit.kind, up_unit, copy.unit.manager,
                           copy.unit.headcount, dict(copy.unit.factors))
            units.append(unit)
            node = TargetNode(cascade_id, unit.id, position[0] + copy.dx,
                              position[1] + copy.dy,
                              overrides={m: TargetOverride(v, locked)
                                         for m, v, locked in copy.overrides})
            up_node = parent_node if copy.parent < 0 else self.plan[copy.parent][0].id
            rule = top_rule if copy.parent < 0 else copy.rule_id
            self.plan.append((node, unit, up_node, rule, new_id()))
        self.top_node_id = self.plan[0][0].id

    def redo(self) -> None:
        self.design.add_nodes([(_fresh(node), unit, parent, rule, edge)
                               for node, unit, parent, rule, edge in self.plan])

    def undo(self) -> None:
        self.design.remove_nodes([node.id for node, *_ in self.plan])


def _fresh(n: TargetNode) -> TargetNode:
    """A new object each redo: the model keeps the one it is given."""
    return TargetNode(n.cascade_id, n.unit_id, n.x, n.y, n.collapsed,
                      {m: TargetOverride(o.value, o.locked) for m, o in n.overrides.items()},
                      id=n.id)
