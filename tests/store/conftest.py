"""Fixtures for the store tests: fresh workspaces, always closed (filterwarnings=error)."""


import pytest
from file_checks import file_state, sidecars  # noqa: F401  (re-exported for old imports)
from store_sample import build_world, write_actuals, write_world

from desktop.store.workspace import Workspace


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace.create(tmp_path / "fresh.tfw", name="Fresh")
    yield ws
    ws.close()


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def filled(tmp_path, world):
    """A closed workspace file holding the sample world and a batch of actuals."""
    path = tmp_path / "filled.tfw"
    with Workspace.create(path, name="Filled") as ws:
        with ws.transaction() as tx:
            write_world(tx, world)
        with ws.transaction() as tx:
            world.actual_rows = write_actuals(tx, world)
    return path
