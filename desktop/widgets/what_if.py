"""What-if: the cascade as edited against the published version (a sortable table; the
canvas colours the changed cards), then Publish with a note. Also the provenance dialog
("why?") for one unit and metric."""

import math

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.document import WorkspaceDocument

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
UNIT, NAME, METRIC, QUANTITY, OLD, NEW, DELTA, CHANGE = range(8)


class WhatIfModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []
        self.names: dict[str, str] = {}
        self.headers: list[str] = []

    def set_rows(self, rows: list, names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.names = rows, names
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 8

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if section < len(self.headers) else None
        return None

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            return _sort_value(row, column, self.names)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= OLD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in (DELTA, CHANGE):
            return QColor("#1e8e4e") if row.delta > 0 else QColor("#c46a12")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == UNIT:
            return row.unit
        if column == NAME:
            return self.names.get(row.unit, "")
        if column == METRIC:
            return row.metric
        if column == QUANTITY:
            return (QCoreApplication.translate("WhatIfDock", "weight")
                    if row.quantity == "weight"
                    else QCoreApplication.translate("WhatIfDock", "target"))
        value = {OLD: row.old, NEW: row.new, DELTA: row.delta}.get(column)
        if column == CHANGE:
            change = row.change
            return "—" if math.isnan(change) else f"{change * 100:+.2f}%"
        if row.quantity == "weight":
            return "—" if math.isnan(value) else f"{value:+.4f}" if column == DELTA \
                else f"{value:.4f}"
        return "—" if math.isnan(value) else f"{value:+,.2f}" if column == DELTA \
            else f"{value:,.2f}"


def _sort_value(row, column: int, names: dict[str, str]):
    if column == UNIT:
        return row.unit
    if column == NAME:
        return names.get(row.unit, "")
    if column == METRIC:
        return row.metric
    if column == QUANTITY:
        return row.quantity
    value = {OLD: row.old, NEW: row.new, DELTA: row.delta, CHANGE: row.change}[column]
    return -math.inf if math.isnan(value) else value


class WhatIfDock(QDockWidget):
    """Shown while what-if is on; lists what would change if the cascade were
    published now."""

    def __init__(self, document: WorkspaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatIfDock")
        self.document, self.design = document, document.design
        self.model = WhatIfModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setObjectName("whatIfTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CHANGE, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("whatIfSummary")
        self.changed_only = QCheckBox()
        self.changed_only.setChecked(True)
        self.publish_button = QPushButton()
        self.publish_button.setObjectName("publishButton")
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.changed_only)
        bar.addWidget(self.publish_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # typing in a field recomputes often: refresh once
        self._timer.timeout.connect(self.refresh)
        self.changed_only.toggled.connect(self.refresh)
        self.design.numbersChanged.connect(self._numbers_changed)
        self.design.loaded.connect(self._numbers_changed)
        self.design.whatIfChanged.connect(lambda _on: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("What-if: changes against the published version"))
        self.changed_only.setText(self.tr("Changed only"))
        self.publish_button.setText(self.tr("Publish…"))
        self.model.headers = [self.tr("Code"), self.tr("Unit"), self.tr("Metric"),
                              self.tr("Quantity"), self.tr("Published"), self.tr("Now"),
                              self.tr("Change"), self.tr("Change %")]
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 7)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _numbers_changed(self, *_args) -> None:
        if self.design.what_if:
            self._timer.start()

    def refresh(self) -> None:
        design = self.design
        if not design.what_if or design.context is None:
            self.model.set_rows([], {})
            return
        rows = design.what_if_rows()
        changed = [r for r in rows if _moved(r)]
        units = {u.code for u in (design.context.units[uid] for uid in
                                  (n.unit_id for n in design.cascade.nodes.values()))}
        names = {u.code: u.name for u in design.context.units.values() if u.code in units}
        moved_units = len({r.unit for r in changed})
        self.summary.setText(self.tr("{units} units change ({rows} figures).").format(
            units=moved_units, rows=len(changed)) if changed else
            self.tr("Nothing changes against the published version."))
        self.model.set_rows(changed if self.changed_only.isChecked() else rows, names)
        self.table.resizeColumnsToContents()


def _moved(row) -> bool:
    if math.isnan(row.old) != math.isnan(row.new):
        return True
    return not math.isnan(row.old) and abs(row.delta) > 1e-9 * max(1.0, abs(row.old))


class PublishDialog(QDialog):
    """Asks for the version note; accepted → the document saves and publishes."""

    def __init__(self, changes: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self.setWindowTitle(self.tr("Publish the cascade"))
        self.intro = QLabel(self.tr("Publishing freezes the cascade as a new version; each "
                                    "unit then acknowledges it. Unsaved edits are saved "
                                    "first.") + "\n\n" + changes)
        self.intro.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("publishNote")
        self.note.setPlaceholderText(self.tr("What changed and why (shown to every unit)"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.publish = buttons.addButton(self.tr("Publish"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(QLabel(self.tr("Note")))
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(460, 300)


class ProvenanceDialog(QDialog):
    """How one weight and target were built (engine.provenance), as plain text."""

    def __init__(self, title: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provenanceDialog")
        self.setWindowTitle(self.tr("Why this number?"))
        heading = QLabel(title)
        heading.setObjectName("sectionHeading")
        heading.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 360)
