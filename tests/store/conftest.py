"""Fixtures for the store tests: fresh workspaces, always closed (filterwarnings=error)."""

import hashlib
from pathlib import Path

import pytest
from store_sample import build_world, write_actuals, write_world

from desktop.store.workspace import Workspace


def file_state(path: Path) -> tuple[str, int, int]:
    """(sha256, size, mtime_ns) of a file: proof that something did not touch it."""
    data = path.read_bytes()
    stat = path.stat()
    return hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime_ns


def sidecars(path: Path) -> list[Path]:
    """SQLite's companion files beside ``path`` (WAL, shared memory, rollback journal)."""
    return [p for p in (path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))
            if p.exists()]


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
