"""The document's worker-thread jobs and its guarded undo stack (split from
document.py)."""

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
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


URGENT = 2  # the priority of writes on a reader's pool (and of the closing barrier)


def wait_for_pools(owner: QObject, msecs: int = -1) -> bool:
    """Block until the jobs of ``owner``'s thread pools are done: its own and its
    readers' (the review's pool is a child of the document), so that nothing reads or
    writes a workspace after it is closed."""
    return all([pool.waitForDone(msecs) for pool in _pools(owner)])  # each waited for


def _pools(owner: QObject) -> list[QThreadPool]:
    return owner.findChildren(QThreadPool, options=Qt.FindChildOption.FindDirectChildrenOnly)


def close_after_readers(owner: QObject, own: QThreadPool, workspace: Any
                        ) -> Callable[[], None]:
    """``workspace.close``, to run on ``own`` (the document's thread), once each other
    pool of ``owner`` has done the job it is running and the writes queued before: a
    barrier at the writes' priority. Their reads queued after it find another workspace
    open and skip this one (document_review), so none reopens it."""
    barriers = []
    for pool in _pools(owner):
        if pool is not own:
            reached = threading.Event()
            pool.start(reached.set, URGENT)
            barriers.append(reached)

    def close() -> None:
        for reached in barriers:
            reached.wait()
        workspace.close()

    return close


def _is_workspace_error(exc: BaseException) -> bool:
    from desktop.store.errors import WorkspaceError

    return isinstance(exc, WorkspaceError)


def problem_text(exc: BaseException) -> str:
    """What to tell the user about a failed job. The store's errors name the file and the
    problem; anything else is a bug, shown with its type so a report can find it."""
    return str(exc) if _is_workspace_error(exc) else f"{type(exc).__name__}: {exc}"


class EditStack(QUndoStack):
    """The document's undo stack, which takes an edit only while ``refusal()`` is empty.

    Every edit of the cascade is an undo command pushed here, so this is the one gate
    that keeps a large cascade from being edited while only its open cards are loaded
    (the edit would be made on a partial model and lost). A refused edit is not run;
    ``refused`` says why (``refusal()``), for the designer's message bar."""

    refused = Signal(str)

    def __init__(self, refusal: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._refusal = refusal

    def push(self, command: QUndoCommand) -> None:
        why = self._refusal()
        if why:
            self.refused.emit(why)
            return
        super().push(command)
