"""Closing the window with unsaved designer edits: Save / Discard / Cancel, driven
through the window-modal box's own buttons (it is opened with ``open()``, so nothing
blocks)."""

import sqlite3

from PySide6.QtWidgets import QMessageBox

from desktop.services.design import recovery_path
from tests.gui.designer_helpers import regions, select


def _edit(designer) -> None:
    page = designer.cascade.page
    select(designer, regions(designer.document.design)[0])
    page.add_actions["team"].trigger()
    assert designer.document.is_dirty


def _click(box: QMessageBox, which: QMessageBox.StandardButton) -> None:
    box.button(which).click()


def test_close_when_clean_closes_at_once(designer):
    designer.close()
    assert not designer.isVisible() and designer.cascade.save_prompt is None


def test_cancel_keeps_the_window_and_the_edits(qtbot, designer):
    _edit(designer)
    designer.close()
    box = designer.cascade.save_prompt
    assert designer.isVisible() and box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Save)
    _click(box, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: designer.cascade.save_prompt is None)
    assert designer.isVisible() and designer.document.is_dirty


def _nodes(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("select count(*) from target_node").fetchone()[0]


def test_save_writes_then_closes(qtbot, designer, demo_path):
    before = _nodes(demo_path)
    _edit(designer)
    designer.close()
    _click(designer.cascade.save_prompt, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: not designer.isVisible(), timeout=20_000)
    assert _nodes(demo_path) == before + 1


def test_discard_closes_without_saving_or_recovery(qtbot, designer, demo_path):
    before = _nodes(demo_path)
    _edit(designer)
    designer.close()
    _click(designer.cascade.save_prompt, QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: not designer.isVisible())
    assert _nodes(demo_path) == before
    assert not recovery_path(demo_path).exists()
