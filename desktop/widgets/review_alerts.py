"""Alerts on the review page: the open alerts of the selected unit's subtree with their
action packs — Acknowledge and Mark action taken write through the review loader, off the
GUI thread — and the "what must I do now" queue (SPEC §5, §8).

Both show the picked month: the latest is today's state, where alerts are acted on; a
past month is the state at its end (``services.review_asof``), read-only history with a
caption saying so. ``HistoryLoader`` reads the lifecycle history that takes, once per
loaded review, on the document's worker thread.
"""

import datetime as dt
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

from desktop.document import problem_text
from desktop.widgets.review_labels import DIRECTIONS, QUEUE_KINDS, STATES, day_text, word

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
        self.caption = QLabel()  # a past month: whose state this is, and that it is history
        self.caption.setObjectName("reviewAsOf")
        self.caption.setWordWrap(True)
        self.caption.hide()
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
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.action_choice, 1)
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.action_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.packs)
        layout.addWidget(self.buttons)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.acknowledge_button.clicked.connect(self._acknowledge)
        self.action_button.clicked.connect(self._act)
        self.busy = False
        self.as_of: dt.datetime | None = None  # a past month's end: read-only history
        self.retranslate()
        self._show_alert(None)

    def retranslate(self) -> None:
        self.model.set_headers([self.tr("Unit"), self.tr("Metric"), self.tr("Direction"),
                                self.tr("Deviation"), self.tr("Since"), self.tr("State")])
        self.acknowledge_button.setText(self.tr("Acknowledge"))
        self.action_button.setText(self.tr("Mark action taken"))

    def show_alerts(self, alerts: list, metric_names: dict[str, str],
                    as_of: dt.datetime | None = None, latest: str = "") -> None:
        """``alerts``: AlertView rows (open, of the selected subtree) — today's, or with
        ``as_of`` those open at that moment, shown read-only (``latest``: the month where
        they can be acted on)."""
        selected = self.current_alert()
        self.as_of = as_of
        rows = []
        for a in alerts:
            deviation = a.trigger[-1] if a.trigger else float("nan")
            rows.append([a.unit_name, metric_names.get(a.metric, a.metric),
                         word(DIRECTIONS, a.direction), f"{deviation:+.0%}", a.raised_week,
                         word(STATES, a.state)])
        self.model.set_rows(rows, alerts)
        if as_of is None:
            self.heading.setText(self.tr("Open alerts ({count})").format(count=len(alerts)))
        else:
            self.heading.setText(self.tr("Open alerts as of {day} ({count})").format(
                day=day_text(as_of), count=len(alerts)))
            self.caption.setText(self.tr(
                "Read-only history: alerts are acknowledged and acted on in the latest "
                "month, {month}.").format(month=latest))
        self.caption.setVisible(as_of is not None)
        self.buttons.setVisible(as_of is None)
        again = next((k for k, a in enumerate(alerts)
                      if selected is not None and a.id == selected.id), None)
        if again is not None:
            self.view.selectRow(again)
        elif alerts:
            self.view.selectRow(0)
        else:
            self._show_alert(None)

    def show_loading(self, problem: str = "") -> None:
        """A past month while its history is read (or could not be: ``problem``)."""
        self.as_of = dt.datetime.min  # nothing to act on meanwhile
        self.model.set_rows([], [])
        self.heading.setText(self.tr("Open alerts"))
        self.caption.setText(self.tr("Could not read the alert history: {problem}").format(
            problem=problem) if problem else self.tr("Reading the alert history…"))
        self.caption.show()
        self.buttons.hide()
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
        live = not self.busy and self.as_of is None  # a past month is history
        self.action_choice.setEnabled(live)
        self.acknowledge_button.setEnabled(live and alert.state == "raised")
        self.action_button.setEnabled(live and alert.state != "resolved")

    def _acknowledge(self) -> None:
        alert = self.current_alert()
        if alert is not None and self.as_of is None:
            self.acknowledgeRequested.emit(alert.id)

    def _act(self) -> None:
        alert = self.current_alert()
        if alert is None or self.as_of is not None:
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

    def show_queue(self, items: list, names: dict[str, str], metric_names: dict[str, str],
                   as_of: dt.datetime | None = None) -> None:
        """Today's queue, or with ``as_of`` what was to do at that moment."""
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
        if as_of is None:
            self.heading.setText(self.tr("What must I do now ({count})").format(
                count=len(items)))
        else:
            self.heading.setText(self.tr("What was to do as of {day} ({count})").format(
                day=day_text(as_of), count=len(items)))

    def show_loading(self) -> None:
        self.model.set_rows([], [])
        self.heading.setText(self.tr("What must I do now"))


class HistoryLoader(QObject):
    """The alert lifecycle history of a loaded review (``ReviewData.history``), read on
    the document's worker thread the first time a past month is shown; ``ready`` when it
    is there or could not be read (``problem``)."""

    ready = Signal()

    def __init__(self, document: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.asked: Any = None  # the review whose history is being read
        self.problem = ""

    def history_for(self, data: Any) -> Any:
        """``data``'s history, or None while it is being read (started here)."""
        if data.history is not None:
            return data.history
        workspace = self.document.workspace
        if self.asked is data or workspace is None:
            return None
        self.asked, self.problem = data, ""

        def work():
            from desktop.services.review_asof import load_history

            return load_history(workspace, data)

        def done(history) -> None:
            if self.asked is data:
                data.history, self.asked = history, None
                self.ready.emit()

        def failed(exc: BaseException) -> None:
            if self.asked is data:
                self.problem = problem_text(exc)
                self.ready.emit()

        self.document.run(work, done, failed)
        return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
