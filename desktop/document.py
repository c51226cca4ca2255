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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QUndoStack


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
    - ``dirtyChanged(bool)``: the undo stack left or reached its clean state.
    """

    busy = Signal(Path, str)
    opened = Signal()
    failed = Signal(Path, object)
    dirtyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self.dirtyChanged.emit(not clean))
        self.workspace: Any = None  # desktop.store.workspace.Workspace
        self.summary: WorkspaceSummary | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

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
        is called when the window closes, when nothing else is left to do."""
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
            self.opened.emit()

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

