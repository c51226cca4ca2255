"""Sync Now can be cancelled from the dialog (button or Esc) until its write begins: the
sync stops, says nothing was changed, and the dialog is usable again."""

import threading

from PySide6.QtCore import Qt

from desktop.exchange import salesforce_settings
from desktop.exchange.report import ImportCancelled


def _slow_sync(started: threading.Event):
    def sync_now(ws, settings, creds, *, progress=None, cancel=None, client=None):
        progress("fetch", 0.3)
        started.set()
        if not cancel.wait(10):  # a long fetch, until the user cancels
            raise AssertionError("never cancelled")
        raise ImportCancelled("sync cancelled; nothing was changed")
    return sync_now


def _dialog(qtbot, window, workspace_path, open_in, monkeypatch):
    started = threading.Event()
    monkeypatch.setattr(salesforce_settings, "sync_now", _slow_sync(started))
    monkeypatch.setattr(salesforce_settings, "credentials", lambda *a: object())
    open_in(window, workspace_path)
    window.exchange.crm_action.trigger()
    dialog = window.exchange.crm_dialog
    dialog.url_edit.setText("https://login.example")
    dialog.client_edit.setText("cid")
    dialog.secret_edit.setText("s")
    assert not dialog.cancel_button.isVisible()
    dialog.sync_button.click()
    qtbot.waitUntil(started.is_set, timeout=5_000)
    assert dialog.running and dialog.cancel_button.isVisible()
    assert dialog.cancel_button.isEnabled() and not dialog.sync_button.isEnabled()
    return dialog


def test_cancel_button_stops_the_sync(qtbot, window, workspace_path, open_in, monkeypatch):
    dialog = _dialog(qtbot, window, workspace_path, open_in, monkeypatch)
    dialog.cancel_button.click()
    assert not dialog.cancel_button.isEnabled()  # asked once
    qtbot.waitUntil(lambda: not dialog.running, timeout=5_000)
    assert dialog.status.text() == "Sync cancelled; nothing was changed."
    assert not dialog.cancel_button.isVisible() and dialog.sync_button.isEnabled()
    assert dialog.isVisible()


def test_escape_cancels_a_running_sync_before_closing(qtbot, window, workspace_path, open_in,
                                                       monkeypatch):
    dialog = _dialog(qtbot, window, workspace_path, open_in, monkeypatch)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.running, timeout=5_000)
    assert dialog.isVisible() and "cancelled" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # now it closes
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
