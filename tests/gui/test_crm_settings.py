"""File ▸ Salesforce Connection…: settings saved in the workspace and secrets in the
keyring (a memory stand-in here), "Test connection" and "Sync now" against the local fake
Salesforce on 127.0.0.1, run on the worker pool while the window stays responsive."""

import json
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))
from fake_salesforce import FakeSalesforce, fixture

from desktop.exchange import salesforce_sync
from desktop.exchange.salesforce_client import SalesforceError

QUERY = "/services/data/v60.0/query"
QUERY_ALL = "/services/data/v60.0/queryAll"
SERVICE = salesforce_sync.KEYRING_SERVICE


class MemoryKeyring:
    def __init__(self):
        self.secrets = {}

    def get_password(self, service, user):
        return self.secrets.get((service, user))

    def set_password(self, service, user, value):
        self.secrets[(service, user)] = value


@pytest.fixture
def sf():
    with FakeSalesforce() as server:
        yield server


@pytest.fixture
def keyring(monkeypatch):
    store = MemoryKeyring()
    monkeypatch.setattr(salesforce_sync, "keyring_store", lambda: store)
    return store


@pytest.fixture
def no_keyring(monkeypatch):
    def missing():
        raise SalesforceError("the 'keyring' package is not installed")

    monkeypatch.setattr(salesforce_sync, "keyring_store", missing)


def _open(qtbot, window, workspace_path, open_in):
    open_in(window, workspace_path)
    action = window.exchange.crm_action
    assert action.isEnabled() and action in window.file_menu.actions()
    action.trigger()
    dialog = window.exchange.crm_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _fill(dialog, url, client_id="cid", secret=""):
    dialog.url_edit.setText(url)
    dialog.client_edit.setText(client_id)
    dialog.secret_edit.setText(secret)


def _meta(path, name):
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM workspace_meta WHERE name = ?",
                           (name,)).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_save_keeps_settings_in_the_workspace_and_the_secret_in_the_keyring(
        qtbot, window, workspace_path, open_in, keyring):
    dialog = _open(qtbot, window, workspace_path, open_in)
    assert "keyring" in dialog.keyring_note.text() and "cannot" not in dialog.keyring_note.text()
    assert dialog.url_edit.text() == "https://login.salesforce.com"
    assert not dialog.refresh_edit.isEnabled()  # client credentials by default
    _fill(dialog, "https://example.my.salesforce.com", secret="top-secret-value")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "Saved.", timeout=10_000)
    assert keyring.secrets == {(SERVICE, "cid"): "top-secret-value"}
    assert dialog.secret_edit.text() == ""  # kept by the keyring, not by the dialog
    saved = json.loads(_meta(workspace_path, salesforce_sync.SETTINGS_META))
    assert saved == {"login_url": "https://example.my.salesforce.com", "client_id": "cid",
                     "flow": "client_credentials"}
    assert b"top-secret-value" not in _bytes(workspace_path)


def test_without_a_keyring_the_secret_is_not_stored_but_used_for_the_test(
        qtbot, window, workspace_path, open_in, no_keyring, sf):
    dialog = _open(qtbot, window, workspace_path, open_in)
    assert "cannot be stored" in dialog.keyring_note.text()
    _fill(dialog, sf.url, secret="typed-secret")
    sf.token()
    sf.add("GET", QUERY, 200, {"totalSize": 3, "done": True, "records": []})
    # hold the worker: the click returns at once and the dialog shows it is busy
    gate = threading.Event()
    window.document.run(lambda: gate.wait(10), lambda _: None, lambda _: None)
    dialog.test_button.click()
    assert dialog.running and not dialog.test_button.isEnabled()
    assert not dialog.sync_button.isEnabled() and dialog.bar.isVisible()
    assert dialog.status.text() == "Signing in…"
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.status.text() == (f"Connected to {sf.url}. 3 opportunities are visible.")
    assert "client_secret=typed-secret" in sf.requests[0]["body"]
    assert "COUNT()" in sf.requests[1]["path"]
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "Saved.", timeout=10_000)
    assert dialog.secret_edit.text() == "typed-secret"  # nowhere else to keep it
    assert b"typed-secret" not in _bytes(workspace_path)


def test_a_refused_login_is_reported_and_the_buttons_come_back(
        qtbot, window, workspace_path, open_in, keyring, sf):
    dialog = _open(qtbot, window, workspace_path, open_in)
    _fill(dialog, sf.url, secret="wrong")
    sf.token("auth_error_response", status=400)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.status.text().startswith("Failed: login refused")
    assert "wrong" not in dialog.status.text()
    assert dialog.test_button.isEnabled() and dialog.sync_button.isEnabled()
    dialog.client_edit.setText("")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "client id" in dialog.status.text()


def _opportunity(i, stage, amount, won, closed, prob, stamp, owner="005A"):
    return {"attributes": {"type": "Opportunity"}, "Id": f"006{i}", "Name": f"Deal {i}",
            "StageName": stage, "Amount": amount, "Probability": prob,
            "CloseDate": "2025-06-30", "CreatedDate": "2025-04-01T09:00:00.000+0000",
            "IsClosed": closed, "IsWon": won, "IsDeleted": False, "OwnerId": owner,
            "LastModifiedDate": stamp, "SystemModstamp": stamp}


def test_sync_now_with_progress_then_the_workspace_reloads(
        qtbot, window, workspace_path, open_in, keyring, sf):
    keyring.set_password(SERVICE, "cid", "s3cret")
    dialog = _open(qtbot, window, workspace_path, open_in)
    _fill(dialog, sf.url)
    sf.token()
    sf.add("GET", QUERY_ALL, 200, {"totalSize": 2, "done": True, "records": [
        _opportunity(1, "Closed Won", 5000.0, True, True, 100, "2025-05-02T10:00:00.000+0000"),
        _opportunity(2, "Prospecting", 800.0, False, False, 10,
                     "2025-05-01T10:00:00.000+0000")]})
    sf.add("GET", QUERY, 200, {"totalSize": 1, "done": True, "records": [
        {"attributes": {"type": "User"}, "Id": "005A", "Name": "Rep R1T1-1",
         "Email": "r1t1p1@example.com"}]})
    stages = []
    dialog.progress.moved.connect(lambda stage, _f: stages.append(stage))
    with qtbot.waitSignal(window.document.opened, timeout=20_000):  # the reload
        dialog.sync_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    text = dialog.status.text()
    assert ("Sync finished: 2 opportunities fetched; 2 deals created, 0 updated, 1 closed. "
            "Watermark: 2025-05-02T10:00:00Z.") in text
    assert {"login", "fetch", "owners", "write", "done"} <= set(stages)
    assert _meta(workspace_path, salesforce_sync.WATERMARK_META) == "2025-05-02T10:00:00Z"
    assert "client_secret=s3cret" in sf.requests[0]["body"]
    assert b"s3cret" not in _bytes(workspace_path)
    # the same again changes nothing and asks from the watermark on
    sf.token()
    sf.add("GET", QUERY_ALL, 200, fixture("sobject_query_empty_response"))
    dialog.sync_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "0 deals created, 0 updated, 0 closed" in dialog.status.text()
    assert "SystemModstamp+%3E+2025-05-02T10%3A00%3A00Z" in sf.requests[-1]["path"]
    dialog.close_button.click()
    qtbot.waitUntil(lambda: window.exchange.crm_dialog is None, timeout=5_000)
