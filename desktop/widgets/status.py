"""The status bar: what the open workspace holds, and which file it is."""

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

# Table name -> label, in the order the status bar shows them.
STATUS_COUNTS = ("org_unit", "metric", "cascade", "actual")


_COUNT_LABELS = {
    "org_unit": QT_TRANSLATE_NOOP("Counts", "Org units"),
    "metric": QT_TRANSLATE_NOOP("Counts", "Metrics"),
    "period": QT_TRANSLATE_NOOP("Counts", "Periods"),
    "objective": QT_TRANSLATE_NOOP("Counts", "Objectives"),
    "cascade": QT_TRANSLATE_NOOP("Counts", "Cascades"),
    "target_node": QT_TRANSLATE_NOOP("Counts", "Target nodes"),
    "cascade_version": QT_TRANSLATE_NOOP("Counts", "Versions"),
    "acknowledgement": QT_TRANSLATE_NOOP("Counts", "Acknowledgements"),
    "actual": QT_TRANSLATE_NOOP("Counts", "Actuals"),
    "opportunity": QT_TRANSLATE_NOOP("Counts", "Opportunities"),
    "incentive_spend": QT_TRANSLATE_NOOP("Counts", "Incentive payments"),
    "change_log": QT_TRANSLATE_NOOP("Counts", "Logged changes"),
}


def count_label(entity: str) -> str:
    """The plural name of an entity in the UI language."""
    text = _COUNT_LABELS.get(entity)
    return entity if text is None else QCoreApplication.translate("Counts", text)


class WorkspaceStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("statusCounts")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("statusFile")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addPermanentWidget(self.counts_label)
        self.addPermanentWidget(self.file_label)
        self._counts: dict[str, int] = {}
        self._path: Path | None = None

    def show_workspace(self, path: Path | None, counts: dict[str, int]) -> None:
        self._path, self._counts = path, dict(counts)
        self.retranslate()

    def retranslate(self) -> None:
        locale = QLocale()
        parts = [f"{count_label(e)} {locale.toString(self._counts[e])}"
                 for e in STATUS_COUNTS if e in self._counts]
        self.counts_label.setText("  ·  ".join(parts))
        if self._path is None:
            self.file_label.setText(self.tr("No workspace"))
            self.file_label.setToolTip("")
        else:
            self.file_label.setText(str(self._path))
            self.file_label.setToolTip(str(self._path))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
