"""File ▸ Import…, Export… and Salesforce Connection…: the main window's doors to
desktop/exchange.

The import wizard and the export run their work on the document's worker pool; after an
import the document reopens the workspace, so every view shows the new rows.
"""

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from desktop.document import WorkspaceDocument

EXPORT_KINDS = ("targets", "actuals", "alerts", "health", "case-figures")


class ExchangeControls(QObject):
    def __init__(self, window: QMainWindow, document: WorkspaceDocument) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.wizard = None
        self.crm_dialog = None
        self.import_action = QAction(window)
        self.import_action.setObjectName("importAction")
        self.import_action.triggered.connect(self.show_import)
        self.export_action = QAction(window)
        self.export_action.setObjectName("exportAction")
        self.export_action.triggered.connect(self.show_export)
        self.crm_action = QAction(window)
        self.crm_action.setObjectName("crmSettingsAction")
        self.crm_action.triggered.connect(self.show_crm_settings)
        document.opened.connect(self._enable)
        document.busy.connect(lambda *_: self._enable())
        window.installEventFilter(self)
        self._enable()
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def build_menu(self, file_menu: QMenu, before: QAction) -> None:
        """Put Import…, Export… and Salesforce Connection… into the File menu above
        ``before``."""
        file_menu.insertAction(before, self.import_action)
        file_menu.insertAction(before, self.export_action)
        file_menu.insertAction(before, self.crm_action)
        file_menu.insertSeparator(before)

    def retranslate(self) -> None:
        self.import_action.setText(self.tr("&Import…"))
        self.import_action.setStatusTip(self.tr("Import org units, targets, actuals, deals "
                                                "or spend from CSV or Excel"))
        self.export_action.setText(self.tr("E&xport…"))
        self.export_action.setStatusTip(self.tr("Export targets, actuals, alerts, health or "
                                                "case figures to CSV or Excel"))
        self.crm_action.setText(self.tr("Sales&force Connection…"))
        self.crm_action.setStatusTip(self.tr("Set up the Salesforce connector, test it and "
                                             "fetch changed opportunities"))

    def _enable(self) -> None:
        has = self.document.workspace is not None
        self.import_action.setEnabled(has)
        self.export_action.setEnabled(has)
        self.crm_action.setEnabled(has)

    # --- import ---------------------------------------------------------------------
    def show_import(self) -> None:
        if self.document.workspace is None:
            return
        if self.document.is_dirty:
            QMessageBox.information(self.window, self.tr("Import"), self.tr(
                "Save or discard the cascade edits first: the workspace reloads after an "
                "import."))
            return
        from desktop.widgets.import_wizard import ImportWizard  # built on first use

        self.wizard = ImportWizard(self.document, self.window)
        self.wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.wizard.imported.connect(self._imported)
        self.wizard.destroyed.connect(self._wizard_gone)
        self.wizard.open()

    def _wizard_gone(self) -> None:
        self.wizard = None
        self.crm_dialog = None

    def _imported(self, report) -> None:
        if report.written and self.document.path is not None:
            self.document.open(self.document.path)  # reload: every view shows the rows

    # --- Salesforce -------------------------------------------------------------------
    def show_crm_settings(self) -> None:
        if self.document.workspace is None:
            return
        from desktop.widgets.crm_settings import CrmSettingsDialog  # built on first use

        self.crm_dialog = CrmSettingsDialog(self.document, self.window)
        self.crm_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.crm_dialog.synced.connect(self._synced)
        self.crm_dialog.destroyed.connect(self._crm_gone)
        self.crm_dialog.open()

    def _crm_gone(self) -> None:
        self.crm_dialog = None

    def _synced(self, _result) -> None:
        if self.document.path is not None and not self.document.is_dirty:
            self.document.open(self.document.path)  # reload: every view shows the deals

    # --- export ---------------------------------------------------------------------
    def show_export(self) -> None:
        if self.document.workspace is None:
            return
        dialog = ExportDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.export)
        dialog.open()

    def export(self, kind: str, out: Path) -> None:
        ws = self.document.workspace

        def work():
            from desktop.exchange.export import export

            return export(ws, kind, out)

        def done(rows: int) -> None:
            self.window.statusBar().showMessage(
                self.tr("Wrote {name}: {rows} rows.").format(name=out.name, rows=rows), 8000)

        def failed(exc: BaseException) -> None:
            self.window.show_error(self.tr("Could not export to “{name}”.").format(
                name=out.name), exc)

        self.document.run(work, done, failed)


class ExportDialog(QDialog):
    chosen = Signal(str, Path)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("exportKind")
        for kind in EXPORT_KINDS:
            self.kind_combo.addItem("", kind)
        self.kind_label = QLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        self.setWindowTitle(self.tr("Export"))
        self.kind_label.setText(self.tr("&Export:"))
        self.kind_label.setBuddy(self.kind_combo)
        names = (self.tr("Targets per unit (latest published version)"), self.tr("Actuals"),
                 self.tr("Alerts"), self.tr("Health index"), self.tr("Case figures"))
        for i, name in enumerate(names):
            self.kind_combo.setItemText(i, name)

    def _save(self) -> None:
        kind = self.kind_combo.currentData()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export To"), f"{kind}.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if name:
            self.choose(kind, Path(name))

    def choose(self, kind: str, out: Path) -> None:
        self.chosen.emit(kind, out)
        self.accept()
