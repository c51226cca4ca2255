"""Moving a child under another card by its edge (issue 5): the structure change, and,
when the child's card sits where no edge into it could be drawn (beside or above its new
parent), the move of its subtree to a free place under that parent: one undo step."""

from PySide6.QtGui import QUndoCommand

from desktop.commands.cascade import AttachCommand, MoveNodesCommand
from desktop.document_cascade import CascadeDesign


class MoveUnderCommand(QUndoCommand):
    """Put ``child`` under ``parent`` (connect it, or move its edge); with ``position``,
    its card goes there and the cards below it follow by the same offset."""

    def __init__(self, design: CascadeDesign, child: str, parent: str,
                 rule_id: str | None, position: tuple[float, float] | None = None) -> None:
        self.attach = AttachCommand(design, child, parent, rule_id)
        super().__init__(self.attach.text())
        self.move: MoveNodesCommand | None = None
        if position is not None:
            nodes = design.cascade.nodes
            dx, dy = position[0] - nodes[child].x, position[1] - nodes[child].y
            before = {n: (nodes[n].x, nodes[n].y) for n in design.subtree(child)}
            after = {n: (x + dx, y + dy) for n, (x, y) in before.items()}
            self.move = MoveNodesCommand(design, before, after)

    def redo(self) -> None:
        self.attach.redo()
        if self.move is not None:
            self.move.redo()

    def undo(self) -> None:
        if self.move is not None:
            self.move.undo()
        self.attach.undo()
