"""The Review tab of the main window. It stays an empty widget until first shown: the
review page brings pyqtgraph and numpy, which start-up must not pay for. While the tab is
current, the org dock and the inspector step aside (the page has its own unit tree) and
come back as they were when another tab is chosen."""

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget


class ReviewTab(QWidget):
    def __init__(self, window: QMainWindow, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.setObjectName("reviewTab")
        self.window_ = window
        self.document = window.document
        self.page: Any = None  # desktop.widgets.review_page.ReviewPage, built on first show
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._docks: list[tuple[QWidget, bool]] = []
        tabs.addTab(self, "")
        tabs.currentChanged.connect(self._tab_changed)
        self.document.opened.connect(self._workspace_changed)
        self.document.saved.connect(self._workspace_changed)
        self.document.published.connect(self._workspace_changed)

    def ensure_page(self) -> Any:
        if self.page is None:
            from desktop.document_review import prefetch

            prefetch(self.document)  # the first review is read while the page's modules load
            from desktop.widgets.review_page import ReviewPage

            self.page = ReviewPage(self.document, self)
            self._layout.addWidget(self.page)
            self.page.reload()
        return self.page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_page()

    def _workspace_changed(self, *_args) -> None:
        if self.page is not None:
            self.page.reload()

    def _tab_changed(self, index: int) -> None:
        tabs = self.parentWidget()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parentWidget()
        current = tabs is not None and tabs.widget(index) is self
        window = self.window_
        if current and not self._docks:
            docks = [window.org_dock, window.cascade.inspector, window.cascade.toolbar]
            self._docks = [(dock, dock.isVisible()) for dock in docks]
            for dock in docks:
                dock.hide()
        elif not current and self._docks:
            for dock, visible in self._docks:
                dock.setVisible(visible)
            self._docks = []
