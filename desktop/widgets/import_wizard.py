"""File ▸ Import…: choose a file and what it holds → column mapping → validation report →
preview of the changes → import with progress and Cancel.

Every step that reads the file or the workspace runs on the document's worker pool
(``WorkspaceDocument.run``): the pages show "working…" and enable Next when the answer
arrives, so the window never freezes. The import itself is all-or-nothing
(desktop.exchange.importer); a cancel rolls it back and says that nothing changed.
"""

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.document import WorkspaceDocument
from desktop.widgets.import_wizard_pages import (
    ImportPage,
    MappingPage,
    PreviewPage,
    ValidationPage,
)

KINDS = ("org", "targets", "actuals", "opportunities", "spend")


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (queued signal)."""

    moved = Signal(str, float)


class _Expected:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class ImportWizard(QWizard):
    """Signals ``imported(report)`` after a successful import (the caller reloads)."""

    imported = Signal(object)

    def __init__(self, document: WorkspaceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.document = document
        self.kind = "actuals"
        self.path: Path | None = None
        self.mapping = None  # desktop.exchange.mapping.ColumnMapping
        self.header: list[str] = []
        self.report = None  # the dry run's ImportReport
        self.saved_mapping: Path | None = None
        self.cancel_flag = threading.Event()
        self.progress = _Progress(self)
        self.running = False
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.choose_page = ChooseFilePage(self)
        self.mapping_page = MappingPage(self)
        self.validation_page = ValidationPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        for page in (self.choose_page, self.mapping_page, self.validation_page,
                     self.preview_page, self.import_page):
            self.addPage(page)
        self.setWindowTitle(self.tr("Import Data"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.resize(820, 560)

    def start_job(self, work, done, failed) -> None:
        """Run ``work`` on the document's worker pool (never on the GUI thread)."""
        self.running = True

        def quiet():
            # a refused or cancelled file is an answer, not a bug: no traceback for it
            from desktop.exchange.report import ExchangeError, ImportCancelled, ImportRefused

            try:
                return work()
            except (ExchangeError, ImportCancelled, ImportRefused) as exc:
                return _Expected(exc)

        def finished(value) -> None:
            self.running = False
            if isinstance(value, _Expected):
                failed(value.exc)
            else:
                done(value)

        def crashed(exc: BaseException) -> None:
            self.running = False
            failed(exc)

        self.document.run(quiet, finished, crashed)

    def reject(self) -> None:
        """Cancel while a job runs: ask it to stop; the dialog closes when it has."""
        if self.running:
            self.cancel_flag.set()
            self.import_page.show_cancelling()
            return
        super().reject()

    def close_after_cancel(self) -> None:
        """A job stopped at the user's request before the import page: close."""
        super().reject()


class ChooseFilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setObjectName("choosePage")
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("fileEdit")
        self.file_edit.textChanged.connect(self.completeChanged)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        for kind in KINDS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.setCurrentIndex(KINDS.index("actuals"))
        self.mapping_edit = QLineEdit(self)
        self.mapping_edit.setObjectName("mappingEdit")
        self.mapping_browse = QPushButton(self)
        self.mapping_browse.clicked.connect(self._browse_mapping)
        self.file_label, self.kind_label, self.mapping_label = (QLabel(self) for _ in range(3))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.file_label, _row(self.file_edit, self.browse))
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.mapping_label, _row(self.mapping_edit, self.mapping_browse))
        form.addRow(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(self.tr("A CSV or Excel (.xlsx) file; nothing is written until the "
                                 "last step."))
        self.file_label.setText(self.tr("&File:"))
        self.file_label.setBuddy(self.file_edit)
        self.browse.setText(self.tr("Browse…"))
        self.kind_label.setText(self.tr("&Contains:"))
        self.kind_label.setBuddy(self.kind_combo)
        names = {"org": self.tr("Org units (org chart)"), "targets": self.tr("Targets"),
                 "actuals": self.tr("Actuals"), "opportunities": self.tr("Opportunities (deals)"),
                 "spend": self.tr("Incentive spend")}
        for i, kind in enumerate(KINDS):
            self.kind_combo.setItemText(i, names[kind])
        self.mapping_label.setText(self.tr("Saved &mapping:"))
        self.mapping_label.setBuddy(self.mapping_edit)
        self.mapping_edit.setPlaceholderText(self.tr("optional: a mapping saved earlier"))
        self.mapping_browse.setText(self.tr("Browse…"))
        self.note.setText(self.tr("The columns are matched from the header names (English or "
                                  "Chinese); you can change the match on the next page."))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import File"), self.file_edit.text(),
            self.tr("Tables (*.csv *.txt *.xlsx *.xlsm);;All files (*)"))
        if name:
            self.file_edit.setText(name)

    def _browse_mapping(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Saved Mapping"),
                                              self.mapping_edit.text(),
                                              self.tr("Mappings (*.json);;All files (*)"))
        if name:
            self.mapping_edit.setText(name)

    def isComplete(self) -> bool:
        return bool(self.file_edit.text().strip())

    def validatePage(self) -> bool:
        wizard = self.wizard_
        wizard.path = Path(self.file_edit.text().strip())
        wizard.kind = self.kind_combo.currentData()
        wizard.saved_mapping = (Path(self.mapping_edit.text().strip())
                                if self.mapping_edit.text().strip() else None)
        return True


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
    return holder
