"""The monthly review as the UI sees it: a loader that reads ``services.review`` on a
worker thread and hands the arrays to the review page — the latest period first, the
earlier ones in a second job, so a 100 000-unit workspace shows its latest month in a
few seconds — and the alert lifecycle (acknowledge, action taken) written there too,
followed by a fresh review (the feedback speed of the health index moves with it).

The review has its own worker thread (``review_pool``): on the document's one thread it
would wait behind whatever the designer queued before it (a 100 000-unit cascade's unit
status takes seconds). Reads run beside the designer's jobs in their own snapshots; the
alert writes are transactions that SQLite serialises with the document's saves. The pool
is a child of the document, which waits for it before it closes a workspace (document
.wait, document_jobs.close_after_readers). Writes and first stages go before the earlier
periods still queued (priorities), and a second stage under way gives up between periods
once a newer review, a write or another file is asked for; a read queued for a workspace
no longer open is skipped (a write never is: the user asked for it).

The services are imported inside the jobs: this module is imported when the review page
is first shown, never at start-up.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from desktop.document_jobs import URGENT, _Job, _Relay

FIRST, LATER = 1, 0  # priorities: writes (URGENT), first stages, then earlier periods


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def review_pool(document: QObject) -> QThreadPool:
    """The review's one worker thread, a child of the document (which waits for it)."""
    pool = document.findChild(QThreadPool, "reviewPool")
    if pool is None:
        pool = QThreadPool(document)
        pool.setObjectName("reviewPool")
        pool.setMaxThreadCount(1)
    return pool


class ReviewLoader(QObject):
    """Signals: ``loaded(ReviewData)``, first with the latest period only (its
    ``pending`` names the earlier ones), then with every period; ``failed(job, exc)`` with
    job "load", "acknowledge" or "action"; ``busyChanged(bool)`` (the first stage, and
    any write: the earlier periods load in the background without it)."""

    loaded = Signal(object)
    failed = Signal(str, object)
    busyChanged = Signal(bool)

    def __init__(self, document: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.clock: Callable[[], dt.datetime] = _utc_now  # tests set a fixed moment
        self.data: Any = None  # desktop.services.review.ReviewData
        self._pending = 0
        self._generation = 0  # a newer job makes an older job's results moot
        self._pool = review_pool(document)
        self._relays: set[_Relay] = set()

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    @property
    def is_complete(self) -> bool:
        """Every period is loaded (no later stage under way)."""
        return self.data is not None and not self.data.pending

    def load(self) -> None:
        self._submit("load", None)

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

    def _open(self, workspace: Any) -> bool:
        """``workspace`` is still the document's (read on the worker too: one attribute)."""
        return workspace is self.document.workspace

    def _submit(self, job: str, write: Callable[[Any, dt.datetime], None] | None) -> None:
        workspace = self.document.workspace
        if workspace is None:
            return
        early = _early.pop(id(self.document), None) if write is None else None
        if early is not None and not (early.document is self.document
                                      and early.workspace is workspace
                                      and self.clock is _utc_now):
            early.hand_to(lambda _result: None, lambda _exc: None)  # dropped when done
            early = None  # another file, or a test's clock: read afresh
        now = early.now if early is not None else self.clock()
        self._generation += 1
        generation = self._generation

        def work():
            if write is not None:
                write(workspace, now)
            # read only while its file is open (not once another file or none is)
            return _first_stage(workspace, now) if self._open(workspace) else None

        def done(result) -> None:
            self._finish()
            if result is None or generation != self._generation:
                return  # a newer review is on its way (or the file was closed)
            data, inputs = result
            if self._show(workspace, data) and data.pending:
                self._earlier(workspace, now, inputs, data, generation)

        def failed(exc: BaseException) -> None:
            self._finish()
            if write is not None or generation == self._generation:
                self.failed.emit(job, exc)

        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        if early is not None:
            early.hand_to(done, failed)  # started before the page: its result is ours
        else:
            self._run(work, done, failed, URGENT if write is not None else FIRST)

    def _earlier(self, workspace: Any, now: dt.datetime, inputs: Any, first: Any,
                 generation: int) -> None:
        def stop() -> bool:  # asked between periods, on the worker
            return generation != self._generation or not self._open(workspace)

        def work():
            from desktop.services.review import ReviewStopped, load_review

            try:
                return load_review(workspace, now, inputs=inputs, loaded=first, stop=stop)
            except ReviewStopped:
                return None

        def done(data) -> None:
            if data is not None and generation == self._generation:
                self._show(workspace, data)  # else a newer review is on its way

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.failed.emit("load", exc)

        self._run(work, done, failed, LATER)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the review's jobs are done (shutdown, tests)."""
        return self._pool.waitForDone(msecs)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None], priority: int) -> None:
        """``work`` on the review's thread; ``done``/``failed`` then on the GUI thread."""
        relay = _Relay(self)
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        relay.succeeded.connect(lambda result: (finish(), done(result)))
        relay.failed.connect(lambda exc: (finish(), failed(exc)))
        self._pool.start(_Job(work, relay), priority)

    def _show(self, workspace: Any, data: Any) -> bool:
        if not self._open(workspace):
            return False  # another file was opened meanwhile
        self.data = data
        self.loaded.emit(data)
        return True

    def _finish(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)


def _first_stage(workspace: Any, now: dt.datetime) -> tuple[Any, Any]:
    from desktop.services.review import load_review, review_inputs

    inputs = review_inputs(workspace)
    # the latest period first: the page draws it while the others load
    return load_review(workspace, now, latest=1, inputs=inputs), inputs


def prefetch(document: Any) -> None:
    """Start the first review of ``document``'s workspace now, before the review page
    exists: its modules (pyqtgraph, the charts) take a moment to load on the GUI thread,
    and the worker reads meanwhile. The page's first ``load`` takes the result over."""
    if document.workspace is not None:
        before = _early.pop(id(document), None)
        if before is not None:  # never taken: let it go when done
            before.hand_to(lambda _result: None, lambda _exc: None)
        _early[id(document)] = _Early(document)


class _Early(QObject):
    """A first review under way for a page still being built (on the review's thread)."""

    def __init__(self, document: Any) -> None:
        super().__init__(document)
        self.document = document
        self.workspace = document.workspace
        self.now = _utc_now()
        self._outcome: tuple[bool, Any] | None = None
        self._waiting: tuple[Callable[[Any], None], Callable[[BaseException], None]] | None = None
        relay = _Relay(self)
        relay.succeeded.connect(lambda result: self._settle(True, result))
        relay.failed.connect(lambda exc: self._settle(False, exc))
        workspace, now = self.workspace, self.now

        def work():
            if workspace is not document.workspace:
                return None  # another file was opened meanwhile: not read
            return _first_stage(workspace, now)

        review_pool(document).start(_Job(work, relay), FIRST)

    def hand_to(self, done: Callable[[Any], None],
                failed: Callable[[BaseException], None]) -> None:
        self._waiting = done, failed
        if self._outcome is not None:
            self._settle(*self._outcome)

    def _settle(self, ok: bool, value: Any) -> None:
        self._outcome = ok, value
        if self._waiting is not None:
            done, failed = self._waiting
            self._waiting = None
            self.deleteLater()
            if ok:
                done(value)
            else:
                failed(value)


# document id -> its first review started early (prefetch), until a loader takes it
_early: dict[int, _Early] = {}
