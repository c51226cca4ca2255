"""The org tree dock: a QTreeView over the workspace's org units.

The model reads the store's parallel columns through the document's ``OrgOutline``
(children and row per unit, indexed off the GUI thread). It creates no object per unit:
a QModelIndex carries the unit's row number in the columns as its internal id, so a tree
of 100 000 units costs what the view shows, not what the file holds.
"""

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeView, QWidget

from desktop.canvas.unit_kinds import kind_label
from desktop.document import OrgOutline

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as a default argument

NAME, KIND, CODE, MANAGER, HEADCOUNT = range(5)


# Marked for lupdate here, translated when shown (so a language switch applies).
_HEADERS = (QT_TRANSLATE_NOOP("OrgTreeModel", "Name"), QT_TRANSLATE_NOOP("OrgTreeModel", "Kind"),
            QT_TRANSLATE_NOOP("OrgTreeModel", "Code"),
            QT_TRANSLATE_NOOP("OrgTreeModel", "Manager"),
            QT_TRANSLATE_NOOP("OrgTreeModel", "Headcount"))


def _headers() -> list[str]:
    return [QCoreApplication.translate("OrgTreeModel", text) for text in _HEADERS]


class OrgTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outline = OrgOutline.build(_Empty())
        self._headers = _headers()
        self._kinds: dict[str, str] = {}

    def set_outline(self, outline: OrgOutline) -> None:
        self.beginResetModel()
        self._outline = outline
        self.endResetModel()

    def retranslate(self) -> None:
        self._headers = _headers()
        self._kinds.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, HEADCOUNT)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, HEADCOUNT)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    def unit_at(self, index: _Index) -> int:
        """The unit's row in the org columns (-1 for the invisible root)."""
        return index.internalId() if index.isValid() else -1

    # --- QAbstractItemModel ---------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        siblings = self._siblings(parent)
        if not (0 <= row < len(siblings) and 0 <= column <= HEADCOUNT):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: _Index = _ROOT) -> Any:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._outline.columns.parent_index[index.internalId()]
        if parent < 0:
            return QModelIndex()
        return self.createIndex(self._outline.row[parent], 0, parent)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._siblings(parent))

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return HEADCOUNT + 1

    def hasChildren(self, parent: _Index = _ROOT) -> bool:
        return self.rowCount(parent) > 0

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit, column = index.internalId(), index.column()
        cols = self._outline.columns
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return cols.name[unit]
            if column == KIND:
                kind = cols.kind[unit]
                if kind not in self._kinds:
                    self._kinds[kind] = kind_label(kind)
                return self._kinds[kind]
            if column == CODE:
                return cols.code[unit]
            if column == MANAGER:
                return cols.manager[unit]
            return cols.headcount[unit]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == HEADCOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return f"{cols.name[unit]} ({cols.code[unit]})"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if (orientation == Qt.Orientation.Horizontal and section == HEADCOUNT
                and role == Qt.ItemDataRole.TextAlignmentRole):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _siblings(self, parent: _Index) -> list[int]:
        if not parent.isValid():
            return self._outline.roots
        return self._outline.children[parent.internalId()]


class _Empty:
    """Org columns of a workspace with no units (before one is open)."""

    parent_index: list[int] = []  # noqa: RUF012 - read-only stand-in

    def __len__(self) -> int:
        return 0


class OrgTreeDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orgTreeDock")  # saveState() needs a stable name
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.model = OrgTreeModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("orgTree")
        self.view.setModel(self.model)
        # Uniform rows let the view skip measuring each row: essential at 100 000 units.
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAllColumnsShowFocus(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((KIND, 64), (CODE, 100), (MANAGER, 112), (HEADCOUNT, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.setWidget(self.view)
        self.retranslate()

    def show_outline(self, outline: OrgOutline) -> None:
        self.model.set_outline(outline)
        # Show the company and its regions; deeper levels open on demand.
        for row in range(self.model.rowCount()):
            self.view.expand(self.model.index(row, 0))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Organisation"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
