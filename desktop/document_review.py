"""The monthly review as the UI sees it: a loader that reads ``services.review`` on the
document's worker thread and hands the arrays to the review page, and the alert lifecycle
(acknowledge, action taken) written there too, followed by a fresh review (the feedback
speed of the health index moves with it).

The services are imported inside the jobs: this module is imported when the review page
is first shown, never at start-up.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReviewLoader(QObject):
    """Signals: ``loaded(ReviewData)``; ``failed(job, exc)`` with job "load",
    "acknowledge" or "action"; ``busyChanged(bool)``."""

    loaded = Signal(object)
    failed = Signal(str, object)
    busyChanged = Signal(bool)

    def __init__(self, document: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.clock: Callable[[], dt.datetime] = _utc_now  # tests set a fixed moment
        self.data: Any = None  # desktop.services.review.ReviewData
        self._pending = 0

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def load(self) -> None:
        self._submit("load", lambda ws, now: None)

    def acknowledge(self, alert_id: str, note: str = "") -> None:
        def write(ws, now):
            from desktop.services.tracking import acknowledge_alert

            acknowledge_alert(ws, alert_id, at=now, note=note)

        self._submit("acknowledge", write)

    def record_action(self, alert_id: str, action: str, pack_rule_id: str | None) -> None:
        def write(ws, now):
            from desktop.services.tracking import record_action

            record_action(ws, alert_id, action, at=now, pack_rule_id=pack_rule_id)

        self._submit("action", write)

    def _submit(self, job: str, write: Callable[[Any, dt.datetime], None]) -> None:
        workspace = self.document.workspace
        if workspace is None:
            return
        now = self.clock()

        def work():
            from desktop.services.review import load_review

            write(workspace, now)
            return load_review(workspace, now)

        def done(data) -> None:
            self._finish()
            if workspace is not self.document.workspace:
                return  # another file was opened meanwhile
            self.data = data
            self.loaded.emit(data)

        def failed(exc: BaseException) -> None:
            self._finish()
            self.failed.emit(job, exc)

        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self.document.run(work, done, failed)

    def _finish(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)
