"""The open workspace as the UI sees it.

``WorkspaceDocument`` owns the store ``Workspace``, the loaded org tree and summary, and a
``QUndoStack`` whose clean state is the document's dirty flag. Views never touch the
store: they listen to the document's signals.

Everything that reads or writes the file runs on the document's own one-thread pool, so
the GUI thread never waits on disk and jobs run in the order they were asked for. The
store (and SQLAlchemy with it) is imported there too, after the window has been painted:
start-up pays only for Qt.
"""

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal

from desktop.document_cascade import CascadeDesign
from desktop.document_jobs import (  # noqa: F401 (problem_text: the UI imports it here)
    EditStack,
    _is_workspace_error,
    _Job,
    _Relay,
    close_after_readers,
    problem_text,
    wait_for_pools,
)
from desktop.document_stages import DocumentStages
from desktop.document_summary import (  # noqa: F401 (the UI imports these from here)
    OrgOutline,
    PeriodInfo,
    WorkspaceSummary,
    create_demo,
    create_workspace,
    is_partial,
    load_summary,
    open_workspace,
)

AUTOSAVE_MS = 60_000


class WorkspaceDocument(QObject, DocumentStages):
    """One open workspace (or none). Signals:

    - ``busy(path, job)``: a job started on ``path`` ("open", "new", "demo", "save_as");
    - ``opened()``: a workspace is open and ``summary`` describes it;
    - ``failed(path, exc)``: a job failed; the workspace open before stays open;
    - ``dirtyChanged(bool)``: the undo stack left or reached its clean state;
    - ``cascadeShown()``: ``design`` shows the cascade: the whole of it, or, for a large
      one, its open cards (``design.stage`` CARDS; then ``design.figuresShown``);
    - ``designLoaded()``: ``design`` holds the whole cascade of the open workspace (or
      none), ready for editing;
    - ``summaryChanged()``: ``summary`` is whole (a large workspace's org tree and row
      counts are loaded after its first paint);
    - ``saved(report)`` / ``published(version)``: a save or a publish is written;
    - ``jobFailed(job, exc)``: a save, publish or autosave failed (the model is kept);
    - ``recoveryFound(recovery)``: unsaved work of an earlier session can be recovered.

    The cascade designer's model is ``design``: it is loaded after the workspace opens
    (``DocumentStages``),
    saved with ``save()`` (one transaction) and autosaved to a recovery file beside the
    workspace every ``autosave_ms`` while there are unsaved edits.
    """

    busy = Signal(Path, str)
    opened = Signal()
    failed = Signal(Path, object)
    dirtyChanged = Signal(bool)
    cascadeShown = Signal()
    designLoaded = Signal()
    summaryChanged = Signal()
    saved = Signal(object)
    published = Signal(object)
    jobFailed = Signal(str, object)
    recoveryFound = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.design = CascadeDesign(self)
        # edits wait for the whole model of a large cascade
        self.undo_stack = EditStack(self.edit_refusal, self)
        self.workspace: Any = None  # desktop.store.workspace.Workspace
        self.summary: WorkspaceSummary | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self._jobs: set[_Relay] = set()
        self.design_loading = False
        self._loading = 0  # which load_design the stages arriving belong to
        # which file the jobs asked for belong to: bumped by every file job and by
        # close(); a job of an earlier one returns at once (DocumentStages.run_current)
        self._generation = 0
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self._autosaved_index = 0
        self._recovery_written = False
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    # --- state ----------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return None if self.workspace is None else self.workspace.path

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def is_busy(self) -> bool:
        return bool(self._relays)

    # --- jobs -----------------------------------------------------------------------
    def open(self, path: Path | str) -> None:
        path = Path(path)
        self._start(path, "open", lambda: open_workspace(path))

    def new(self, path: Path | str) -> None:
        """Create an empty workspace at ``path`` (replacing a file the user agreed to
        overwrite) and open it."""
        path = Path(path)
        if self.path is not None and path.resolve() == self.path.resolve():
            from desktop.store.errors import WorkspaceError

            self.busy.emit(path, "new")
            self.failed.emit(path, WorkspaceError(path, "this workspace is open; "
                                                        "choose another name"))
            return
        self._start(path, "new", lambda: create_workspace(path))

    def open_demo(self, path: Path | str) -> None:
        """Open the demo workspace at ``path``, generating it first if it is missing."""
        path = Path(path)
        self._start(path, "demo", lambda: create_demo(path))

    def save_as(self, path: Path | str) -> None:
        path = Path(path)
        current = self.workspace
        if current is None:
            return

        def work() -> tuple[Any, WorkspaceSummary]:
            copy = current.save_as(path)
            return copy, load_summary(copy, whole=False)

        # save_as closes the current workspace: the document must not hand it out while
        # the copy is made.
        self.workspace = None
        self._start(path, "save_as", work, restore=current)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued jobs are done, the readers' too (the review's): for
        shutdown, `targetflow shot` and tests."""
        return wait_for_pools(self, msecs)

    def close(self) -> None:
        """Close the workspace (folds its WAL into the file). Blocks on running jobs: it
        is called when the window closes, when nothing else is left to do. Unsaved
        designer edits go to the recovery file first; the review's writes are made."""
        self._generation += 1  # the queued stages of this file need not run any more
        self.autosave_timer.stop()
        if self.workspace is not None and self.is_dirty and self.design.context is not None:
            self.autosave(force=True)
        workspace, self.workspace = self.workspace, None  # readers still queued skip it
        self.wait()
        if workspace is not None:
            workspace.close()
        self.summary = None

    # --- internals ------------------------------------------------------------------
    def _start(self, path: Path, job: str, work: Callable[[], Any], *,
               restore: Any = None) -> None:
        relay = _Relay(self)
        self._relays.add(relay)
        self._generation += 1  # what is queued for the file open now need not run
        generation = self._generation

        def done(result: tuple[Any, WorkspaceSummary, Any]) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            previous, (self.workspace, self.summary, cards) = self.workspace, result
            if previous is not None and previous is not result[0]:
                # a checkpoint (disk work, off the GUI) once the readers are done with it
                self._pool.start(close_after_readers(self, self._pool, previous))
            self.undo_stack.clear()
            self.undo_stack.setClean()
            self.design.clear()
            self.opened.emit()
            if generation == self._generation:
                self.load_design(first=cards)
            else:  # another file job was asked for meanwhile: it loads its own design,
                self.design_loading = True  # or, if it fails, resume_design this one

        def failed(exc: BaseException) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if restore is not None and self.workspace is None:
                # A closed Workspace reopens its engine on the next use, so the file the
                # user had open stays usable even if the copy failed half-way.
                self.workspace = restore
            self.failed.emit(path, exc)
            # the open workspace's staged load was left for this job: it is loaded anew
            self.resume_design()

        def open_with_cards() -> tuple[Any, WorkspaceSummary, Any]:
            # a large cascade's first stage in the same job: its cards need no second
            # trip through the queue, and are read while the GUI is not yet building
            # views. A small one is loaded whole after ``opened`` (it does not wait).
            from desktop.document_cascade_stage import load_cards, opens_in_stages

            workspace, summary = work()
            cards = None
            try:
                if generation == self._generation and opens_in_stages(workspace):
                    cards = load_cards(workspace)
            except Exception as exc:  # load_design reads again, and reports it
                if not _is_workspace_error(exc):
                    traceback.print_exc()  # a bug: the trace is kept for reports
            return workspace, summary, cards

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self.busy.emit(path, job)
        self._pool.start(_Job(open_with_cards, relay))


    # --- the cascade designer -------------------------------------------------------
    def run(self, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
        """Run ``work`` on the document's worker thread; ``done`` or ``failed`` is then
        called on the GUI thread, in the order the jobs were asked for."""
        relay = _Relay(self)
        self._jobs.add(relay)  # not a file job: ``is_busy`` does not count it

        def finish() -> None:
            self._jobs.discard(relay)
            relay.deleteLater()

        relay.succeeded.connect(lambda result: (finish(), done(result)))
        relay.failed.connect(lambda exc: (finish(), failed(exc)))
        self._pool.start(_Job(work, relay))

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Write the designer's edits in one transaction (off the GUI thread)."""
        design, workspace = self.design, self.workspace
        if workspace is None or design.context is None or not self.is_dirty:
            if then is not None:
                then()
            return
        before, after = design.saved, design.draft()
        index = self.undo_stack.index()

        def work():
            from desktop.services.design import discard_recovery, recovery_path, save_cascade

            report = save_cascade(workspace, before, after)
            discard_recovery(recovery_path(workspace.path))
            return report, load_summary(workspace)

        def done(result) -> None:
            report, summary = result
            design.saved = after
            self.take_summary(summary)  # whole: also when the first load of it failed
            self._recovery_written = False
            if self.undo_stack.index() == index:
                self.undo_stack.setClean()
            self.saved.emit(report)
            if then is not None:
                then()

        self.run(work, done, lambda exc: self.jobFailed.emit("save", exc))

    def publish(self, note: str) -> None:
        """Save pending edits, then freeze the cascade as a new version."""
        workspace = self.workspace
        if workspace is None or self.design.context is None:
            return
        period = self.design.context.period.code

        def work():
            from desktop.services.cascade import _baseline, publish
            from desktop.services.cascade_context import load_context

            version = publish(workspace, note, period=period)
            baseline = _baseline(workspace, load_context(workspace, period))
            return version, baseline, load_summary(workspace)

        def done(result) -> None:
            version, baseline, summary = result
            self.take_summary(summary)
            self.design.set_baseline(baseline)
            self.published.emit(version)

        self.save(then=lambda: self.run(
            work, done, lambda exc: self.jobFailed.emit("publish", exc)))

    def autosave(self, force: bool = False) -> None:
        """Write the unsaved draft to the recovery file (when it changed since the last
        autosave)."""
        workspace, design = self.workspace, self.design
        if workspace is None or design.context is None or not self.is_dirty:
            return
        index = self.undo_stack.index()
        if index == self._autosaved_index and not force:
            return
        from desktop.services.design import recovery_path, recovery_payload, write_recovery

        payload = recovery_payload(design.saved, design.draft())
        path = recovery_path(workspace.path)
        self._autosaved_index = index
        self._recovery_written = True
        self.run(lambda: write_recovery(path, payload), lambda _r: None,
                 lambda exc: self.jobFailed.emit("autosave", exc))

    def recover(self, recovery) -> None:
        """Apply recovered work as one undoable step (the document is then unsaved)."""
        from desktop.commands.cascade import ReplaceDraftCommand

        text = QCoreApplication.translate("WorkspaceDocument", "Recover unsaved changes")
        self.undo_stack.push(ReplaceDraftCommand(self.design, recovery.draft, text))

    def discard_recovery(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        from desktop.services.design import discard_recovery, recovery_path

        path = recovery_path(workspace.path)
        self._recovery_written = False
        self.run(lambda: discard_recovery(path), lambda _r: None,
                 lambda exc: self.jobFailed.emit("autosave", exc))

    def _clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)
        if clean:
            self.autosave_timer.stop()
            self._autosaved_index = self.undo_stack.index()
            if self._recovery_written:  # undone back to the saved state
                self.discard_recovery()
        elif self.design.context is not None:
            self.autosave_timer.start()

