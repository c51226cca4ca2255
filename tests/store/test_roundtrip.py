"""Domain objects written through the store come back equal; save-as makes an equal,
independent copy; create never overwrites by accident."""

import pytest
from store_sample import build_world

from desktop.store import loads
from desktop.store.errors import WorkspaceError
from desktop.store.workspace import Workspace


def _load_all(ws: Workspace) -> dict:
    with ws.read() as conn:
        return {
            "units": sorted(loads.org_tree(conn), key=lambda u: u.id),
            "dimensions": loads.dimensions(conn),
            "metrics": loads.metrics(conn),
            "product_lines": loads.product_lines(conn),
            "periods": loads.periods(conn),
            "objectives": loads.objectives(conn),
            "rules": loads.rules(conn),
            "cascades": loads.cascades(conn),
            "versions": loads.versions(conn),
            "acks": loads.acknowledgements(conn),
            "counts": loads.counts(conn),
        }


def test_every_entity_round_trips(filled, world):
    with Workspace.open(filled) as ws:
        got = _load_all(ws)
    assert got["units"] == sorted(world.units, key=lambda u: u.id)
    assert got["dimensions"] == world.dimensions
    assert got["metrics"] == world.metrics
    assert got["product_lines"] == world.product_lines
    assert got["periods"] == world.periods
    assert got["periods"][1].plan.profile is not None
    assert got["objectives"] == world.objectives
    assert got["rules"] == world.rules
    assert got["cascades"] == world.cascades
    assert got["versions"] == world.versions
    assert got["acks"] == world.acks
    assert got["counts"]["actual"] == world.actual_rows


def test_version_and_acknowledgement_keep_their_own_author(tmp_path):
    """The publisher of a version (and who acknowledged) is domain data, not whoever
    happened to write the row."""
    world = build_world(seed=3)
    for v in world.versions:
        v.author = "Head office"
    for a in world.acks:
        a.author = "Region manager"
    from store_sample import write_world

    with Workspace.create(tmp_path / "a.tfw") as ws:
        with ws.transaction(author="importer") as tx:
            write_world(tx, world)
        with ws.read() as conn:
            assert loads.versions(conn) == world.versions
            assert loads.acknowledgements(conn) == world.acks
            logged = {r[0] for r in conn.exec_driver_sql(
                "SELECT DISTINCT author FROM change_log")}
    assert logged == {"importer"}


def test_org_columns_agree_with_the_tree(filled, world):
    with Workspace.open(filled) as ws, ws.read() as conn:
        cols = loads.org_columns(conn)
    assert len(cols) == len(world.units)
    by_id = {u.id: u for u in world.units}
    for i, unit_id in enumerate(cols.id):
        parent = cols.parent_index[i]
        assert by_id[unit_id].parent_id == (None if parent < 0 else cols.id[parent])
        assert cols.code[i] == by_id[unit_id].code


def test_save_as_is_an_equal_copy_with_a_new_replica(filled, tmp_path):
    ws = Workspace.open(filled)
    before = _load_all(ws)
    old_replica = ws.replica_id
    copy = ws.save_as(tmp_path / "sub" / "copy.tfw")
    try:
        assert copy.path == tmp_path / "sub" / "copy.tfw"
        assert copy.replica_id != old_replica
        assert _load_all(copy) == before
        # the original is closed: its engine has no open connections left
        assert ws.engine.pool.checkedout() == 0
        with copy.transaction() as tx:
            tx.insert("dimension", {"id": "00000000-0000-4000-8000-000000000001",
                                    "code": "people", "name": "People"})
    finally:
        copy.close()
    with Workspace.open(filled) as original:
        assert original.replica_id == old_replica
        assert _load_all(original) == before
    assert not list(tmp_path.glob("**/*.partial*"))


def test_save_as_onto_itself_keeps_it_open(filled):
    with Workspace.open(filled) as ws:
        assert ws.save_as(filled) is ws
        assert ws.meta("name") == "Filled"


def test_create_refuses_to_overwrite(filled):
    from file_checks import file_state

    before = file_state(filled)
    with pytest.raises(WorkspaceError) as info:
        Workspace.create(filled)
    assert str(filled) in str(info.value)
    assert "exists" in str(info.value)
    assert file_state(filled) == before


def test_create_with_overwrite_replaces_and_ignores_stale_sidecars(filled, tmp_path):
    """A stale -wal next to the replaced file must not be replayed into the new one."""
    ws = Workspace.open(filled)
    with ws.transaction() as tx:  # leave committed frames in the WAL, not checkpointed
        tx.insert("dimension", {"id": "00000000-0000-4000-8000-000000000002",
                                "code": "stale", "name": "Stale"})
    wal = filled.with_name(filled.name + "-wal")
    saved = wal.read_bytes()
    ws.engine.dispose()  # closes without the checkpoint close() would do
    if not wal.exists():
        wal.write_bytes(saved)
    with Workspace.create(filled, overwrite=True, name="New") as new:
        assert new.meta("name") == "New"
        with new.read() as conn:
            assert loads.counts(conn)["dimension"] == 0
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_create_makes_parent_folders_and_stamps_meta(tmp_path):
    with Workspace.create(tmp_path / "a" / "b" / "new.tfw", author="alice") as ws:
        assert ws.meta("format") == "targetflow-workspace"
        assert ws.meta("name") == "new"
        assert ws.meta("created_by") == "alice"
        assert ws.settings()["cascade.inherit_share"] == 0.70
