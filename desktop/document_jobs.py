"""The document's worker-thread jobs and its guarded undo stack (split from
document.py)."""

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack


class _Relay(QObject):
    """Carries a job's result from the worker thread to the GUI thread (queued)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            if not _is_workspace_error(exc):
                traceback.print_exc()  # a bug, not a bad file: keep the trace for reports
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def _is_workspace_error(exc: BaseException) -> bool:
    from desktop.store.errors import WorkspaceError

    return isinstance(exc, WorkspaceError)


def problem_text(exc: BaseException) -> str:
    """What to tell the user about a failed job. The store's errors name the file and the
    problem; anything else is a bug, shown with its type so a report can find it."""
    return str(exc) if _is_workspace_error(exc) else f"{type(exc).__name__}: {exc}"


class EditStack(QUndoStack):
    """The document's undo stack, which takes an edit only while ``may_edit()`` holds.

    Every edit of the cascade is an undo command pushed here, so this is the one gate
    that keeps a large cascade from being edited while only its open cards are loaded
    (the edit would be made on a partial model and lost). A refused edit is not run;
    ``refused`` says why, for the designer's message bar."""

    refused = Signal(str)

    def __init__(self, may_edit: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._may_edit = may_edit

    def push(self, command: QUndoCommand) -> None:
        if not self._may_edit():
            self.refused.emit(QCoreApplication.translate(
                "WorkspaceDocument", "The cascade is still loading for editing: it can be "
                "changed in a moment."))
            return
        super().push(command)
