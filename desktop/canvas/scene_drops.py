"""Drops on the canvas (split from scene.py): a rule template dragged from the rule
palette onto a card sets the rule of the edge into it; with Shift, of every edge in its
subtree (one undo step). A unit kind dragged from the unit palette adds a child to the
card. The card under the cursor is highlighted while dragging."""

from PySide6.QtCore import Qt, Signal  # noqa: F401 (Signal: see CascadeScene)

from desktop.commands.cascade_rules import ApplyRuleCommand

RULE_MIME = "application/x-targetflow-rule"  # data: the rule id ("" for the default)
KIND_MIME = "application/x-targetflow-unit-kind"  # data: the unit kind


class SceneDrops:
    """Mixed into ``CascadeScene`` (which provides design, stack, _card_at, kindDropped)."""

    def _drop_card(self, event):
        mime = event.mimeData()
        if not (mime.hasFormat(RULE_MIME) or mime.hasFormat(KIND_MIME)):
            return None
        card = self._card_at(event.scenePos(), exclude="")
        if card is None:
            return None
        if mime.hasFormat(RULE_MIME) and not self._shift(event) \
                and self.design.parent(card.node_id) is None:
            return None  # a top card has no edge into it (Shift: its subtree's edges)
        return card

    @staticmethod
    def _shift(event) -> bool:
        return bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)

    def _hover_drop(self, card) -> None:
        if card is not self._drop:
            for item in (self._drop, card):
                if item is not None:
                    item.drop_target = item is card
                    item.update()
            self._drop = card

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        event.setAccepted(mime.hasFormat(RULE_MIME) or mime.hasFormat(KIND_MIME))

    def dragMoveEvent(self, event) -> None:
        card = self._drop_card(event)
        self._hover_drop(card)
        event.setAccepted(card is not None)

    def dragLeaveEvent(self, event) -> None:
        self._hover_drop(None)
        event.accept()

    def dropEvent(self, event) -> None:
        card = self._drop_card(event)
        self._hover_drop(None)
        if card is None:
            event.ignore()
            return
        mime = event.mimeData()
        if mime.hasFormat(RULE_MIME):
            rule_id = bytes(mime.data(RULE_MIME)).decode() or None
            self.stack.push(ApplyRuleCommand(self.design, card.node_id, rule_id,
                                             subtree=self._shift(event)))
        else:
            self.kindDropped.emit(card.node_id, bytes(mime.data(KIND_MIME)).decode())
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
