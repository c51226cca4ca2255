"""The central area for now: a summary of the open workspace (name, counts, periods,
objectives), a busy page while a file opens, and a start page when nothing is open.

The cascade designer takes this place in a later issue.
"""

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.document import WorkspaceSummary
from desktop.widgets.status import count_label

# The counts the summary shows, three to a row.
SUMMARY_COUNTS = ("org_unit", "metric", "objective", "cascade", "target_node",
                  "cascade_version", "acknowledgement", "actual", "opportunity",
                  "incentive_spend", "period", "change_log")


def _label(object_name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(object_name)
    return label


class _CountCard(QFrame):
    def __init__(self, entity: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("countCard")
        self.entity = entity
        self.value = _label("countValue", self)
        self.caption = _label("countCaption", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class _SummaryPage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = _label("summaryTitle", self)
        self.path = _label("summaryPath", self)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cards = [_CountCard(entity, self) for entity in SUMMARY_COUNTS]
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, card in enumerate(self.cards):
            grid.addWidget(card, i // 4, i % 4)
        self.periods_heading = _label("sectionHeading", self)
        self.periods = _label("sectionBody", self)
        self.objectives_heading = _label("sectionHeading", self)
        self.objectives = _label("sectionBody", self)
        for body in (self.periods, self.objectives):
            body.setWordWrap(True)
            body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lists = QHBoxLayout()
        lists.setSpacing(32)
        for heading, body in ((self.periods_heading, self.periods),
                              (self.objectives_heading, self.objectives)):
            column = QVBoxLayout()
            column.setSpacing(6)
            column.addWidget(heading)
            column.addWidget(body)
            column.addStretch(1)
            lists.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.path)
        layout.addSpacing(16)
        layout.addLayout(grid)
        layout.addSpacing(20)
        layout.addLayout(lists)
        layout.addStretch(1)


class SummaryPanel(QStackedWidget):
    """Pages: start (nothing open), busy (a file is opening), summary."""

    newRequested = Signal()
    openRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self._summary: WorkspaceSummary | None = None
        self._busy_name = ""

        self.start_page = QWidget(self)
        self.start_title = _label("summaryTitle", self.start_page)
        self.start_hint = _label("summaryPath", self.start_page)
        self.new_button = QPushButton(self.start_page)
        self.open_button = QPushButton(self.start_page)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        start = QVBoxLayout(self.start_page)
        start.setContentsMargins(32, 28, 32, 28)
        start.addWidget(self.start_title)
        start.addWidget(self.start_hint)
        start.addSpacing(12)
        start.addLayout(buttons)
        start.addStretch(1)

        self.busy_page = QWidget(self)
        self.busy_label = _label("summaryPath", self.busy_page)
        progress = QProgressBar(self.busy_page)
        progress.setRange(0, 0)
        progress.setMaximumWidth(320)
        progress.setTextVisible(False)
        busy = QVBoxLayout(self.busy_page)
        busy.addStretch(1)
        busy.addWidget(self.busy_label, 0, Qt.AlignmentFlag.AlignHCenter)
        busy.addWidget(progress, 0, Qt.AlignmentFlag.AlignHCenter)
        busy.addStretch(2)

        self.summary_page = _SummaryPage(self)
        for page in (self.start_page, self.busy_page, self.summary_page):
            self.addWidget(page)
        self.retranslate()

    def show_start(self) -> None:
        self.setCurrentWidget(self.start_page)

    def show_busy(self, file_name: str) -> None:
        self._busy_name = file_name
        self.retranslate()
        self.setCurrentWidget(self.busy_page)

    def show_summary(self, summary: WorkspaceSummary) -> None:
        self._summary = summary
        self.retranslate()
        self.setCurrentWidget(self.summary_page)

    def retranslate(self) -> None:
        self.start_title.setText(self.tr("No workspace is open"))
        self.start_hint.setText(self.tr("Create a new workspace or open an existing one."))
        self.new_button.setText(self.tr("New Workspace…"))
        self.open_button.setText(self.tr("Open Workspace…"))
        self.busy_label.setText(self.tr("Opening {name}…").format(name=self._busy_name))
        page = self.summary_page
        page.periods_heading.setText(self.tr("Periods"))
        page.objectives_heading.setText(self.tr("Objectives"))
        summary = self._summary
        if summary is None:
            return
        locale = QLocale()
        page.title.setText(summary.name)
        page.path.setText(str(summary.path))
        for card in page.cards:
            card.value.setText(locale.toString(summary.counts.get(card.entity, 0)))
            card.caption.setText(count_label(card.entity))
        page.periods.setText("\n".join(
            self.tr("{code}    {start} – {end}    {weeks} weeks").format(
                code=p.code, weeks=p.weeks,
                start=p.start.isoformat(), end=p.end.isoformat())
            for p in summary.periods) or self.tr("No periods yet"))
        page.objectives.setText("\n".join(summary.objectives) or self.tr("No objectives yet"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
