"""The open workspace as the UI sees it.

``WorkspaceDocument`` owns the store ``Workspace``, the loaded org tree and summary, and a
``QUndoStack`` whose clean state is the document's dirty flag. Views never touch the
store: they listen to the document's signals.

Everything that reads or writes the file runs on the document's own one-thread pool, so
the GUI thread never waits on disk and jobs run in the order they were asked for. The
store (and SQLAlchemy with it) is imported there too, after the window has been painted:
start-up pays only for Qt.
"""

import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoStack

from desktop.document_cascade import CascadeDesign, load_design

AUTOSAVE_MS = 60_000


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    code: str
    start: dt.date
    end: dt.date
    weeks: int


@dataclass(slots=True)
class OrgOutline:
    """The org tree as the tree view needs it: the store's parallel columns plus, per
    unit, its children and its row under its parent. Built off the GUI thread, because a
    100 000-unit tree takes a noticeable moment to index."""

    columns: Any  # desktop.store.loads.OrgColumns (duck-typed: the UI needs no store)
    roots: list[int] = field(default_factory=list)
    children: list[list[int]] = field(default_factory=list)
    row: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, columns: Any) -> "OrgOutline":
        count = len(columns)
        children: list[list[int]] = [[] for _ in range(count)]
        roots: list[int] = []
        row = [0] * count
        for unit, parent in enumerate(columns.parent_index):
            siblings = roots if parent < 0 else children[parent]
            row[unit] = len(siblings)
            siblings.append(unit)
        return cls(columns, roots, children, row)

    def __len__(self) -> int:
        return len(self.row)


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    path: Path
    name: str
    counts: dict[str, int]
    periods: list[PeriodInfo]
    objectives: list[str]
    org: OrgOutline


def _load(workspace: Any) -> WorkspaceSummary:
    from desktop.store import loads

    with workspace.read() as conn:
        counts = loads.counts(conn)
        periods = [PeriodInfo(p.code, p.start, p.end, len(p.weeks()))
                   for p in loads.periods(conn)]
        objectives = [o.title for o in loads.objectives(conn)]
        org = OrgOutline.build(loads.org_columns(conn))
    name = workspace.meta("name") or workspace.path.stem
    return WorkspaceSummary(workspace.path, name, counts, periods, objectives, org)


def _open(path: Path) -> tuple[Any, WorkspaceSummary]:
    from desktop.store.workspace import Workspace

    workspace = Workspace.open(path)
    try:
        return workspace, _load(workspace)
    except BaseException:
        workspace.close()
        raise


def _create(path: Path) -> tuple[Any, WorkspaceSummary]:
    from desktop.store.workspace import Workspace

    Workspace.create(path, overwrite=True).close()
    return _open(path)


def _create_demo(path: Path) -> tuple[Any, WorkspaceSummary]:
    from desktop.demo import generate

    if not path.exists():
        generate(path)
    return _open(path)


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


class WorkspaceDocument(QObject):
    """One open workspace (or none). Signals:

    - ``busy(path, job)``: a job started on ``path`` ("open", "new", "demo", "save_as");
    - ``opened()``: a workspace is open and ``summary`` describes it;
    - ``failed(path, exc)``: a job failed; the workspace open before stays open;
    - ``dirtyChanged(bool)``: the undo stack left or reached its clean state;
    - ``designLoaded()``: ``design`` holds the cascade of the open workspace (or none);
    - ``saved(report)`` / ``published(version)``: a save or a publish is written;
    - ``jobFailed(job, exc)``: a save, publish or autosave failed (the model is kept);
    - ``recoveryFound(recovery)``: unsaved work of an earlier session can be recovered.

    The cascade designer's model is ``design``: it is loaded after the workspace opens,
    saved with ``save()`` (one transaction) and autosaved to a recovery file beside the
    workspace every ``autosave_ms`` while there are unsaved edits.
    """

    busy = Signal(Path, str)
    opened = Signal()
    failed = Signal(Path, object)
    dirtyChanged = Signal(bool)
    designLoaded = Signal()
    saved = Signal(object)
    published = Signal(object)
    jobFailed = Signal(str, object)
    recoveryFound = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.workspace: Any = None  # desktop.store.workspace.Workspace
        self.summary: WorkspaceSummary | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self._jobs: set[_Relay] = set()
        self.design = CascadeDesign(self)
        self.design_loading = False
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
        self._start(path, "open", lambda: _open(path))

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
        self._start(path, "new", lambda: _create(path))

    def open_demo(self, path: Path | str) -> None:
        """Open the demo workspace at ``path``, generating it first if it is missing."""
        path = Path(path)
        self._start(path, "demo", lambda: _create_demo(path))

    def save_as(self, path: Path | str) -> None:
        path = Path(path)
        current = self.workspace
        if current is None:
            return

        def work() -> tuple[Any, WorkspaceSummary]:
            copy = current.save_as(path)
            return copy, _load(copy)

        # save_as closes the current workspace: the document must not hand it out while
        # the copy is made.
        self.workspace = None
        self._start(path, "save_as", work, restore=current)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued jobs are done (for shutdown, `targetflow shot` and tests)."""
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        """Close the workspace (folds its WAL into the file). Blocks on running jobs: it
        is called when the window closes, when nothing else is left to do. Unsaved
        designer edits go to the recovery file first."""
        self.autosave_timer.stop()
        if self.workspace is not None and self.is_dirty and self.design.context is not None:
            self.autosave(force=True)
        self.wait()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        self.summary = None

    # --- internals ------------------------------------------------------------------
    def _start(self, path: Path, job: str, work: Callable[[], Any], *,
               restore: Any = None) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def done(result: tuple[Any, WorkspaceSummary]) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            previous, (self.workspace, self.summary) = self.workspace, result
            if previous is not None and previous is not result[0]:
                self._pool.start(previous.close)  # a checkpoint: disk work, off the GUI
            self.undo_stack.clear()
            self.undo_stack.setClean()
            self.design.clear()
            self.opened.emit()
            self.load_design()

        def failed(exc: BaseException) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if restore is not None and self.workspace is None:
                # A closed Workspace reopens its engine on the next use, so the file the
                # user had open stays usable even if the copy failed half-way.
                self.workspace = restore
            self.failed.emit(path, exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self.busy.emit(path, job)
        self._pool.start(_Job(work, relay))


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

    def load_design(self, period: str | None = None) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.design_loading = True

        def done(loaded) -> None:
            self.design_loading = False
            if workspace is not self.workspace:
                return  # another file was opened meanwhile
            self.design.take(loaded)
            self.designLoaded.emit()
            if loaded.recovery is not None:
                self.recoveryFound.emit(loaded.recovery)
            elif loaded.problem and loaded.context is not None:
                self.jobFailed.emit("recover", ValueError(loaded.problem))

        def failed(exc: BaseException) -> None:
            self.design_loading = False
            self.jobFailed.emit("design", exc)

        self.run(lambda: load_design(workspace, period), done, failed)

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
            return report, _load(workspace)

        def done(result) -> None:
            report, summary = result
            design.saved = after
            self.summary = summary
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
            return version, baseline, _load(workspace)

        def done(result) -> None:
            version, baseline, summary = result
            self.summary = summary
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

