"""The designer's drag sources: the rule palette (a chip per rule template with its
label, dragged onto a card or onto an edge: the rule of that edge, with Shift of the
whole subtree below it) and unit-kind buttons that can be dragged onto a card to add a
child there. A rule dropped anywhere else changes nothing, and the palette says so."""

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop.canvas.scene_drops import KIND_MIME, RULE_MIME
from desktop.canvas.text import rule_label


class _DragStart:
    """A press then a move past the drag distance starts a copy drag of ``mime()``."""

    _press: QPoint | None = None

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._press is not None and (event.position().toPoint() - self._press
                                        ).manhattanLength() >= QApplication.startDragDistance():
            self._press = None
            drag = QDrag(self)
            drag.setMimeData(self.mime())
            drag.setPixmap(self.grab())
            self.setDown(False) if hasattr(self, "setDown") else None
            self.drag_ended(drag.exec(Qt.DropAction.CopyAction))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def drag_ended(self, action: Qt.DropAction) -> None:
        """``action`` is IgnoreAction when no target took the drop."""


class KindButton(_DragStart, QToolButton):
    """A unit kind: click to add under the selected card, or drag onto a card."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind

    def mime(self) -> QMimeData:
        data = QMimeData()
        data.setData(KIND_MIME, self.kind.encode())
        return data


class RuleChip(_DragStart, QLabel):
    def __init__(self, rule_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleChip")
        self.rule_id = rule_id
        self.on_ignored = None  # called when the chip is dropped where nothing takes it
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def drag_ended(self, action: Qt.DropAction) -> None:
        if action == Qt.DropAction.IgnoreAction and self.on_ignored is not None:
            self.on_ignored()

    def mime(self) -> QMimeData:
        data = QMimeData()
        data.setData(RULE_MIME, self.rule_id.encode())
        return data


class RulePalette(QWidget):
    """The rule templates of the open cascade, one chip each."""

    def __init__(self, design, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulePalette")
        self.design = design
        self.label = QLabel()
        self.note = QLabel()  # "nothing changed" after a drop that missed
        self.note.setObjectName("ruleDropNote")
        self.note.hide()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(6000)
        self._note_timer.timeout.connect(self.note.hide)
        self.chips: dict[str, RuleChip] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 0, 10, 6)
        self._layout.setSpacing(6)
        self._layout.addWidget(self.label)
        self._layout.addStretch(1)
        self._layout.addWidget(self.note)
        design.loaded.connect(self.refresh)
        design.ruleChanged.connect(lambda _r: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Rules:"))
        self.setToolTip(self.tr("Drag a rule onto a card or onto a path to use it on the "
                                "path into that unit; hold Shift to use it on the unit's "
                                "whole subtree"))
        self.refresh()

    def nothing_changed(self) -> None:
        self.note.setText(self.tr("Nothing changed: drop the rule on a card or on a path."))
        self.note.show()
        self._note_timer.start()

    def refresh(self) -> None:
        for chip in self.chips.values():
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = {}
        context = self.design.context
        if context is None:
            return
        rules = [(rule.id, rule_label(rule), rule.name)
                 for rule in sorted(context.rules.values(), key=lambda r: r.name)]
        default = context.default_rule
        if default is not None and default.id not in context.rules:
            rules.insert(0, ("", self.tr("Default: {label}").format(
                label=rule_label(default)), self.tr("The default rule (from the settings)")))
        for rule_id, text, name in rules:
            chip = self.chips[rule_id] = RuleChip(rule_id)
            chip.on_ignored = self.nothing_changed
            chip.setText(text)
            chip.setToolTip(name)
            self._layout.insertWidget(self._layout.count() - 2, chip)
