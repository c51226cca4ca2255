"""Columnar copies of store reads (store/column_copies): used only while no change since
names their tables (or deletes from a table they refer to) in the reader's snapshot;
another file under the same name, a damaged or half-written copy, is never trusted;
columns come back with the types the read gave."""

import shutil

import numpy as np
import pytest

from desktop.store import bulk, copy_files
from desktop.store.column_copies import CopyReader, copies_dir
from desktop.store.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    w = Workspace.create(tmp_path / "w.tfw")
    with w.transaction() as tx:
        tx.insert("org_unit", {"id": "u1", "code": "U1", "name": "One", "kind": "company"})
        tx.insert("org_unit", {"id": "u2", "code": "U2", "name": "Two", "kind": "rep",
                               "parent_id": "u1"})
        tx.insert("unit_factor", {"unit_id": "u2", "factor": "potential", "value": 2.0})
        tx.insert("product_line", {"id": "p1", "code": "P1", "name": "Cloud"})
    yield w
    w.close()


def _names(conn):
    raw = conn.connection.driver_connection
    rows = raw.execute("SELECT key, name, manager FROM org_unit ORDER BY key").fetchall()
    return {"key": [r[0] for r in rows], "name": [r[1] for r in rows],
            "manager": [r[2] for r in rows], "keys": np.array([r[0] for r in rows])}


def _factors(conn):
    raw = conn.connection.driver_connection
    return {"value": [v for (v,) in raw.execute("SELECT value FROM unit_factor ORDER BY rowid")]}


def _load(ws, name="names", read=_names, entities=("org_unit",), facts=(), fail=False):
    def reading(conn):
        if fail:
            pytest.fail(f"{name} was read from the tables")
        return read(conn)

    with ws.read() as conn:
        return CopyReader(ws, conn).load(name, reading, entities=entities, facts=facts)


def test_a_copy_is_written_then_used_with_the_same_types(ws):
    first = _load(ws)
    assert (copies_dir(ws.path) / "names").exists()
    again = _load(ws, fail=True)
    assert again["name"] == ["One", "Two"] and again["manager"] == first["manager"]
    assert again["key"] == [1, 2] and type(again["key"][0]) is int
    assert again["keys"].dtype == first["keys"].dtype and again["keys"].tolist() == [1, 2]


def test_a_change_of_its_table_is_seen(ws):
    _load(ws)
    with ws.transaction() as tx:
        tx.update("org_unit", {"id": "u2"}, {"name": "Deux"})
    assert _load(ws)["name"] == ["One", "Deux"]
    assert _load(ws, fail=True)["name"] == ["One", "Deux"]  # and the copy is renewed


def test_changes_of_other_tables_leave_it_in_use(ws):
    _load(ws)
    with ws.transaction() as tx:
        tx.update("product_line", {"id": "p1"}, {"name": "Edge"})
        tx.update("unit_factor", {"unit_id": "u2", "factor": "potential"}, {"value": 3.0})
    assert _load(ws, fail=True)["name"] == ["One", "Two"]


def test_a_delete_where_it_refers_is_seen(ws):
    """unit_factor rows go with their unit (ON DELETE CASCADE), logged only as the
    unit's delete."""
    _load(ws, "factors", _factors, ("unit_factor",))
    with ws.transaction() as tx:
        tx.update("org_unit", {"id": "u2"}, {"name": "Deux"})  # an update does not reach
    assert _load(ws, "factors", _factors, ("unit_factor",), fail=True)["value"] == [2.0]
    with ws.transaction() as tx:
        tx.delete("org_unit", {"id": "u2"})
    assert _load(ws, "factors", _factors, ("unit_factor",))["value"] == []


def test_fact_writes_are_seen(ws):
    def spend(conn):
        raw = conn.connection.driver_connection
        return {"amount": [a for (a,) in raw.execute(
            "SELECT amount FROM incentive_spend ORDER BY rowid")]}

    def pay(amount):
        with ws.transaction() as tx:
            bulk.insert_facts(tx, "incentive_spend", {
                "unit_key": [2], "day": [20100], "metric_key": [None], "product_line_key": [1],
                "amount": [amount], "source": ["t"]}, source="t")

    pay(5.0)
    assert _load(ws, "spend", spend, (), ("incentive_spend",))["amount"] == [5.0]
    assert _load(ws, "spend", spend, (), ("incentive_spend",), fail=True)["amount"] == [5.0]
    pay(7.0)
    assert _load(ws, "spend", spend, (), ("incentive_spend",))["amount"] == [5.0, 7.0]


