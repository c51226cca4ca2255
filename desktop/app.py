"""Composition root: builds the application, the document and the main window, and
decides which workspace to open.

Start-up order matters (SPEC: the first window is on screen fast): only Qt and the widgets
are imported before the window is painted; the workspace is opened afterwards, on the
document's worker thread, which is where SQLAlchemy and the store get imported.
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import resources
from desktop.document import WorkspaceDocument
from desktop.widgets import language, recent_files
from desktop.widgets.main_window import MainWindow

ORGANIZATION = APPLICATION = "TargetFlow"
SHOT_SIZE = (1280, 800)


def configure(app: QApplication) -> None:
    """Names (they locate QSettings), style, stylesheet and the UI language."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setStyle("Fusion")  # the same look on every platform, and in screenshots
    app.setStyleSheet(resources.text("styles", "targetflow.qss"))
    language.apply()


def demo_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APPLICATION, appauthor=False)) / "demo.tfw"


def build(path: Path | None) -> tuple[QApplication, MainWindow]:
    """The application and its main window, shown; the workspace (``path``, else the
    last one used, else the demo, generated on first run) opens once the window has been
    painted."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    document = WorkspaceDocument()
    window = MainWindow(document)
    document.setParent(window)

    def open_workspace() -> None:
        window.setWindowIcon(QIcon(str(resources.path("icons", "targetflow.svg"))))
        target = path or recent_files.last()
        if target is not None:
            document.open(target)
        else:
            document.open_demo(demo_path())

    window.firstPainted.connect(open_workspace)
    window.show()
    return app, window


def run(path: Path | None) -> int:
    app, _window = build(path)  # the name keeps the window alive while the loop runs
    return app.exec()


def shot(workspace: Path | None, out: Path, *, language_choice: str | None = None,
         timeout_ms: int = 120_000) -> int:
    """Render the main window on ``workspace`` offscreen to a PNG (for docs and tests).
    Returns 0, or 2 when the workspace cannot be opened (the message goes to stderr)."""
    # A render needs no screen: unless told otherwise, Qt draws offscreen (the platform
    # is fixed when the first QApplication starts, so this only affects the CLI).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app, window = build(workspace)
    if language_choice is not None:
        language.apply(language_choice)
    window.remember_layout = False
    window.reset_layout()
    window.resize(*SHOT_SIZE)
    document = window.document
    problems: list[str] = []
    loop = QEventLoop()
    # the designer's cascade loads after the workspace opens: the picture shows it
    document.designLoaded.connect(loop.quit)
    document.jobFailed.connect(lambda job, exc: loop.quit())
    document.failed.connect(lambda path, exc: (problems.append(str(exc)), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    app.processEvents()
    window.reset_layout()  # dock sizes apply once the window is laid out
    app.processEvents()
    window.cascade.page.first_view()
    app.processEvents()
    try:
        if problems or document.summary is None:
            print(f"targetflow shot: {problems[0] if problems else 'timed out'}",
                  file=sys.stderr)
            return 2
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            print(f"targetflow shot: cannot write {out}", file=sys.stderr)
            return 2
        return 0
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
