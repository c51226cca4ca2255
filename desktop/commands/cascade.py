"""Undo commands of the cascade designer. Each one only calls ``CascadeDesign`` methods
(the model); the scene follows the model's signals. A command is checked before it is
pushed (a refused edit never reaches the stack). Typing in a field merges into one step
per editing session (``session``: a number the inspector changes when focus leaves)."""

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from desktop.document_cascade import CascadeDesign
from desktop.domain.cascade import CascadeEdge, TargetNode, TargetOverride
from desktop.domain.ids import new_id
from desktop.domain.org import OrgUnit

translate = QCoreApplication.translate


def _moved(count: int) -> str:
    return translate("DesignCommands", "Move %n unit(s)", "", count)


class AddNodeCommand(QUndoCommand):
    def __init__(self, design: CascadeDesign, unit: OrgUnit, parent_id: str | None,
                 rule_id: str | None, position: tuple[float, float]) -> None:
        super().__init__(translate("DesignCommands", "Add “{name}”").format(name=unit.name))
        self.design, self.unit, self.parent_id, self.rule_id = design, unit, parent_id, rule_id
        self.node = TargetNode(design.cascade.id, unit.id, *position)
        self.edge_id = new_id()

    def redo(self) -> None:
        node = TargetNode(self.node.cascade_id, self.unit.id, self.node.x, self.node.y,
                          id=self.node.id)
        self.design.add_node(node, self.unit, self.parent_id, self.rule_id, self.edge_id)

    def undo(self) -> None:
        self.design.remove_nodes([self.node.id])


class RemoveSubtreeCommand(QUndoCommand):
    def __init__(self, design: CascadeDesign, top: str) -> None:
        name = design.unit_of(top).name
        self.ids = design.subtree(top)
        text = (translate("DesignCommands", "Delete “{name}”") if len(self.ids) == 1
                else translate("DesignCommands", "Delete “{name}” and {count} below it"))
        super().__init__(text.format(name=name, count=len(self.ids) - 1))
        self.design = design
        self.saved = design.snapshot(self.ids)

    def redo(self) -> None:
        self.design.remove_nodes(self.ids)

    def undo(self) -> None:
        self.design.restore_nodes([(copy_node(n), None if e is None else copy_edge(e))
                                   for n, e in self.saved])


def copy_node(n: TargetNode) -> TargetNode:
    return TargetNode(n.cascade_id, n.unit_id, n.x, n.y, n.collapsed,
                      {m: TargetOverride(o.value, o.locked) for m, o in n.overrides.items()},
                      id=n.id)


def copy_edge(e: CascadeEdge) -> CascadeEdge:
    return CascadeEdge(e.cascade_id, e.parent_node_id, e.child_node_id, e.rule_id, id=e.id)


class AttachCommand(QUndoCommand):
    """Put ``child`` under ``parent``: connect a top node, or move a node's edge."""

    def __init__(self, design: CascadeDesign, child: str, parent: str,
                 rule_id: str | None = None) -> None:
        self.design, self.child, self.parent = design, child, parent
        self.previous = design.parent(child)
        self.rule_id = rule_id
        self.edge_id = new_id()
        names = {"child": design.unit_of(child).name, "parent": design.unit_of(parent).name}
        text = (translate("DesignCommands", "Connect “{child}” under “{parent}”")
                if self.previous is None
                else translate("DesignCommands", "Move “{child}” under “{parent}”"))
        super().__init__(text.format(**names))

    def redo(self) -> None:
        if self.previous is None:
            self.design.connect(self.parent, self.child, self.rule_id, self.edge_id)
        else:
            self.design.reparent(self.child, self.parent)

    def undo(self) -> None:
        if self.previous is None:
            self.design.disconnect(self.child)
        else:
            self.design.reparent(self.child, self.previous)


class DetachCommand(QUndoCommand):
    def __init__(self, design: CascadeDesign, child: str) -> None:
        name = design.unit_of(child).name
        super().__init__(translate("DesignCommands", "Detach “{name}”").format(name=name))
        self.design, self.child = design, child
        edge = design.cascade.edge(child)
        self.parent, self.rule_id, self.edge_id = edge.parent_node_id, edge.rule_id, edge.id

    def redo(self) -> None:
        self.design.disconnect(self.child)

    def undo(self) -> None:
        self.design.connect(self.parent, self.child, self.rule_id, self.edge_id)


