"""A file that cannot be opened shows a message naming the file and the problem, and the
workspace open before stays open and untouched."""

import shutil
import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox


def _not_a_workspace(tmp_path, _good):
    path = tmp_path / "notes.tfw"
    path.write_text("just some notes\n", encoding="utf-8")
    return path, "not a TargetFlow workspace"


def _newer(tmp_path, good):
    path = tmp_path / "future.tfw"
    shutil.copy(good, path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    return path, "newer TargetFlow"


def _corrupt(tmp_path, good):
    path = tmp_path / "damaged.tfw"
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # wreck every page after the second
        data[offset:offset + 512] = b"\xa5" * 512
    path.write_bytes(bytes(data))
    return path, "damaged"


def _missing(tmp_path, _good):
    return tmp_path / "gone.tfw", "no such file"


@pytest.mark.parametrize("make_bad", [_not_a_workspace, _newer, _corrupt, _missing],
                         ids=["text-file", "newer", "corrupt", "missing"])
def test_bad_file_shows_error_and_keeps_workspace(qtbot, window, workspace_path, tmp_path,
                                                  open_in, make_bad):
    open_in(window, workspace_path)
    bad, problem = make_bad(tmp_path, workspace_path)
    before = bad.read_bytes() if bad.exists() else None
    with qtbot.waitSignal(window.document.failed, timeout=20_000):
        window.document.open(bad)
    box = window.error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert bad.name in box.text()
    assert str(bad) in box.informativeText()
    assert problem in box.informativeText()
    # The workspace open before is still the one shown, and the bad file is untouched.
    assert window.document.path == workspace_path
    assert window.windowTitle() == "testco[*] — TargetFlow"
    assert window.summary.currentWidget() is window.summary.summary_page
    assert window.org_dock.model.rowCount() == 1
    assert (bad.read_bytes() if bad.exists() else None) == before
    box.close()
    qtbot.waitUntil(lambda: window.error_box is None)


def test_error_with_nothing_open_returns_to_start_page(qtbot, window, tmp_path):
    bad, _ = _not_a_workspace(tmp_path, None)
    with qtbot.waitSignal(window.document.failed, timeout=20_000):
        window.document.open(bad)
    assert window.summary.currentWidget() is window.summary.start_page
    assert window.windowTitle() == "TargetFlow"
    assert window.error_box is not None
    window.error_box.close()
