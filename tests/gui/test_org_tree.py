"""The org tree model: a correct QAbstractItemModel, and cheap at 100 000 units."""

import time
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt

from desktop.document import OrgOutline
from desktop.widgets.org_tree import OrgTreeDock, OrgTreeModel


@dataclass
class _Columns:
    """The shape of desktop.store.loads.OrgColumns, built in memory."""

    code: list[str]
    name: list[str]
    kind: list[str]
    parent_index: list[int]
    manager: list[str]
    headcount: list[int]

    def __len__(self) -> int:
        return len(self.code)


def _company(regions: int, teams: int, reps: int) -> _Columns:
    cols = _Columns(["HQ"], ["Company"], ["company"], [-1], ["CEO"], [1])

    def add(code: str, kind: str, parent: int) -> int:
        cols.code.append(code)
        cols.name.append(f"{kind} {code}")
        cols.kind.append(kind)
        cols.parent_index.append(parent)
        cols.manager.append("")
        cols.headcount.append(1)
        return len(cols.code) - 1

    for r in range(regions):
        region = add(f"R{r}", "region", 0)
        for t in range(teams):
            team = add(f"R{r}T{t}", "team", region)
            for p in range(reps):
                add(f"R{r}T{t}P{p}", "person", team)
    return cols


def test_model_passes_qt_model_tester(qtmodeltester):
    model = OrgTreeModel()
    model.set_outline(OrgOutline.build(_company(3, 2, 4)))
    qtmodeltester.check(model, force_py=True)


def test_tree_structure_matches_the_columns():
    cols = _company(2, 2, 3)
    model = OrgTreeModel()
    model.set_outline(OrgOutline.build(cols))
    company = model.index(0, 0)
    assert model.rowCount(company) == 2
    team = model.index(1, 0, model.index(1, 0, company))
    assert team.data() == "team R1T1"
    assert model.rowCount(team) == 3
    rep = model.index(2, 3, team)
    assert model.unit_at(rep) == cols.code.index("R1T1P2")
    assert model.parent(rep).internalId() == model.unit_at(team)
    assert model.rowCount(model.index(0, 1)) == 0  # only column 0 has children
    assert not model.index(5, 0).isValid()
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Headcount"
    assert model.parent(QModelIndex()) == QModelIndex()


def test_hundred_thousand_units_index_and_show_fast(qtbot):
    cols = _company(100, 20, 49)  # 1 + 100 + 2 000 + 98 000 = 100 101 units
    assert len(cols) == 100_101
    started = time.perf_counter()
    outline = OrgOutline.build(cols)
    built = time.perf_counter() - started
    dock = OrgTreeDock()
    qtbot.addWidget(dock)
    dock.resize(500, 700)
    dock.show()
    started = time.perf_counter()
    dock.show_outline(outline)
    region = dock.model.index(99, 0, dock.model.index(0, 0))
    dock.view.expand(region)
    dock.view.scrollTo(dock.model.index(19, 0, region))
    qtbot.wait(1)
    shown = time.perf_counter() - started
    assert dock.model.rowCount(region) == 20
    # Generous bounds for slow CI; locally both take a few tens of milliseconds.
    assert built < 2.0, f"indexing took {built:.2f} s"
    assert shown < 1.0, f"showing took {shown:.2f} s"