class SetEdgeRuleCommand(QUndoCommand):
    def __init__(self, design: CascadeDesign, child: str, rule_id: str | None) -> None:
        super().__init__(translate("DesignCommands", "Change the rule into “{name}”").format(
            name=design.unit_of(child).name))
        self.design, self.child, self.new = design, child, rule_id
        self.old = design.cascade.edge(child).rule_id

    def redo(self) -> None:
        self.design.set_edge_rule(self.child, self.new)

    def undo(self) -> None:
        self.design.set_edge_rule(self.child, self.old)


class _FieldCommand(QUndoCommand):
    """A value edit that merges with the next one on the same target and session."""

    ID = 0

    def __init__(self, text: str, key: tuple, old: Any, new: Any, session: int) -> None:
        super().__init__(text)
        self.key, self.old, self.new, self.session = key, old, new, session

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, type(self)) or (other.key, other.session) != (
                self.key, self.session):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)

    def apply(self, value: Any) -> None:
        raise NotImplementedError


class EditRuleCommand(_FieldCommand):
    ID = 5001

    def __init__(self, design: CascadeDesign, rule_id: str, field: str, value: Any,
                 session: int = 0) -> None:
        rule = design.context.rules[rule_id]
        super().__init__(translate("DesignCommands", "Edit rule “{name}”").format(name=rule.name),
                         (rule_id, field), getattr(rule, field), value, session)
        self.design = design

    def apply(self, value: Any) -> None:
        self.design.set_rule_field(self.key[0], self.key[1], value)


class SetOverrideCommand(_FieldCommand):
    ID = 5002

    def __init__(self, design: CascadeDesign, node_id: str, metric_id: str,
                 override: TargetOverride | None, session: int = 0) -> None:
        old = design.cascade.nodes[node_id].overrides.get(metric_id)
        super().__init__(translate("DesignCommands", "Set a target of “{name}”").format(
            name=design.unit_of(node_id).name), (node_id, metric_id),
            _pair(old), _pair(override), session)
        self.design = design

    def apply(self, value: tuple[float, bool] | None) -> None:
        override = None if value is None else TargetOverride(*value)
        self.design.set_override(self.key[0], self.key[1], override)


def _pair(o: TargetOverride | None) -> tuple[float, bool] | None:
    return None if o is None else (o.value, o.locked)


class EditFactorCommand(_FieldCommand):
    ID = 5003

    def __init__(self, design: CascadeDesign, unit_id: str, factor: str, value: float,
                 session: int = 0) -> None:
        unit = design.context.units[unit_id]
        text = translate("DesignCommands", "Edit a local factor of “{name}”")
        super().__init__(text.format(name=unit.name), (unit_id, factor),
                         unit.factors.get(factor), value, session)
        self.design = design

    def apply(self, value: float | None) -> None:
        self.design.set_factor(self.key[0], self.key[1], value)


class RenameUnitCommand(_FieldCommand):
    ID = 5004

    def __init__(self, design: CascadeDesign, unit_id: str, name: str,
                 session: int = 0) -> None:
        unit = design.context.units[unit_id]
        text = translate("DesignCommands", "Rename “{name}”")
        super().__init__(text.format(name=unit.name), (unit_id,), unit.name, name, session)
        self.design = design

    def apply(self, value: str) -> None:
        self.design.rename_unit(self.key[0], value)


class MoveNodesCommand(QUndoCommand):
    """One drag (or one auto-layout) of any number of nodes: one step."""

    def __init__(self, design: CascadeDesign, before: dict[str, tuple[float, float]],
                 after: dict[str, tuple[float, float]], text: str | None = None) -> None:
        super().__init__(text or _moved(len(after)))
        self.design = design
        self.before = {k: before[k] for k in after if before[k] != after[k]}
        self.after = {k: after[k] for k in self.before}

    def redo(self) -> None:
        self.design.move_nodes(self.after)

    def undo(self) -> None:
        self.design.move_nodes(self.before)


class ReplaceDraftCommand(QUndoCommand):
    """Recovery of unsaved work: the recovered draft replaces the loaded one."""

    def __init__(self, design: CascadeDesign, recovered, text: str) -> None:
        super().__init__(text)
        self.design, self.before, self.after = design, design.draft(), recovered

    def redo(self) -> None:
        self.design.replace_draft(self.after)

    def undo(self) -> None:
        self.design.replace_draft(self.before)