def test_another_history_under_the_same_numbers_is_not_trusted(ws, tmp_path):
    """A copy of the file that went another way since (same replica, as many changes)."""
    ws.close()
    other_path = tmp_path / "other.tfw"
    shutil.copy(ws.path, other_path)
    _load(ws)
    with ws.transaction() as tx:
        tx.update("org_unit", {"id": "u2"}, {"name": "Here"})
    other = Workspace.open(other_path)
    with other.transaction() as tx:
        tx.update("org_unit", {"id": "u2"}, {"name": "There"})
    other.close()
    _load(ws)  # stamped with this file's newest change
    ws.close()
    shutil.copy(other_path, ws.path)
    assert _load(Workspace.open(ws.path))["name"] == ["One", "There"]


def test_another_file_under_the_same_name_is_not_trusted(ws, tmp_path):
    _load(ws)
    ws.close()
    ws.path.unlink()
    again = Workspace.create(ws.path)
    with again.transaction() as tx:
        tx.insert("org_unit", {"id": "x", "code": "X", "name": "Else", "kind": "company"})
    assert _load(again)["name"] == ["Else"]
    again.close()


@pytest.mark.parametrize("damage", ["flip", "truncate", "foreign"])
def test_a_damaged_copy_is_ignored_and_replaced(ws, damage):
    _load(ws)
    path = copies_dir(ws.path) / "names"
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-20] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data[:4] = b"JUNK"
    path.write_bytes(bytes(data))
    assert _load(ws)["name"] == ["One", "Two"]
    assert _load(ws, fail=True)["name"] == ["One", "Two"]


def test_a_half_written_copy_is_never_read(ws, monkeypatch):
    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(copy_files.os, "replace", crash)
    assert _load(ws)["name"] == ["One", "Two"]
    assert not (copies_dir(ws.path) / "names").exists()
    assert not list(copies_dir(ws.path).glob("*.partial"))


def test_columns_it_cannot_store_exactly_are_not_copied(ws):
    def odd(conn):
        return {"text": ["a\x00b", "c"]}

    def mixed(conn):
        return {"numbers": [1, 2.5]}

    assert _load(ws, "odd", odd)["text"] == ["a\x00b", "c"]
    assert _load(ws, "mixed", mixed)["numbers"] == [1, 2.5]
    assert not (copies_dir(ws.path) / "odd").exists()
    assert not (copies_dir(ws.path) / "mixed").exists()


def test_values_round_trip(ws):
    def values(conn):
        return {"text": ["", "数据", None, "x"], "ints": [1, None, -(2 ** 62), 0],
                "floats": [0.1, float("inf"), None, -0.0], "empty": [],
                "array": np.array([1.5, np.nan]), "narrow": np.array([3, 4], dtype=np.int16)}

    fresh = _load(ws, "values", values)
    cached = _load(ws, "values", values, fail=True)
    assert cached["text"] == fresh["text"] and cached["ints"] == fresh["ints"]
    assert cached["floats"] == fresh["floats"] and cached["empty"] == []
    assert cached["narrow"].dtype == np.int16
    assert np.array_equal(cached["array"], fresh["array"], equal_nan=True)


def test_a_workspace_being_built_writes_no_copy(ws):
    with ws.building():
        _load(ws)
    assert not (copies_dir(ws.path) / "names").exists()


def test_a_copy_of_another_release_or_schema_is_read_again(ws, monkeypatch):
    _load(ws)
    monkeypatch.setattr(copy_files, "app_version", lambda: "99.0")  # another release
    with pytest.raises(pytest.fail.Exception):
        _load(ws, fail=True)
    _load(ws)  # this release's copy now
    _load(ws, fail=True)
    _set_revision(ws, "later")  # what a migration leaves: another revision, no log
    with pytest.raises(pytest.fail.Exception):
        _load(ws, fail=True)


def test_a_copy_holding_other_columns_than_the_reader_takes_is_read_again(ws):
    from desktop.store import copied_reads, loads

    # a copy under the same name and stamp whose columns are another build's
    _load(ws, "org", lambda conn: {"key": [1, 2], "label": ["One", "Two"]})
    with ws.read() as conn:
        found = copied_reads.org_columns(CopyReader(ws, conn))
        table = loads.org_columns(conn)
    assert found.code == table.code and found.name == table.name
    with ws.read() as conn:  # and the copy is this build's again
        assert copied_reads.org_columns(CopyReader(ws, conn)).name == table.name


def _set_revision(ws, revision: str) -> None:
    import sqlite3

    con = sqlite3.connect(ws.path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()
