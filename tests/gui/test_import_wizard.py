"""File ▸ Import…: the wizard driven offscreen through every page — a good file imported
and the workspace reloaded, a refused file, an unreadable one, a cancelled import."""

import json
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

CSV = ("unit,metric,date,value\nR1T1P1,collections,2025-04-07,1200\n"
       "R1T1P2,collections,2025-04-07,800\n")


def _counts(path):
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM actual").fetchone()[0],
                conn.execute("SELECT count(*) FROM change_log").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def wizard(qtbot, window, workspace_path, open_in):
    open_in(window, workspace_path)
    assert window.exchange.import_action.isEnabled()
    window.exchange.import_action.trigger()
    wiz = window.exchange.wizard
    assert wiz is not None and wiz.isVisible()
    return wiz


def _to_mapping(qtbot, wiz, path, kind="actuals"):
    page = wiz.choose_page
    page.file_edit.setText(str(path))
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
    wiz.next()
    assert wiz.currentPage() is wiz.mapping_page
    qtbot.waitUntil(lambda: wiz.mapping_page.isComplete()
                    or "cannot" in wiz.mapping_page.status.text(), timeout=20_000)


def _column_of(page, field):
    for i in range(page.table.rowCount()):
        if page.table.item(i, 0).data(Qt.ItemDataRole.UserRole) == field:
            return page.table.cellWidget(i, 1).currentData()
    raise KeyError(field)


def test_good_file_through_every_page_then_reload(qtbot, window, wizard, tmp_path,
                                                  workspace_path):
    data = tmp_path / "actuals.csv"
    data.write_text(CSV, encoding="utf-8")
    _to_mapping(qtbot, wizard, data)
    page = wizard.mapping_page
    assert [_column_of(page, f) for f in ("unit", "metric", "day", "value")] == [
        "unit", "metric", "date", "value"]
    assert page.table.item(0, 0).text() == "Unit *"
    saved = tmp_path / "map.json"
    page.save_to(saved)
    qtbot.waitUntil(saved.exists, timeout=10_000)
    assert json.loads(saved.read_text(encoding="utf-8"))["columns"]["day"] == "date"

    wizard.next()
    validation = wizard.validation_page
    qtbot.waitUntil(validation.isComplete, timeout=20_000)
    assert validation.table.rowCount() == 0
    assert "No problems in 2 rows" in validation.status.text()

    wizard.next()
    preview = wizard.preview_page
    assert wizard.currentPage() is preview and preview.isCommitPage()
    assert "2 new, 0 changed" in preview.status.text()
    assert preview.examples.count() == 0 or preview.examples.count() <= 2
    assert _counts(workspace_path)[0] == 0  # the dry run wrote nothing

    with qtbot.waitSignal(window.document.opened, timeout=20_000):  # the reload
        wizard.next()
        qtbot.waitUntil(wizard.import_page.isComplete, timeout=20_000)
    assert "Imported 2 rows: 2 new" in wizard.import_page.status.text()
    assert wizard.import_page.bar.value() == 100
    assert _counts(workspace_path)[0] == 2
    assert window.document.summary.counts["actual"] == 2
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_refused_file_reports_rows_and_columns_and_cannot_go_on(qtbot, wizard, tmp_path,
                                                                workspace_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,metric,date,value\nR1T1P1,collections,2025-04-07,12x\n"
                   "NOBODY,collections,2025-04-08,5\n", encoding="utf-8")
    before = _counts(workspace_path)
    _to_mapping(qtbot, wizard, bad)
    wizard.next()
    page = wizard.validation_page
    qtbot.waitUntil(lambda: "Refused" in page.status.text(), timeout=20_000)
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    rows = {(page.table.item(i, 0).text(), page.table.item(i, 1).text(),
             page.table.item(i, 2).text()) for i in range(page.table.rowCount())}
    assert ("bad.csv", "2", "value") in rows and ("bad.csv", "3", "unit") in rows
    assert _counts(workspace_path) == before


def test_unreadable_file_is_refused_on_the_mapping_page(qtbot, wizard, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01 this is not a workbook")
    _to_mapping(qtbot, wizard, junk)
    page = wizard.mapping_page
    assert not page.isComplete()
    assert "junk.xlsx" in page.status.text() and "cannot be imported" in page.status.text()


def test_cancelled_import_leaves_the_workspace_unchanged(qtbot, window, wizard, tmp_path,
                                                         workspace_path):
    data = tmp_path / "actuals.csv"
    data.write_text(CSV, encoding="utf-8")
    before = _counts(workspace_path)
    _to_mapping(qtbot, wizard, data)
    wizard.next()
    qtbot.waitUntil(wizard.validation_page.isComplete, timeout=20_000)
    wizard.next()
    # hold the worker so the import is queued when Cancel is pressed: deterministic
    gate = threading.Event()
    window.document.run(lambda: gate.wait(10), lambda _: None, lambda _: None)
    wizard.next()
    page = wizard.import_page
    assert wizard.currentPage() is page and not page.isComplete()
    page.cancel_button.click()
    assert wizard.isVisible()  # the dialog waits for the job to stop
    assert page.status.text() == "Cancelling…"
    gate.set()
    qtbot.waitUntil(page.isComplete, timeout=20_000)
    assert "Cancelled. Nothing was imported" in page.status.text()
    assert _counts(workspace_path) == before


def test_file_export_runs_on_the_worker_and_writes_the_file(qtbot, window, workspace_path,
                                                            open_in, tmp_path):
    from desktop.widgets.exchange_controls import ExportDialog

    open_in(window, workspace_path)
    assert window.exchange.export_action.isEnabled()
    out = tmp_path / "actuals.csv"
    dialog = ExportDialog(window)
    dialog.chosen.connect(window.exchange.export)
    dialog.choose("actuals", out)
    qtbot.waitUntil(lambda: "Wrote actuals.csv" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert out.read_text(encoding="utf-8-sig").startswith("unit,metric,date,value")
