"""Dropping a rule template on the canvas (issue 5): the rule of one edge, or of every
edge of a subtree, set in one undo step and one recompute."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from desktop.document_cascade import CascadeDesign

translate = QCoreApplication.translate


class ApplyRuleCommand(QUndoCommand):
    """Set ``rule_id`` (None: the default rule) on the edge into ``node_id``, and with
    ``subtree`` on every edge below it too."""

    def __init__(self, design: CascadeDesign, node_id: str, rule_id: str | None,
                 subtree: bool = False) -> None:
        nodes = design.subtree(node_id) if subtree else [node_id]
        edges = design.cascade.edges
        self.old = {n: edges[n].rule_id for n in nodes if n in edges}
        self.new = dict.fromkeys(self.old, rule_id)
        rule = design.context.rules.get(rule_id or "")
        names = {"rule": rule.name if rule is not None else translate(
            "DesignCommands", "the default rule"), "name": design.unit_of(node_id).name}
        text = (translate("DesignCommands", "Apply {rule} to the subtree of “{name}”")
                if subtree else translate("DesignCommands", "Apply {rule} into “{name}”"))
        super().__init__(text.format(**names))
        self.design = design

    def redo(self) -> None:
        self.design.set_edge_rules(self.new)

    def undo(self) -> None:
        self.design.set_edge_rules(self.old)
