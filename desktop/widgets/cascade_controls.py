"""The cascade designer in the main window: the Designer tab, the inspector and what-if
docks, the Cascade menu and toolbar, File ▸ Save, and the document's save, publish and
recovery outcomes (messages and dialogs are window-modal and opened with ``open()``)."""

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabWidget, QToolBar

from desktop.widgets.designer import DesignerPage
from desktop.widgets.inspector import InspectorDock


class CascadeControls(QObject):
    def __init__(self, window: QMainWindow, tabs: QTabWidget) -> None:
        super().__init__(window)
        self.window, self.tabs = window, tabs
        document = self.document = window.document
        self.design = document.design
        self.page = DesignerPage(document, window)
        tabs.addTab(self.page, "")
        self.inspector = InspectorDock(document, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.what_if_dock = None  # built on first use (start-up pays only for the canvas)
        self.publish_dialog = None
        self.recovery_box: QMessageBox | None = None
        self.provenance = None

        keys = QKeySequence.StandardKey
        self.save_action = QAction(window)
        self.save_action.setShortcuts(keys.Save)
        self.save_action.triggered.connect(lambda _checked=False: document.save())
        self.save_action.setEnabled(False)
        self.what_if_action = QAction(window)
        self.what_if_action.setCheckable(True)
        self.what_if_action.setShortcut(QKeySequence("Ctrl+D"))
        self.what_if_action.toggled.connect(self.set_what_if)
        self.publish_action = QAction(window)
        self.publish_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.publish_action.triggered.connect(self.ask_publish)
        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("designerToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        page = self.page
        for action in (self.save_action, None, page.layout_down_action,
                       page.layout_right_action, page.fit_action, None, self.what_if_action,
                       self.publish_action):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        page.scene.nodeSelected.connect(self.inspector.show_node)
        self.inspector.whyRequested.connect(self.show_provenance)
        document.designLoaded.connect(self._design_loaded)
        document.dirtyChanged.connect(lambda dirty: self.save_action.setEnabled(dirty))
        document.saved.connect(self._saved)
        document.published.connect(self._published)
        document.jobFailed.connect(self._job_failed)
        document.recoveryFound.connect(self.offer_recovery)
        document.busy.connect(lambda _path, _job: self._enable(False))
        self._enable(False)

    def build_menus(self, file_menu, save_as_action, edit_menu, view_menu) -> None:
        file_menu.insertAction(save_as_action, self.save_action)
        page = self.page
        edit_menu.addSeparator()
        for action in page.add_actions.values():
            edit_menu.addAction(action)
        edit_menu.addAction(page.detach_action)
        edit_menu.addAction(page.delete_action)
        view_menu.addSeparator()
        for action in page.canvas_actions():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.inspector.toggleViewAction())
        self.cascade_menu = QMenu(self.window)
        self.window.menuBar().insertMenu(view_menu.menuAction(), self.cascade_menu)
        self.cascade_menu.addAction(self.what_if_action)
        self.cascade_menu.addAction(self.publish_action)
        self.cascade_menu.addSeparator()
        self.cascade_menu.addAction(page.layout_down_action)
        self.cascade_menu.addAction(page.layout_right_action)

    def retranslate(self) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.page), self.tr("Designer"))
        self.save_action.setText(self.tr("&Save"))
        self.save_action.setStatusTip(self.tr("Write the cascade's changes to the workspace"))
        self.what_if_action.setText(self.tr("&What-if"))
        self.what_if_action.setStatusTip(self.tr("Compare the cascade with the published "
                                                 "version before publishing"))
        self.publish_action.setText(self.tr("&Publish…"))
        self.toolbar.setWindowTitle(self.tr("Designer"))
        self.cascade_menu.setTitle(self.tr("&Cascade"))

    # --- document outcomes ----------------------------------------------------------
    def _enable(self, on: bool) -> None:
        for action in (self.what_if_action, self.publish_action):
            action.setEnabled(on)

    def _design_loaded(self) -> None:
        has = self.design.context is not None
        self._enable(has)
        self.what_if_action.setChecked(False)
        if has:
            self.tabs.setCurrentWidget(self.page)

    def _saved(self, report) -> None:
        changes = sum(report.inserted.values()) + sum(report.updated.values()) + sum(
            report.deleted.values())
        self.window.status.showMessage(
            self.tr("Saved: {count} change(s) written to the workspace.").format(
                count=changes), 8000)
        self.window.refresh_summary()

    def _published(self, version) -> None:
        self.window.status.showMessage(
            self.tr("Published version {number}.").format(number=version.number), 8000)
        self.window.refresh_summary()

    def _job_failed(self, job: str, exc: BaseException) -> None:
        texts = {"save": self.tr("Could not save the cascade."),
                 "publish": self.tr("Could not publish the cascade."),
                 "design": self.tr("Could not load the cascade."),
                 "recover": self.tr("The autosaved changes could not be read."),
                 "autosave": self.tr("Could not write the recovery file.")}
        self.window.show_error(texts.get(job, job), exc)

    def offer_recovery(self, recovery) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "TargetFlow",
                          self.tr("This cascade has changes that were not saved when "
                                  "TargetFlow last closed."),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("recoveryBox")
        box.setInformativeText(self.tr("Autosaved at {time}. Recover them? (You can undo "
                                       "the recovery, or save to keep it.)").format(
            time=recovery.saved_at.replace("T", " ")))
        recover = box.addButton(self.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.document.recover(recovery)
                                  if button is recover else self.document.discard_recovery())
        box.destroyed.connect(lambda: setattr(self, "recovery_box", None))
        self.recovery_box = box
        box.open()

    # --- what-if and publish --------------------------------------------------------
    def set_what_if(self, on: bool) -> None:
        if self.design.context is None:
            return
        if self.what_if_dock is None:
            from desktop.widgets.what_if import WhatIfDock

            self.what_if_dock = WhatIfDock(self.document, self.window)
            self.what_if_dock.publish_button.clicked.connect(self.ask_publish)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea,
                                      self.what_if_dock)
        self.design.set_what_if(on)
        self.what_if_dock.setVisible(on)
        if on:
            self.window.resizeDocks([self.what_if_dock], [240], Qt.Orientation.Vertical)

    def ask_publish(self) -> None:
        if self.design.context is None:
            return
        from desktop.widgets.what_if import PublishDialog

        rows = [r for r in self.design.what_if_rows() if r.quantity == "target"]
        moved = {r.unit for r in rows if r.old != r.new and r.old == r.old}
        changes = self.tr("{count} unit(s) get new targets.").format(count=len(moved))
        dialog = PublishDialog(changes, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.document.publish(dialog.note.toPlainText()))
        dialog.destroyed.connect(lambda: setattr(self, "publish_dialog", None))
        self.publish_dialog = dialog
        dialog.open()

    def show_provenance(self, node_id: str, metric_id: str) -> None:
        from desktop.widgets.what_if import ProvenanceDialog

        design = self.design
        metric = next(m for m in design.context.metrics if m.id == metric_id)
        unit = design.unit_of(node_id)
        lines = design.explain(node_id, metric_id).lines()
        if self.provenance is not None:
            self.provenance.close()
        dialog = ProvenanceDialog(self.tr("{unit} — {metric}").format(unit=unit.name,
                                                                        metric=metric.name),
                                  lines, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "provenance", None))
        self.provenance = dialog
        dialog.show()
