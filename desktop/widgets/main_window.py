"""The main window: File menu, the org tree dock, the workspace overview and the cascade
designer (tabs), the inspector, the status bar.

It shows a ``WorkspaceDocument`` and asks it for file work; it never touches the store.
Errors from the document appear in a window-modal message box opened with ``open()``
(not ``exec()``), so the event loop keeps running and tests can read and close it.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QWidget,
)

from desktop.document import WorkspaceDocument, problem_text
from desktop.widgets import recent_files
from desktop.widgets.cascade_controls import CascadeControls
from desktop.widgets.exchange_controls import ExchangeControls
from desktop.widgets.org_tree import OrgTreeDock
from desktop.widgets.review_tab import ReviewTab
from desktop.widgets.status import WorkspaceStatusBar
from desktop.widgets.summary_panel import SummaryPanel

SUFFIX = ".tfw"


class MainWindow(QMainWindow):
    firstPainted = Signal()  # once, after the window's first paint (start-up continues)

    def __init__(self, document: WorkspaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.document = document
        self.error_box: QMessageBox | None = None
        self._painted = False
        self._busy_path: Path | None = None
        self._busy_job = ""
        self.remember_layout = True  # off for `targetflow shot`: a render is not a session

        self.summary = SummaryPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("centralTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.summary, "")
        self.setCentralWidget(self.tabs)
        self.org_dock = OrgTreeDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.org_dock)
        self.status = WorkspaceStatusBar(self)
        self.setStatusBar(self.status)
        # a large cascade opens in stages: what is still on its way, while the user looks
        self.loading_label = QLabel(self.status)
        self.loading_label.setObjectName("statusLoading")
        self.loading_bar = QProgressBar(self.status)
        self.loading_bar.setObjectName("statusLoadingBar")
        self.loading_bar.setRange(0, 0)  # busy: the stages report no fraction
        self.loading_bar.setMaximumWidth(120)
        self.loading_bar.setMaximumHeight(12)
        self.loading_bar.setTextVisible(False)
        self.status.insertPermanentWidget(0, self.loading_bar)
        self.status.insertPermanentWidget(0, self.loading_label)
        self._show_loading()
        self.cascade = CascadeControls(self, self.tabs)
        self.review = ReviewTab(self, self.tabs)
        self._build_actions()
        self._build_menus()
        self.exchange = ExchangeControls(self, document)  # File ▸ Import…, Export…
        self.exchange.build_menu(self.file_menu, self.preferences_action)

        document.busy.connect(self._on_busy)
        document.opened.connect(self._on_opened)
        document.failed.connect(self._on_failed)
        document.cascadeShown.connect(self._on_cascade_shown)
        document.design.figuresShown.connect(self._show_loading)
        document.designLoaded.connect(self._show_loading)
        document.jobFailed.connect(lambda _job, _exc: self._show_loading())
        document.summaryChanged.connect(self._on_summary_changed)
        document.dirtyChanged.connect(self.setWindowModified)
        self.summary.newRequested.connect(self.new_workspace)
        self.summary.openRequested.connect(self.open_workspace)

        self._restore_layout()
        self.retranslate()
        self.summary.show_start()
        self.status.show_workspace(None, {})

    # --- construction ---------------------------------------------------------------
    def _action(self, shortcut: QKeySequence.StandardKey | str | None, slot) -> QAction:
        action = QAction(self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(keys.New, self.new_workspace)
        self.open_action = self._action(keys.Open, self.open_workspace)
        self.save_as_action = self._action(keys.SaveAs, self.save_workspace_as)
        self.save_as_action.setEnabled(False)
        # Some platforms define no Preferences key; Ctrl+, is the common convention.
        prefs_key = keys.Preferences if QKeySequence.keyBindings(keys.Preferences) else "Ctrl+,"
        self.preferences_action = self._action(prefs_key, self.show_preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(keys.Quit, self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = self._action(None, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self)
        self.undo_action.setShortcuts(keys.Undo)
        self.redo_action = stack.createRedoAction(self)
        self.redo_action.setShortcuts(keys.Redo)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("recentMenu")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_as_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.file_menu.aboutToShow.connect(self.rebuild_recent_menu)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.org_dock.toggleViewAction())
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)
        self.cascade.build_menus(self.file_menu, self.save_as_action, self.edit_menu,
                                 self.view_menu)
        self.rebuild_recent_menu()

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.new_action.setText(self.tr("&New…"))
        self.new_action.setStatusTip(self.tr("Create an empty workspace"))
        self.open_action.setText(self.tr("&Open…"))
        self.open_action.setStatusTip(self.tr("Open a workspace file"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.save_as_action.setText(self.tr("Save &As…"))
        self.save_as_action.setStatusTip(self.tr("Save a copy of this workspace and "
                                                 "continue in the copy"))
        self.preferences_action.setText(self.tr("&Preferences…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.about_action.setText(self.tr("&About TargetFlow"))
        self.undo_action.setText(self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo"))
        self.tabs.setTabText(self.tabs.indexOf(self.summary), self.tr("Overview"))
        self.tabs.setTabText(self.tabs.indexOf(self.review), self.tr("Review"))
        self.cascade.retranslate()
        self.rebuild_recent_menu()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- File menu ------------------------------------------------------------------
    def _start_dir(self) -> str:
        current = self.document.path or recent_files.last()
        return str(current.parent) if current else str(Path.home())

    def _filter(self) -> str:
        return self.tr("TargetFlow workspaces (*.tfw);;All files (*)")

    def new_workspace(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("New Workspace"), str(Path(self._start_dir()) / f"Untitled{SUFFIX}"),
            self._filter())
        if name:
            self.document.new(_with_suffix(name))

    def open_workspace(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open Workspace"),
                                              self._start_dir(), self._filter())
        if name:
            self.document.open(Path(name))

    def save_workspace_as(self) -> None:
        if self.document.path is None:
            return
        suggestion = self.document.path.with_name(f"{self.document.path.stem} copy{SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save Workspace As"),
                                              str(suggestion), self._filter())
        if name:
            self.document.save_as(_with_suffix(name))

    def rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = recent_files.recent()
        for number, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{number}  {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=path: self.document.open(p))
        if paths:
            menu.addSeparator()
            menu.addAction(self.tr("&Clear Menu"), self._clear_recent)
        menu.setEnabled(bool(paths))

    def _clear_recent(self) -> None:
        recent_files.clear()
        self.rebuild_recent_menu()

    def show_preferences(self) -> None:
        from desktop.widgets.preferences import PreferencesDialog  # loaded on first use

        dialog = PreferencesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from desktop import __version__

        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("About TargetFlow"),
                          self.tr("<b>TargetFlow {version}</b><br>Dynamic target cascading: "
                                  "from strategy to every region, team and person, offline "
                                  "first.").format(version=__version__),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- document events ------------------------------------------------------------
    def _on_busy(self, path: Path, job: str) -> None:
        self._busy_path, self._busy_job = path, job
        self.save_as_action.setEnabled(False)
        self.summary.show_busy(path.name)
        self.status.showMessage(self.tr("Working on {name}…").format(name=path.name))
        self._update_title()

    def _on_opened(self) -> None:
        self._busy_path, self._busy_job = None, ""
        summary = self.document.summary
        assert summary is not None
        self.summary.show_summary(summary)
        self.org_dock.show_outline(summary.org)
        self.status.show_workspace(summary.path, summary.counts)
        self.status.clearMessage()
        self.save_as_action.setEnabled(True)
        recent_files.remember(summary.path)
        self.rebuild_recent_menu()
        self._update_title()

    def _on_cascade_shown(self) -> None:
        self._show_loading()
        if self.document.design.context is not None:
            self.tabs.setCurrentWidget(self.cascade.page)  # its cards, at once

    def _show_loading(self) -> None:
        """The stage a large cascade is at, in the status bar (nothing when editable)."""
        from desktop.document_cascade_load import CARDS, FIGURES

        design = self.document.design
        stage = design.stage if design.context is not None else ""
        loading = self.document.design_loading and stage in (CARDS, FIGURES)
        if stage == CARDS:
            self.loading_label.setText(self.tr("Computing the targets of {count} units…")
                                       .format(count=f"{design.outline.total:,}"))
        elif stage == FIGURES:
            self.loading_label.setText(self.tr("Loading for editing…"))
        self.loading_label.setToolTip(self.tr(
            "The cascade is shown while it loads; editing, what-if and publishing are "
            "enabled once it is loaded."))
        self.loading_label.setVisible(loading)
        self.loading_bar.setVisible(loading)

    def _on_summary_changed(self) -> None:
        """A large workspace's org tree and row counts, loaded after its cards."""
        summary = self.document.summary
        if summary is None:
            return
        self.refresh_summary()
        self.org_dock.show_outline(summary.org)
        if self.review.page is not None:
            self.review.page.reload()  # its unit tree was empty until now

    def refresh_summary(self) -> None:
        """After a save or publish: the counts changed."""
        summary = self.document.summary
        if summary is not None:
            self.summary.show_summary(summary)
            self.status.show_workspace(summary.path, summary.counts)

    def _on_failed(self, path: Path, exc: BaseException) -> None:
        job, self._busy_path, self._busy_job = self._busy_job, None, ""

        self.status.clearMessage()
        if self.document.summary is not None:
            self.summary.show_summary(self.document.summary)
            self.save_as_action.setEnabled(True)
        else:
            self.summary.show_start()
        self._update_title()
        self.show_error(self._failure_text(job, path), exc)

    def _failure_text(self, job: str, path: Path) -> str:
        if job == "new":
            return self.tr("Could not create the workspace “{name}”.").format(name=path.name)
        if job == "save_as":
            return self.tr("Could not save a copy as “{name}”.").format(name=path.name)
        if job == "demo":
            return self.tr("Could not create the demo workspace “{name}”.").format(
                name=path.name)
        return self.tr("Could not open the workspace “{name}”.").format(name=path.name)

    def show_error(self, text: str, exc: BaseException) -> None:
        """A window-modal, non-blocking message box: the text says what failed, the
        detail names the file and the problem."""
        detail = problem_text(exc)
        if self.error_box is not None:
            self.error_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, "TargetFlow", text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorBox")
        box.setInformativeText(detail)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._error_box_gone)
        self.error_box = box
        box.open()

    def _error_box_gone(self) -> None:
        self.error_box = None

    def _update_title(self) -> None:
        path = self.document.path or self._busy_path
        self.setWindowTitle(f"{path.stem}[*] — TargetFlow" if path else "TargetFlow")
        self.setWindowModified(self.document.is_dirty)

    # --- life cycle -----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.firstPainted.emit)

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
        else:
            self.reset_layout()

    def reset_layout(self) -> None:
        self.resize(1280, 800)
        self.resizeDocks([self.org_dock], [260], Qt.Orientation.Horizontal)
        self.cascade.size_docks()  # the inspector is built after the first paint

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.cascade.may_close():  # unsaved edits: Save / Discard / Cancel first
            event.ignore()
            return
        if self.remember_layout:
            settings = QSettings()
            settings.setValue("window/geometry", self.saveGeometry())
            settings.setValue("window/state", self.saveState())
        self.document.close()
        super().closeEvent(event)


def _with_suffix(name: str) -> Path:
    path = Path(name)
    return path if path.suffix else path.with_suffix(SUFFIX)
