"""Drops on the canvas (split from scene.py): a rule template dragged from the rule
palette onto a card sets the rule of the edge into it, or dropped on an edge, that
edge's rule; with Shift, of every edge in the child's subtree too (one undo step either
way). A unit kind dragged from the unit palette adds a child to the card. The card or
edge under the cursor is highlighted while dragging (an edge within a few pixels: they
are thin); elsewhere the drop is not accepted, and the palette says nothing changed."""

from PySide6.QtCore import Qt, Signal  # noqa: F401 (Signal: see CascadeScene)
from shiboken6 import isValid

from desktop.canvas.edge_drag import NEAR_PX, edge_at
from desktop.commands.cascade_rules import ApplyRuleCommand

RULE_MIME = "application/x-targetflow-rule"  # data: the rule id ("" for the default)
KIND_MIME = "application/x-targetflow-unit-kind"  # data: the unit kind


class SceneDrops:
    """Mixed into ``CascadeScene`` (which provides design, stack, _card_at, kindDropped)."""

    _drop_edge = None  # the edge a rule template is held over

    def _drop_card(self, event):
        mime = event.mimeData()
        if not (mime.hasFormat(RULE_MIME) or mime.hasFormat(KIND_MIME)):
            return None
        if mime.hasFormat(KIND_MIME) and not self.design.is_editable:
            return None  # a new unit needs the whole model (a large cascade still loading)
        card = self._card_at(event.scenePos(), exclude="")
        if card is None:
            return None
        if mime.hasFormat(RULE_MIME) and not self._shift(event) \
                and self.design.parent(card.node_id) is None:
            return None  # a top card has no edge into it (Shift: its subtree's edges)
        return card

    def _drop_on_edge(self, event):
        """The edge a rule template is over (None over a card or away from edges)."""
        if not event.mimeData().hasFormat(RULE_MIME) or self.overview_on \
                or self._card_at(event.scenePos(), exclude="") is not None:
            return None
        views = self.views()
        scale = views[0].transform().m11() if views else 1.0
        return edge_at(self, event.scenePos(), NEAR_PX / max(scale, 1e-6))

    @staticmethod
    def _shift(event) -> bool:
        return bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)

    def _hover_drop(self, card, edge=None) -> None:
        if card is not self._drop:
            for item in (self._drop, card):
                if item is not None:
                    item.drop_target = item is card
                    item.update()
            self._drop = card
        if edge is not self._drop_edge:
            if self._drop_edge is not None and isValid(self._drop_edge):
                self._drop_edge.set_drop_target(False)
            if edge is not None:
                edge.set_drop_target(True)
            self._drop_edge = edge

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        event.setAccepted(mime.hasFormat(RULE_MIME) or mime.hasFormat(KIND_MIME))

    def dragMoveEvent(self, event) -> None:
        card = self._drop_card(event)
        edge = None if card is not None else self._drop_on_edge(event)
        self._hover_drop(card, edge)
        event.setAccepted(card is not None or edge is not None)

    def dragLeaveEvent(self, event) -> None:
        self._hover_drop(None)
        event.accept()

    def dropEvent(self, event) -> None:
        card = self._drop_card(event)
        edge = None if card is not None else self._drop_on_edge(event)
        self._hover_drop(None)
        if card is None and edge is None:
            event.ignore()
            return
        mime = event.mimeData()
        if mime.hasFormat(RULE_MIME):
            rule_id = bytes(mime.data(RULE_MIME)).decode() or None
            child = card.node_id if card is not None else edge.child_id
            self.stack.push(ApplyRuleCommand(self.design, child, rule_id,
                                             subtree=self._shift(event)))
        else:
            self.kindDropped.emit(card.node_id, bytes(mime.data(KIND_MIME)).decode())
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
