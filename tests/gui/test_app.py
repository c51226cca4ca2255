"""The composition root: which workspace opens at start, `targetflow shot`, and what is
imported before the first paint."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop import app as desktop_app
from desktop.widgets import recent_files

ROOT = Path(__file__).resolve().parents[2]


def _close(qtbot, window) -> None:
    qtbot.addWidget(window)  # pytest-qt closes it (and so the workspace) at teardown


def test_start_opens_the_given_path(qtbot, workspace_path):
    _, window = desktop_app.build(workspace_path)
    _close(qtbot, window)
    with qtbot.waitSignal(window.document.opened, timeout=20_000):
        pass
    assert window.document.path == workspace_path


def test_start_without_path_opens_the_last_workspace(qtbot, workspace_path):
    recent_files.remember(workspace_path)
    _, window = desktop_app.build(None)
    _close(qtbot, window)
    with qtbot.waitSignal(window.document.opened, timeout=20_000):
        pass
    assert window.document.path == workspace_path.resolve()


def test_first_run_creates_and_opens_the_demo(qtbot):
    demo = pytest.importorskip("desktop.demo")
    if not hasattr(demo, "generate"):
        pytest.skip("the demo generator is not written yet")
    _, window = desktop_app.build(None)
    _close(qtbot, window)
    with qtbot.waitSignal(window.document.opened, timeout=120_000):
        pass
    assert window.document.path == desktop_app.demo_path()
    assert desktop_app.demo_path().is_file()
    assert window.org_dock.model.rowCount() == 1


def test_shot_renders_the_window_to_png(workspace_path, tmp_path):
    out = tmp_path / "shots" / "main.png"
    assert desktop_app.shot(workspace_path, out) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == desktop_app.SHOT_SIZE


def test_shot_of_a_bad_file_fails_with_the_problem(tmp_path, capsys):
    bad = tmp_path / "bad.tfw"
    bad.write_text("hello", encoding="utf-8")
    assert desktop_app.shot(bad, tmp_path / "out.png") == 2
    assert "not a TargetFlow workspace" in capsys.readouterr().err
    assert not (tmp_path / "out.png").exists()


def test_no_heavy_imports_before_the_first_paint(tmp_path):
    """Start-up pays for Qt and the widgets only: the store (SQLAlchemy), pandas, numpy
    and pyqtgraph are imported after the window is on screen."""
    code = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QApplication
        from desktop import app
        from desktop.document import WorkspaceDocument
        from desktop.widgets.main_window import MainWindow

        qapp = QApplication([])
        app.configure(qapp)
        window = MainWindow(WorkspaceDocument())
        painted = []
        window.firstPainted.connect(lambda: painted.append(True))
        window.show()
        while not painted:
            qapp.processEvents()
        heavy = ("sqlalchemy", "alembic", "pandas", "numpy", "pyqtgraph", "desktop.store")
        print(",".join(m for m in heavy if m in sys.modules))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == ""
