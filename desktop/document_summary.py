"""What the open workspace holds, as the overview, the status bar and the org tree show
it (split from document.py). Built on the document's worker thread."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    code: str
    start: dt.date
    end: dt.date
    weeks: int


@dataclass(slots=True)
class OrgOutline:
    """The org tree as the tree view needs it: the store's parallel columns plus, per
    unit, its children and its row under its parent. Built off the GUI thread, with
    numpy: a 100 000-unit tree is indexed in a few milliseconds."""

    columns: Any  # desktop.store.loads.OrgColumns (duck-typed: the UI needs no store)
    roots: list[int] = field(default_factory=list)
    children: "Sequence[list[int]]" = field(default_factory=list)
    row: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, columns: Any) -> "OrgOutline":
        count = len(columns)
        if not count:  # the empty tree of start-up: numpy is not imported before the paint
            return cls(columns, [], [], [])
        import numpy as np

        parent = np.asarray(columns.parent_index, dtype=np.int64).reshape(count)
        # units grouped by parent (roots first), each group in column order
        order = np.argsort(parent, kind="stable")
        grouped = parent[order]
        start = np.searchsorted(grouped, np.arange(-1, count), side="left")
        end = np.searchsorted(grouped, np.arange(-1, count), side="right")
        row = np.empty(count, dtype=np.int64)
        row[order] = np.arange(count) - start[grouped + 1]
        flat, starts, ends = order.tolist(), start.tolist(), end.tolist()
        return cls(columns, flat[starts[0]:ends[0]], _Groups(flat, starts[1:], ends[1:]),
                   row.tolist())

    def __len__(self) -> int:
        return len(self.row)


class _Groups(Sequence):
    """Each unit's children, sliced from one flat list when asked for (a list per unit
    would cost more than the whole index)."""

    def __init__(self, flat: list[int], starts: list[int], ends: list[int]) -> None:
        self._flat, self._starts, self._ends = flat, starts, ends

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, unit):  # type: ignore[override]
        if isinstance(unit, slice):
            return [self[k] for k in range(*unit.indices(len(self)))]
        return self._flat[self._starts[unit]:self._ends[unit]]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    path: Path
    name: str
    counts: dict[str, int]  # empty until counted (a large workspace counts after opening)
    periods: list[PeriodInfo]
    objectives: list[str]
    org: OrgOutline


AT_ONCE = 20_000  # org units: above, the org tree and the row counts come after the cards


def load_summary(workspace: Any, whole: bool = True) -> WorkspaceSummary:
    """What the workspace holds. Not ``whole``: a large workspace (more than ``AT_ONCE``
    org units) leaves out its org tree and row counts, which its first paint does not
    wait for (the document loads them next: ``is_partial``)."""
    from desktop.store import loads

    with workspace.read() as conn:
        periods = [PeriodInfo(p.code, p.start, p.end, len(p.weeks()))
                   for p in loads.periods(conn)]
        objectives = [o.title for o in loads.objectives(conn)]
        if whole or loads.count_of(conn, "org_unit") <= AT_ONCE:
            org, counts = OrgOutline.build(loads.org_columns(conn)), loads.counts(conn)
        else:
            org, counts = OrgOutline.build(loads.OrgColumns(*[[] for _ in range(8)])), {}
    name = workspace.meta("name") or workspace.path.stem
    return WorkspaceSummary(workspace.path, name, counts, periods, objectives, org)


def is_partial(summary: WorkspaceSummary) -> bool:
    return not summary.counts


def open_workspace(path: Path) -> tuple[Any, WorkspaceSummary]:
    """Open ``path`` with the summary the first paint needs (``load_summary``)."""
    from desktop.store.workspace import Workspace

    workspace = Workspace.open(path)
    try:
        return workspace, load_summary(workspace, whole=False)
    except BaseException:
        workspace.close()
        raise


def create_workspace(path: Path) -> tuple[Any, WorkspaceSummary]:
    from desktop.store.workspace import Workspace

    Workspace.create(path, overwrite=True).close()
    return open_workspace(path)


def create_demo(path: Path) -> tuple[Any, WorkspaceSummary]:
    from desktop.demo import generate

    if not path.exists():
        generate(path)
    return open_workspace(path)
