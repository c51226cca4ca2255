"""The import wizard's working pages: mapping, validation report, preview, import.

Each page starts its work on the document's worker pool when it is shown and is complete
when the answer has arrived (and says so); the exchange code is imported inside the jobs,
so opening the wizard does not pay for pandas on the GUI thread.
"""

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from desktop.document import problem_text
from desktop.widgets.exchange_text import ExchangeText


def _message(exc: BaseException) -> str:
    from desktop.exchange.report import ExchangeError, ImportCancelled, ImportRefused

    if isinstance(exc, ExchangeError | ImportCancelled | ImportRefused):
        return str(exc)
    return problem_text(exc)


class _WorkPage(QWizardPage):
    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.ready = False
        self.status = QLabel(self)
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def isComplete(self) -> bool:
        return self.ready

    def set_ready(self, ready: bool, text: str, problem: bool = False) -> None:
        self.ready = ready
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if problem else "")
        self.completeChanged.emit()

    def cancelled(self, exc: BaseException) -> bool:
        """A cancel asked for while this page worked: close the wizard."""
        from desktop.exchange.report import ImportCancelled

        if isinstance(exc, ImportCancelled) and self.wizard_.cancel_flag.is_set():
            self.wizard_.cancel_flag.clear()
            self.wizard_.close_after_cancel()
            return True
        return False


class MappingPage(_WorkPage):
    """Which column holds which field: suggested from the header, editable, savable."""

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.setObjectName("mappingPage")
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("mappingTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.date_label = QLabel(self)
        self.date_combo = QComboBox(self)
        self.date_combo.setObjectName("dateCombo")
        self.date_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveMappingButton")
        self.save_button.clicked.connect(self._save_clicked)
        row = QHBoxLayout()
        row.addWidget(self.date_label)
        row.addWidget(self.date_combo)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.retranslate()

    def field_label(self, field: str) -> str:
        labels = {
            "unit": self.tr("Unit"), "metric": self.tr("Metric"), "day": self.tr("Date"),
            "value": self.tr("Value"), "denominator": self.tr("Denominator"),
            "code": self.tr("Unit code"), "parent": self.tr("Parent unit"),
            "name": self.tr("Name"), "kind": self.tr("Kind"), "manager": self.tr("Manager"),
            "headcount": self.tr("Headcount"), "ended": self.tr("End date"),
            "period": self.tr("Period"), "year": self.tr("Year"),
            "quarter": self.tr("Quarter"), "crm_id": self.tr("Opportunity ID"),
            "owner": self.tr("Owner"), "product_line": self.tr("Product line"),
            "stage": self.tr("Stage"), "probability": self.tr("Probability"),
            "amount": self.tr("Amount"), "created": self.tr("Created on"),
            "close": self.tr("Close date"), "is_won": self.tr("Won"),
            "is_closed": self.tr("Closed")}
        return labels.get(field, field)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Fields marked * are required. Ambiguous dates (3/4/2025) "
                                 "need a date format."))
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Column of the file")])
        self.date_label.setText(self.tr("Date format:"))
        self.save_button.setText(self.tr("Save Mapping…"))

    def initializePage(self) -> None:
        w = self.wizard_
        self.table.setRowCount(0)
        self.set_ready(False, self.tr("Reading {name}…").format(name=w.path.name))
        kind, path, saved = w.kind, w.path, getattr(w, "saved_mapping", None)

        def work():
            from desktop.exchange import mapping as m
            from desktop.exchange.tables import read_table

            base = m.load(saved, kind) if saved else None
            start = base or m.ColumnMapping(kind)
            table = read_table(path, encoding=start.encoding, delimiter=start.delimiter,
                               sheet=start.sheet)
            return table.header, m.merged(m.suggest(kind, table.header), base), m.SYNONYMS[
                kind], m.REQUIRED[kind], m.DATE_FORMATS

        w.start_job(work, self._shown, self._failed)

    def _shown(self, result) -> None:
        header, mapping, synonyms, required, date_formats = result
        w = self.wizard_
        w.header, w.mapping = header, mapping
        fields = list(synonyms)
        self.table.setRowCount(len(fields))
        for i, field in enumerate(fields):
            item = QTableWidgetItem(self.field_label(field)
                                    + (" *" if field in required else ""))
            item.setToolTip(field)
            item.setData(Qt.ItemDataRole.UserRole, field)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(i, 0, item)
            combo = QComboBox(self.table)
            combo.addItem(self.tr("(not in the file)"), "")
            for h in header:
                combo.addItem(h, h)
            chosen = mapping.columns.get(field)
            if isinstance(chosen, str) and chosen in header:
                combo.setCurrentIndex(header.index(chosen) + 1)
            self.table.setCellWidget(i, 1, combo)
        self.date_combo.clear()
        for f in date_formats:
            self.date_combo.addItem(self.tr("automatic") if f == "auto" else f, f)
        self.date_combo.setCurrentIndex(max(0, self.date_combo.findData(mapping.date_format)))
        self.set_ready(True, self.tr("{count} columns in {name}. Check the matches below.")
                       .format(count=len(header), name=w.path.name))

    def _failed(self, exc: BaseException) -> None:
        if not self.cancelled(exc):
            self.set_ready(False, self.tr("This file cannot be imported: {problem}")
                           .format(problem=_message(exc)), problem=True)

    def chosen_mapping(self):
        """The mapping as edited on this page."""
        w = self.wizard_
        columns = {}
        for i in range(self.table.rowCount()):
            field = self.table.item(i, 0).data(Qt.ItemDataRole.UserRole)
            header = self.table.cellWidget(i, 1).currentData()
            if header:
                columns[field] = header
            elif isinstance(w.mapping.columns.get(field), list):
                columns[field] = w.mapping.columns[field]  # several columns: keep them
        return dataclasses.replace(w.mapping, columns=columns,
                                   date_format=self.date_combo.currentData() or "auto")

    def validatePage(self) -> bool:
        self.wizard_.mapping = self.chosen_mapping()
        return True

    def _save_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save Mapping"),
                                              str(self.wizard_.path.with_suffix(".json")),
                                              self.tr("Mappings (*.json)"))
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        mapping = self.chosen_mapping()
        self.wizard_.start_job(lambda: mapping.save(path),
                               lambda _: self.status.setText(
                                   self.tr("Mapping saved as {name}.").format(name=path.name)),
                               self._failed)


