"""The main window on a real workspace: org tree, title, status bar, File menu."""

from pathlib import Path

from PySide6.QtGui import QKeySequence, QUndoCommand
from PySide6.QtWidgets import QFileDialog

from desktop.widgets import recent_files


class _Edit(QUndoCommand):
    """A stand-in edit: the dirty flag follows the undo stack, whatever the command."""

    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass


def test_window_shows_workspace(window, workspace_path, open_in):
    open_in(window, workspace_path)
    model = window.org_dock.model
    assert model.rowCount() == 1
    company = model.index(0, 0)
    assert company.data() == "Test Co"
    assert model.index(0, 1).data() == "Company"
    assert model.rowCount(company) == 6
    region = model.index(0, 0, company)
    assert [model.index(0, c, company).data() for c in range(5)] == [
        "Region 1", "Region", "R1", "Manager 1", 1]
    assert model.parent(region) == company
    assert window.org_dock.view.isExpanded(company)
    assert window.summary.currentWidget() is window.summary.summary_page
    assert window.summary.summary_page.title.text() == "Test Co"


def test_title_carries_name_and_unsaved_mark(window, workspace_path, open_in):
    open_in(window, workspace_path)
    assert window.windowTitle() == "testco[*] — TargetFlow"
    assert not window.isWindowModified()
    window.document.undo_stack.push(_Edit("edit"))
    assert window.isWindowModified()
    window.document.undo_stack.setClean()
    assert not window.isWindowModified()


def test_status_bar_shows_counts_and_file(window, workspace_path, open_in):
    assert window.status.file_label.text() == "No workspace"
    open_in(window, workspace_path)
    counts = window.status.counts_label.text()
    assert "Org units 55" in counts and "Metrics 2" in counts and "Cascades 0" in counts
    assert "Actuals 0" in counts
    assert window.status.file_label.text() == str(workspace_path)


def test_file_menu_has_standard_shortcuts(window):
    keys = QKeySequence.StandardKey
    expected = {window.new_action: keys.New, window.open_action: keys.Open,
                window.save_as_action: keys.SaveAs, window.quit_action: keys.Quit}
    menu_actions = window.file_menu.actions()
    for action, key in expected.items():
        assert action in menu_actions
        assert action.shortcut() == QKeySequence(key), action.text()
    assert window.recent_menu.menuAction() in menu_actions


def test_new_creates_and_opens_an_empty_workspace(qtbot, window, workspace_path, tmp_path,
                                                  monkeypatch, open_in):
    open_in(window, workspace_path)
    target = tmp_path / "fresh"  # no suffix: the window adds .tfw
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.document.opened, timeout=20_000):
        window.new_action.trigger()
    assert window.document.path == target.with_suffix(".tfw")
    assert window.org_dock.model.rowCount() == 0
    assert window.windowTitle() == "fresh[*] — TargetFlow"


def test_open_action_opens_the_chosen_file(qtbot, window, workspace_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(workspace_path), ""))
    with qtbot.waitSignal(window.document.opened, timeout=20_000):
        window.open_action.trigger()
    assert window.document.path == workspace_path


def test_cancelled_dialog_changes_nothing(window, workspace_path, monkeypatch, open_in):
    open_in(window, workspace_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.open_action.trigger()
    assert window.document.path == workspace_path and not window.document.is_busy


def test_save_as_continues_in_the_copy(qtbot, window, workspace_path, tmp_path, monkeypatch,
                                      open_in):
    open_in(window, workspace_path)
    copy = tmp_path / "copy.tfw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    with qtbot.waitSignal(window.document.opened, timeout=20_000):
        window.save_as_action.trigger()
    assert window.document.path == copy
    assert copy.is_file() and workspace_path.is_file()
    assert window.org_dock.model.rowCount() == 1
    assert window.windowTitle() == "copy[*] — TargetFlow"


def test_recent_files_are_remembered_pruned_and_reopen(qtbot, window, tmp_path, open_in,
                                                       make_workspace):
    first = make_workspace(tmp_path / "first.tfw", regions=1)
    second = make_workspace(tmp_path / "second.tfw", regions=2)
    open_in(window, first)
    open_in(window, second)
    window.rebuild_recent_menu()
    paths = [Path(a.data()) for a in window.recent_menu.actions() if a.data()]
    assert paths == [second.resolve(), first.resolve()]
    first.unlink()
    window.rebuild_recent_menu()
    entries = [a for a in window.recent_menu.actions() if a.data()]
    assert [Path(a.data()) for a in entries] == [second.resolve()]
    open_in(window, make_workspace(tmp_path / "third.tfw", regions=3))
    window.rebuild_recent_menu()
    entry = next(a for a in window.recent_menu.actions() if a.data() == str(second.resolve()))
    with qtbot.waitSignal(window.document.opened, timeout=20_000):
        entry.trigger()
    assert window.document.path == second.resolve()


def test_recent_list_is_capped(tmp_path):
    for i in range(recent_files.LIMIT + 3):
        path = tmp_path / f"w{i}.tfw"
        path.write_bytes(b"x")
        recent_files.remember(path)
    paths = recent_files.recent()
    assert len(paths) == recent_files.LIMIT
    assert paths[0] == (tmp_path / f"w{recent_files.LIMIT + 2}.tfw").resolve()


def test_quit_closes_the_window_and_the_workspace(window, workspace_path, open_in):
    open_in(window, workspace_path)
    window.quit_action.trigger()
    assert not window.isVisible()
    assert window.document.workspace is None
    assert not workspace_path.with_name(workspace_path.name + "-wal").exists()
