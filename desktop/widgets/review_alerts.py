"""Alerts on the review page: the open alerts of the selected unit's subtree with their
action packs — Acknowledge and Mark action taken write through the review loader, off the
GUI thread — and the "what must I do now" queue (SPEC §5, §8)."""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.review_labels import DIRECTIONS, QUEUE_KINDS, STATES, word

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows of display strings."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.payload: list[Any] = []

    def set_rows(self, rows: list[list[str]], payload: list[Any]) -> None:
        self.beginResetModel()
        self.rows, self.payload = rows, payload
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        self.headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(headers) - 1, 0))

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and section < len(self.headers)):
            return self.headers[section]
        return None


def _table(parent: QWidget, model: RowsModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view


class AlertPanel(QWidget):
    """Open alerts; the selected one's action packs and its lifecycle buttons."""

    acknowledgeRequested = Signal(str)  # alert id
    actionRequested = Signal(str, str, object)  # alert id, action, pack rule id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.model = RowsModel(self)
        self.view = _table(self, self.model, "reviewAlerts")
        self.packs = QLabel()
        self.packs.setObjectName("reviewPacks")
        self.packs.setWordWrap(True)
        self.packs.setTextFormat(Qt.TextFormat.RichText)
        self.action_choice = QComboBox()
        self.action_choice.setObjectName("reviewActionChoice")
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setObjectName("acknowledgeButton")
        self.action_button = QPushButton()
        self.action_button.setObjectName("actionTakenButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.action_choice, 1)
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.action_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.packs)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.acknowledge_button.clicked.connect(self._acknowledge)
        self.action_button.clicked.connect(self._act)
        self.busy = False
        self.retranslate()
        self._show_alert(None)

    def retranslate(self) -> None:
        self.model.set_headers([self.tr("Unit"), self.tr("Metric"), self.tr("Direction"),
                                self.tr("Deviation"), self.tr("Since"), self.tr("State")])
        self.acknowledge_button.setText(self.tr("Acknowledge"))
        self.action_button.setText(self.tr("Mark action taken"))

    def show_alerts(self, alerts: list, metric_names: dict[str, str]) -> None:
        """``alerts``: AlertView rows (open, of the selected subtree)."""
        selected = self.current_alert()
        rows = []
        for a in alerts:
            deviation = a.trigger[-1] if a.trigger else float("nan")
            rows.append([a.unit_name, metric_names.get(a.metric, a.metric),
                         word(DIRECTIONS, a.direction), f"{deviation:+.0%}", a.raised_week,
                         word(STATES, a.state)])
        self.model.set_rows(rows, alerts)
        self.heading.setText(self.tr("Open alerts ({count})").format(count=len(alerts)))
        again = next((k for k, a in enumerate(alerts)
                      if selected is not None and a.id == selected.id), None)
        if again is not None:
            self.view.selectRow(again)
        elif alerts:
            self.view.selectRow(0)
        else:
            self._show_alert(None)

    def current_alert(self) -> Any:
        row = self.view.currentIndex().row()
        return self.model.payload[row] if 0 <= row < len(self.model.payload) else None

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._show_alert(self.current_alert())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        self._show_alert(self.model.payload[row] if 0 <= row < len(self.model.payload)
                         else None)

    def _show_alert(self, alert: Any) -> None:
        self.action_choice.clear()
        if alert is None:
            self.packs.setText(self.tr("No open alert here."))
            self.acknowledge_button.setEnabled(False)
            self.action_button.setEnabled(False)
            self.action_choice.setEnabled(False)
            return
        lines = []
        for pack in alert.suggestions:
            lines.append(f"<b>{_escape(pack.rule)}</b>: " + "; ".join(
                _escape(a) for a in pack.actions))
            for action in pack.actions:
                self.action_choice.addItem(action, pack.rule_id)
        taken = [self.tr("Taken {when}: {action}").format(when=at[:10], action=_escape(text))
                 for at, _who, text in alert.actions]
        self.packs.setText("<br>".join(lines + taken) or self.tr("No action pack applies."))
        if not alert.suggestions:
            self.action_choice.addItem(self.tr("Action taken (own action)"), None)
        self.action_choice.setEnabled(not self.busy)
        self.acknowledge_button.setEnabled(not self.busy and alert.state == "raised")
        self.action_button.setEnabled(not self.busy and alert.state != "resolved")

    def _acknowledge(self) -> None:
        alert = self.current_alert()
        if alert is not None:
            self.acknowledgeRequested.emit(alert.id)

    def _act(self) -> None:
        alert = self.current_alert()
        if alert is None:
            return
        text = self.action_choice.currentText() or self.tr("Action taken (own action)")
        self.actionRequested.emit(alert.id, text, self.action_choice.currentData())


class QueuePanel(QWidget):
    """The "what must I do now" queue of the selected unit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.model = RowsModel(self)
        self.view = _table(self, self.model, "reviewQueue")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.model.set_headers([self.tr("To do"), self.tr("Unit"), self.tr("What"),
                                self.tr("Waiting since")])

    def show_queue(self, items: list, names: dict[str, str], metric_names: dict[str, str]
                   ) -> None:
        rows = []
        for item in items:
            if item.kind == "alert" and item.alert is not None:
                a = item.alert
                what = self.tr("{metric} {direction} since {week}").format(
                    metric=metric_names.get(a.metric, a.metric),
                    direction=word(DIRECTIONS, a.direction), week=a.raised_week)
            elif item.kind == "acknowledge_version":
                what = item.what.split(": ", 1)[-1]
            else:
                what = self.tr("Confidence in this period's targets")
            rows.append([word(QUEUE_KINDS, item.kind), names.get(item.unit, item.unit), what,
                         item.since[:10]])
        self.model.set_rows(rows, items)
        self.heading.setText(self.tr("What must I do now ({count})").format(count=len(items)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
