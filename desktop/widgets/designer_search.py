"""The designer's search box: type part of a unit's name or code, pick it from the
completer (or press Enter on a unique match) and the page jumps to its card. The list
of units is rebuilt only when the box is used after the cascade changed."""

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class UnitSearch(QLineEdit):
    found = Signal(str)  # the node id of the unit chosen
    notFound = Signal(str)  # the text that matched no unit

    def __init__(self, design, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitSearch")
        self.design = design
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(240)
        self.setMaximumWidth(300)
        self._entries: dict[str, str] = {}  # completer text -> node id
        self._stale = True
        self.model = QStringListModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        self.completer_.activated.connect(self._chosen)
        self.returnPressed.connect(lambda: self._chosen(self.text()))
        for signal in (design.loaded, design.nodeAdded, design.nodeRemoved,
                       design.nodeChanged):
            signal.connect(self._mark_stale)

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Find a unit (name or code)…"))
        self.setToolTip(self.tr("Jump to a unit by its name or code (Ctrl+F)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _mark_stale(self, *_args) -> None:
        self._stale = True

    def refresh(self) -> None:
        """The completer's list from the cascade (when it changed since last time)."""
        if not self._stale:
            return
        self._stale = False
        design, entries = self.design, {}
        if design.context is not None:
            for node_id, node in design.cascade.nodes.items():
                unit = design.context.units[node.unit_id]
                entries[f"{unit.name} · {unit.code}"] = node_id
        self._entries = entries
        self.model.setStringList(sorted(entries, key=str.casefold))

    def focusInEvent(self, event) -> None:
        self.refresh()
        super().focusInEvent(event)

    def keyPressEvent(self, event) -> None:
        self.refresh()
        super().keyPressEvent(event)

    def match(self, text: str) -> str | None:
        """The node for a completer entry, an exact code or name, or the one entry
        that contains the text."""
        self.refresh()
        text = text.strip()
        if not text:
            return None
        if text in self._entries:
            return self._entries[text]
        folded = text.casefold()
        exact = [n for entry, n in self._entries.items()
                 if folded in {part.casefold() for part in entry.rsplit(" · ", 1)}]
        if len(exact) == 1:
            return exact[0]
        partial = [n for entry, n in self._entries.items() if folded in entry.casefold()]
        return partial[0] if len(partial) == 1 else None

    def _chosen(self, text: str) -> None:
        node_id = self.match(text)
        if node_id is None:
            if text.strip():
                self.notFound.emit(text.strip())
            return
        self.found.emit(node_id)
