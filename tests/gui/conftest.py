"""GUI test set-up: an application configured like the real one, QSettings in the test's
own home, and small workspaces built with the store API."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop import app as desktop_app
from desktop.document import WorkspaceDocument
from desktop.widgets import language
from desktop.widgets.main_window import MainWindow


@pytest.fixture(autouse=True)
def _app_settings(qapp, _isolated_home):
    """Qt caches where QSettings lives on first use; point it at this test's home so no
    test sees another's recent files or language."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(_isolated_home / ".config"))
    desktop_app.configure(qapp)
    QSettings().setValue(language.SETTING, "en")
    language.apply("en")
    yield
    language.apply("en")


def build_workspace(path: Path, *, regions: int = 6, teams: int = 2, reps: int = 3,
                    name: str = "Test Co") -> Path:
    """A company → regions → teams → reps workspace with metrics, periods and an
    objective: the shape of the demo, small."""
    from desktop.domain.metric import Dimension, Metric
    from desktop.domain.objective import Objective
    from desktop.domain.org import OrgUnit
    from desktop.domain.period import quarter
    from desktop.store import entities
    from desktop.store.workspace import Workspace

    company = OrgUnit(code="HQ", name=name, kind="company", manager="Li Wei", headcount=1)
    units = [company]
    for r in range(regions):
        region = OrgUnit(code=f"R{r + 1}", name=f"Region {r + 1}", kind="region",
                         parent_id=company.id, manager=f"Manager {r + 1}", headcount=1)
        units.append(region)
        for t in range(teams):
            team = OrgUnit(code=f"R{r + 1}T{t + 1}", name=f"Team {r + 1}.{t + 1}",
                           kind="team", parent_id=region.id, headcount=reps)
            units.append(team)
            units.extend(OrgUnit(code=f"{team.code}P{p + 1}", name=f"Rep {team.code}-{p + 1}",
                                 kind="person", parent_id=team.id) for p in range(reps))
    finance = Dimension(code="finance", name="Finance")
    sales = Dimension(code="sales", name="Sales")
    q1, q2 = quarter(2025, 1), quarter(2025, 2)
    with Workspace.create(path, name=name) as ws, ws.transaction() as tx:
        entities.add_org_units(tx, units)
        tx.insert_many("dimension", [entities.dimension_row(d) for d in (finance, sales)])
        tx.insert_many("metric", [
            entities.metric_row(Metric(code="collections", name="Collections", unit="CNY",
                                       dimension_id=finance.id)),
            entities.metric_row(Metric(code="contracts", name="Contracts signed",
                                       unit="count", dimension_id=sales.id))])
        tx.insert_many("period", [entities.period_row(p) for p in (q1, q2)])
        entities.add_objective(tx, Objective(
            code="O1", title="Raise the high-margin product share to 45%", period_id=q2.id,
            dimension_weights={finance.id: 0.6, sales.id: 0.4}))
    return path


@pytest.fixture
def make_workspace():
    """The workspace builder, for tests that need several files."""
    return build_workspace


@pytest.fixture
def workspace_path(tmp_path) -> Path:
    return build_workspace(tmp_path / "testco.tfw")


@pytest.fixture
def window(qtbot):
    """A main window with no workspace open yet."""
    document = WorkspaceDocument()
    win = MainWindow(document)
    document.setParent(win)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    return win


@pytest.fixture
def open_in(qtbot):
    """``open_in(window, path)``: open a workspace and wait until the window shows it."""

    def open_and_wait(win: MainWindow, path: Path) -> None:
        with qtbot.waitSignal(win.document.opened, timeout=20_000):
            win.document.open(path)

    return open_and_wait


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    from desktop.demo import generate

    path = tmp_path_factory.mktemp("demo") / "demo.tfw"
    generate(path)
    return path


@pytest.fixture
def demo_path(demo_file, tmp_path) -> Path:
    path = tmp_path / "demo.tfw"
    shutil.copy(demo_file, path)
    return path


def open_design(qtbot, window, path: Path) -> None:
    with qtbot.waitSignal(window.document.designLoaded, timeout=30_000):
        window.document.open(path)
    window.cascade.page.view.fit()


@pytest.fixture
def designer(qtbot, window, demo_path):
    """A main window showing the demo cascade, the whole tree in view."""
    open_design(qtbot, window, demo_path)
    return window