class ValidationPage(_WorkPage):
    """Every problem of the file, by file, row and column (a dry run: nothing written)."""

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.setObjectName("validationPage")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("problemTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Check the file"))
        self.setSubTitle(self.tr("Every row is checked before anything is written."))
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Row"),
                                              self.tr("Column"), self.tr("Problem")])

    def initializePage(self) -> None:
        w = self.wizard_
        self.table.setRowCount(0)
        self.set_ready(False, self.tr("Checking every row of {name}…").format(
            name=w.path.name))
        ws, kind, path, mapping, flag = (w.document.workspace, w.kind, w.path, w.mapping,
                                         w.cancel_flag)

        def work():
            from desktop.exchange.importer import run_import

            return run_import(ws, kind, path, mapping, dry_run=True, cancel=flag)

        w.start_job(work, self._checked, self._failed)

    def _checked(self, report) -> None:
        self.wizard_.report = report
        words = ExchangeText(self)  # problems in the user's language
        issues = sorted([*report.errors, *report.warnings],
                        key=lambda i: (i.row is None, i.row or 0, i.column or ""))
        self.table.setRowCount(len(issues))
        for i, issue in enumerate(issues):
            values = (issue.file, "" if issue.row is None else str(issue.row),
                      issue.column or "", words.issue(issue))
            for col, text in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if report.ok:
            self.set_ready(True, self.tr("No problems in {rows} rows.").format(
                rows=report.rows) if not report.warnings else self.tr(
                "{rows} rows can be imported; see the notes below.").format(rows=report.rows))
        else:
            self.set_ready(False, self.tr("Refused: {count} problem(s). Nothing will be "
                                          "imported; correct the file or the mapping.")
                           .format(count=report.error_total), problem=True)

    def _failed(self, exc: BaseException) -> None:
        if not self.cancelled(exc):
            self.set_ready(False, _message(exc), problem=True)


class PreviewPage(_WorkPage):
    """What the import would change: counts and examples from the dry run."""

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.setObjectName("previewPage")
        self.setCommitPage(True)
        self.examples = QListWidget(self)
        self.examples.setObjectName("exampleList")
        self.examples_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.examples_label)
        layout.addWidget(self.examples, 1)
        layout.addStretch(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Preview the changes"))
        self.setSubTitle(self.tr("Import writes all of this in one step, or nothing."))
        self.examples_label.setText(self.tr("Values that change (examples):"))

    def initializePage(self) -> None:
        r = self.wizard_.report
        self.examples.clear()
        self.examples.addItems(r.changes)
        self.examples.setVisible(bool(r.changes))
        self.examples_label.setVisible(bool(r.changes))
        if r.added or r.changed:
            text = self.tr("{added} new, {changed} changed, {unchanged} unchanged "
                           "(of {rows} rows).").format(added=r.added, changed=r.changed,
                                                       unchanged=r.unchanged, rows=r.rows)
        else:
            text = self.tr("Nothing to change: the workspace already holds all {count} "
                           "rows.").format(count=r.unchanged)
        self.set_ready(True, text)


class ImportPage(_WorkPage):
    """The import itself, with progress and Cancel; the workspace reloads after it."""

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importPage")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.stage = QLabel(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelImportButton")
        self.cancel_button.clicked.connect(wizard.reject)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.stage)
        layout.addWidget(self.status)
        layout.addStretch(1)
        wizard.progress.moved.connect(self._moved)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("The workspace changes only when the whole file is in."))
        self.cancel_button.setText(self.tr("Cancel Import"))

    def initializePage(self) -> None:
        w = self.wizard_
        w.cancel_flag.clear()
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.set_ready(False, self.tr("Importing {name}…").format(name=w.path.name))
        ws, kind, path, mapping, flag = (w.document.workspace, w.kind, w.path, w.mapping,
                                         w.cancel_flag)
        moved = w.progress.moved

        def work():
            from desktop.exchange.importer import run_import

            return run_import(ws, kind, path, mapping, progress=moved.emit, cancel=flag)

        w.start_job(work, self._done, self._failed)

    def _moved(self, stage: str, fraction: float) -> None:
        self.bar.setValue(round(fraction * 100))
        self.stage.setText(stage)

    def show_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelling…"))

    def _done(self, report) -> None:
        self.cancel_button.setEnabled(False)
        self.bar.setValue(100)
        self.set_ready(True, self.tr("Imported {rows} rows: {added} new, {changed} changed."
                                     ).format(rows=report.rows, added=report.added,
                                              changed=report.changed))
        self.wizard_.imported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        from desktop.exchange.report import ImportCancelled

        self.cancel_button.setEnabled(False)
        self.wizard_.cancel_flag.clear()
        if isinstance(exc, ImportCancelled):
            self.set_ready(True, self.tr("Cancelled. Nothing was imported; the workspace is "
                                         "as it was."))
        else:
            self.set_ready(True, self.tr("The import failed and nothing was changed: "
                                         "{problem}").format(problem=_message(exc)),
                           problem=True)
