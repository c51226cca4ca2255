"""The cascade designer in the main window: the Designer tab, the inspector and what-if
docks, the Cascade menu and toolbar, File ▸ Save, and the document's save, publish and
recovery outcomes (messages and dialogs are window-modal and opened with ``open()``).

Start-up builds only the menus, the toolbar and an empty tab: the designer page (canvas,
items, minimap) and the inspector are imported and built after the first paint, when a
workspace opens, the tab is first shown, or anything asks for ``page``/``inspector``."""

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabWidget, QToolBar, QWidget

from desktop.widgets.designer_actions import DesignerActions

INSPECTOR_WIDTH = 360


class CascadeControls(QObject):
    def __init__(self, window: QMainWindow, tabs: QTabWidget) -> None:
        super().__init__(window)
        self.window, self.tabs = window, tabs
        document = self.document = window.document
        self.design = document.design
        self._page: Any = None  # desktop.widgets.designer.DesignerPage, built on demand
        self._inspector: Any = None  # desktop.widgets.inspector.InspectorDock
        self._inspector_width: int | None = None
        self.actions = DesignerActions(window, lambda: self.page)
        self.tab = QWidget()  # holds the Designer tab's place until the page is built
        self.tab.setObjectName("designerTab")
        tabs.addTab(self.tab, "")
        tabs.currentChanged.connect(self._tab_changed)
        self.what_if_dock = None  # built on first use (start-up pays only for the canvas)
        self.publish_dialog = None
        self.recovery_box: QMessageBox | None = None
        self.save_prompt: QMessageBox | None = None
        self._close_anyway = False
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
        page = self.actions
        for action in (self.save_action, None, page.layout_down_action,
                       page.layout_right_action, page.fit_action, None, self.what_if_action,
                       self.publish_action):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        document.opened.connect(self.build)
        document.designLoaded.connect(self._design_loaded)
        document.dirtyChanged.connect(lambda dirty: self.save_action.setEnabled(dirty))
        document.saved.connect(self._saved)
        document.published.connect(self._published)
        document.jobFailed.connect(self._job_failed)
        document.recoveryFound.connect(self.offer_recovery)
        document.busy.connect(lambda _path, _job: self._enable(False))
        self._enable(False)

    # --- the page and the inspector, built on demand -------------------------------
    @property
    def page(self) -> Any:
        if self._page is None:
            self.build()
        return self._page

    @property
    def inspector(self) -> Any:
        if self._inspector is None:
            self.build()
        return self._inspector

    @property
    def built(self) -> bool:
        return self._page is not None

    def build(self) -> None:
        if self._page is not None:
            return
        from desktop.widgets.designer import DesignerPage
        from desktop.widgets.inspector import InspectorDock

        window, tabs = self.window, self.tabs
        page = self._page = DesignerPage(self.document, self.actions, window)
        # The page takes the placeholder's tab, silently: the current tab stays current.
        index, current = tabs.indexOf(self.tab), tabs.currentWidget() is self.tab
        blocked = tabs.blockSignals(True)
        try:
            tabs.insertTab(index, page, tabs.tabText(index))
            tabs.removeTab(index + 1)
            if current:
                tabs.setCurrentWidget(page)
        finally:
            tabs.blockSignals(blocked)
        self.tab.deleteLater()
        self.tab = page
        inspector = self._inspector = InspectorDock(self.document, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, inspector)
        # where the last session left it (restoreDockWidget also restores a state
        # saved without it, as hidden: a dock added to a shown window starts hidden)
        window.restoreDockWidget(inspector)
        inspector.show()
        if self._inspector_width is not None:
            window.resizeDocks([inspector], [self._inspector_width],
                               Qt.Orientation.Horizontal)
        self._view_menu.insertAction(self._inspector_slot, inspector.toggleViewAction())
        page.scene.nodeSelected.connect(inspector.show_node)
        inspector.whyRequested.connect(self.show_provenance)

    def size_docks(self) -> None:
        """The default width of the inspector (now, or when it is built)."""
        self._inspector_width = INSPECTOR_WIDTH
        if self._inspector is not None:
            self.window.resizeDocks([self._inspector], [INSPECTOR_WIDTH],
                                    Qt.Orientation.Horizontal)

    def _tab_changed(self, index: int) -> None:
        if self._page is None and self.tabs.widget(index) is self.tab:
            self.build()

    def build_menus(self, file_menu, save_as_action, edit_menu, view_menu) -> None:
        file_menu.insertAction(save_as_action, self.save_action)
        page = self.actions
        edit_menu.addSeparator()
        edit_menu.addAction(page.find_action)
        edit_menu.addAction(page.copy_action)
        edit_menu.addAction(page.paste_action)
        edit_menu.addSeparator()
        for action in page.add_actions.values():
            edit_menu.addAction(action)
        edit_menu.addAction(page.detach_action)
        edit_menu.addAction(page.delete_action)
        view_menu.addSeparator()
        for action in page.canvas_actions():
            view_menu.addAction(action)
        view_menu.addSeparator()
        # the inspector's toggle goes here once the inspector exists
        self._view_menu = view_menu
        self._inspector_slot = QAction(self.window)
        self._inspector_slot.setVisible(False)
        view_menu.addAction(self._inspector_slot)
        self.cascade_menu = QMenu(self.window)
        self.window.menuBar().insertMenu(view_menu.menuAction(), self.cascade_menu)
        self.cascade_menu.addAction(self.what_if_action)
        self.cascade_menu.addAction(self.publish_action)
        self.cascade_menu.addSeparator()
        self.cascade_menu.addAction(page.layout_down_action)
        self.cascade_menu.addAction(page.layout_right_action)
        self.arrange_menu = self.cascade_menu.addMenu("")
        for action in page.arrange_actions():
            if action is None:
                self.arrange_menu.addSeparator()
            else:
                self.arrange_menu.addAction(action)

    def retranslate(self) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.tab), self.tr("Designer"))
        self.actions.retranslate()
        self.save_action.setText(self.tr("&Save"))
        self.save_action.setStatusTip(self.tr("Write the cascade's changes to the workspace"))
        self.what_if_action.setText(self.tr("&What-if"))
        self.what_if_action.setStatusTip(self.tr("Compare the cascade with the published "
                                                 "version before publishing"))
        self.publish_action.setText(self.tr("&Publish…"))
        self.toolbar.setWindowTitle(self.tr("Designer"))
        self.cascade_menu.setTitle(self.tr("&Cascade"))
        self.arrange_menu.setTitle(self.tr("&Arrange"))

    # --- document outcomes ----------------------------------------------------------
    def _enable(self, on: bool) -> None:
        for action in (self.what_if_action, self.publish_action):
            action.setEnabled(on)

    def _design_loaded(self) -> None:
        has = self.design.context is not None
        self._enable(has)
        self.what_if_action.setChecked(False)
        if has:
            self.tabs.setCurrentWidget(self.page)  # builds it if nothing did yet

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

    # --- closing with unsaved edits ----------------------------------------------
    def may_close(self) -> bool:
        """Whether the window may close now. With unsaved edits it may not: a
        window-modal Save / Discard / Cancel box opens instead, and closes the window
        again once the edits are saved or discarded."""
        if self._close_anyway or not self.document.is_dirty:
            return True
        if self.save_prompt is None:
            self.ask_save()
        return False

    def ask_save(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "TargetFlow",
                          self.tr("Save the changes to the cascade before closing?"),
                          QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("savePrompt")
        box.setInformativeText(self.tr("If you discard them, the unsaved changes are "
                                       "lost."))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._save_answer(box.standardButton(button)))
        box.destroyed.connect(lambda: setattr(self, "save_prompt", None))
        self.save_prompt = box
        box.open()

    def _save_answer(self, answer: QMessageBox.StandardButton) -> None:
        buttons = QMessageBox.StandardButton
        if answer == buttons.Save:
            # closes once written; a failed save shows its error and the window stays
            self.document.save(then=self._close_if_clean)
        elif answer == buttons.Discard:
            self._close_anyway = True
            # clean: closing then writes no recovery file (and removes an older one)
            self.document.undo_stack.setClean()
            self.window.close()

    def _close_if_clean(self) -> None:
        if not self.document.is_dirty:
            self.window.close()

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
