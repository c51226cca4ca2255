"""The columnar copy of the actuals (store/fact_cache): used only while it matches the
workspace; appended facts are taken in, anything else rebuilds it; a damaged, truncated
or half-written copy is never trusted."""

import numpy as np
import pytest

from desktop.store import bulk, copy_files, fact_arrays, fact_cache, fact_updates
from desktop.store.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    w = Workspace.create(tmp_path / "w.tfw")
    with w.transaction() as tx:
        tx.insert("org_unit", {"id": "u1", "code": "U1", "name": "U1", "kind": "rep"})
    yield w
    w.close()


def _add(ws, days, values):
    with ws.transaction() as tx:
        bulk.insert_facts(tx, "actual", {"unit_key": [1] * len(days),
                                         "metric_key": [1] * len(days), "day": days,
                                         "value": values, "denominator": [None] * len(days),
                                         "source": ["t"] * len(days)}, source="t")


def _table(ws):
    with ws.read() as conn:
        return fact_arrays.actuals(conn)


def _same(cached, table):
    order = np.lexsort((table.unit_key, table.day))  # the copy is in (day, rowid) order
    for name in ("unit_key", "metric_key", "day", "value", "denominator"):
        assert np.array_equal(np.asarray(getattr(cached, name), dtype=float),
                              np.asarray(getattr(table, name), dtype=float)[order],
                              equal_nan=True), name


def test_copy_is_written_and_reused(ws, monkeypatch):
    _add(ws, [20100, 20090, 20095], [1.0, 2.0, 3.0])
    first = fact_cache.load_actuals(ws)
    assert fact_cache.cache_path(ws.path).exists()
    _same(first, _table(ws))
    monkeypatch.setattr(fact_cache, "actual_rows", lambda *a, **k: pytest.fail("re-read"))
    again = fact_cache.load_actuals(ws)
    assert again.day.tolist() == [20090, 20095, 20100]
    assert again.between(20091, 20100).value.tolist() == [3.0, 1.0]


def test_appended_facts_are_taken_in(ws):
    _add(ws, [20100], [1.0])
    fact_cache.load_actuals(ws)
    _add(ws, [20050, 20101], [5.0, 6.0])
    after = fact_cache.load_actuals(ws)
    assert after.value.tolist() == [5.0, 1.0, 6.0]
    _same(after, _table(ws))


def test_a_correction_rebuilds_the_copy(ws):
    _add(ws, [20100, 20101], [1.0, 2.0])
    fact_cache.load_actuals(ws)
    with ws.transaction() as tx:
        fact_updates.update_facts(tx, "actual", [{"unit_key": 1, "metric_key": 1,
                                                  "day": 20100, "value": 9.0}],
                                  source="fix", origin="f.csv", log=[])
    assert fact_cache.load_actuals(ws).value.tolist() == [9.0, 2.0]


def test_a_change_the_tokens_do_not_see_is_caught(ws):
    """A writer that knows no tokens (an older app) still makes a batch."""
    _add(ws, [20100], [1.0])
    fact_cache.load_actuals(ws)
    with ws.transaction() as tx:
        tx.insert("fact_batch", {"id": "b-old", "kind": "actual", "source": "old",
                                 "origin": "", "rows": 1})
        key = tx.key_of("fact_batch", "b-old")
        tx.conn.exec_driver_sql("UPDATE actual SET value = 4.0, batch_key = ?", (key,))
    assert fact_cache.load_actuals(ws).value.tolist() == [4.0]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_copy_is_ignored_and_replaced(ws, damage):
    _add(ws, list(range(20000, 20400)), [float(i) for i in range(400)])
    fact_cache.load_actuals(ws)
    path = fact_cache.cache_path(ws.path)
    blob = bytearray(path.read_bytes())
    if damage == "truncate":
        blob = blob[:-100]
    elif damage == "flip":
        blob[-50] ^= 0xFF  # inside the last column
    elif damage == "garbage":
        blob = bytearray(b"not a copy" * 10)
    else:
        blob = bytearray()
    path.write_bytes(bytes(blob))
    assert fact_cache.read_cache(path) is None
    assert fact_cache.load_actuals(ws).value.tolist() == [float(i) for i in range(400)]
    assert fact_cache.read_cache(path) is not None  # rebuilt


def test_a_half_written_copy_is_never_read(ws, monkeypatch):
    _add(ws, [20100], [1.0])
    path = fact_cache.cache_path(ws.path)

    def crash(*_args):
        raise KeyboardInterrupt  # killed between writing and renaming

    monkeypatch.setattr(copy_files.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        fact_cache.load_actuals(ws)
    assert not path.exists()
    monkeypatch.undo()
    assert fact_cache.load_actuals(ws).value.tolist() == [1.0]


def test_another_file_under_the_same_name_does_not_match(ws, tmp_path):
    _add(ws, [20100], [1.0])
    fact_cache.load_actuals(ws)
    ws.close()
    copy = fact_cache.cache_path(ws.path).read_bytes()
    ws.path.unlink()
    other = Workspace.create(tmp_path / "w.tfw")
    fact_cache.cache_path(other.path).write_bytes(copy)
    try:
        assert len(fact_cache.load_actuals(other)) == 0
    finally:
        other.close()


def test_rows_deleted_by_any_writer_rebuild_the_copy(ws):
    _add(ws, [20100, 20101, 20102], [1.0, 2.0, 3.0])
    fact_cache.load_actuals(ws)
    with ws.transaction() as tx:
        tx.conn.exec_driver_sql("DELETE FROM actual WHERE day = 20101")
    assert fact_cache.load_actuals(ws).value.tolist() == [1.0, 3.0]


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(fact_cache, "_BLOCK", 7)  # many blocks from a few rows


def test_a_period_is_read_alone_and_matches_the_whole(ws, small_blocks):
    days = [20000 + (i * 37) % 90 for i in range(90)]  # every day once, out of order
    _add(ws, days, [float(i) for i in range(90)])
    whole = fact_cache.load_actuals(ws)
    lazy = fact_cache.open_actuals(ws)
    assert isinstance(lazy, fact_cache.CopiedActuals) and len(lazy) == 90
    for first, last in [(20010, 20040), (None, 20005), (20080, None), (30000, 30001),
                        (20020, 20020), (None, None)]:
        part, full = lazy.between(first, last), whole.between(first, last)
        for name in ("unit_key", "metric_key", "day", "value", "denominator"):
            assert np.array_equal(getattr(part, name), getattr(full, name), equal_nan=True)
            assert getattr(part, name).dtype == getattr(full, name).dtype


def test_a_copy_changed_after_opening_is_not_read(ws, small_blocks):
    _add(ws, list(range(20000, 20050)), [float(i) for i in range(50)])
    fact_cache.load_actuals(ws)
    lazy = fact_cache.open_actuals(ws)
    path = fact_cache.cache_path(ws.path)
    blob = bytearray(path.read_bytes())
    blob[-30] ^= 0xFF  # a block of the last column
    path.write_bytes(bytes(blob))
    assert lazy.between(20045, 20049).value.tolist() == [45.0, 46.0, 47.0, 48.0, 49.0]
    _add(ws, [20060], [60.0])  # a newer copy under the same name: another stamp
    fact_cache.load_actuals(ws)
    assert fact_cache.read_range(path, lazy.stamp, None, None) is None
    assert lazy.between(20049, None).value.tolist() == [49.0, 60.0]  # the workspace's


def _held(days, values):
    n = len(days)
    return fact_arrays.ActualColumns(
        np.ones(n, dtype=np.int64), np.ones(n, dtype=np.int64), np.asarray(days, np.int64),
        np.asarray(values, dtype=float), np.full(n, np.nan))


def test_a_writer_seeds_the_copy_from_what_it_wrote(ws, monkeypatch):
    days, values = list(range(20000, 20300)), [float(v) for v in range(300)]
    _add(ws, days, values)
    assert fact_cache.seed(ws, _held(days, values))
    monkeypatch.setattr(fact_cache, "actual_rows", lambda *a, **k: pytest.fail("re-read"))
    _same(fact_cache.load_actuals(ws), _table(ws))


def test_a_seed_that_is_not_the_table_is_refused(ws):
    days, values = list(range(20000, 20300)), [float(v) for v in range(300)]
    _add(ws, days, values)
    # other rows, rows in another order, one row short: nothing is written
    assert not fact_cache.seed(ws, _held(days, [v + 1 for v in values]))
    assert not fact_cache.seed(ws, _held(days[::-1], values[::-1]))
    assert not fact_cache.seed(ws, _held(days[1:], values[1:]))
    assert not fact_cache.cache_path(ws.path).exists()
    _same(fact_cache.load_actuals(ws), _table(ws))  # the reader reads the table


def test_a_copy_of_another_release_or_schema_is_not_used(ws, monkeypatch):
    import sqlite3

    _add(ws, [20100], [1.0])
    fact_cache.load_actuals(ws)
    reads = []
    real = fact_cache.actual_rows
    monkeypatch.setattr(fact_cache, "actual_rows", lambda *a, **k: reads.append(1) or real(*a, **k))
    monkeypatch.setattr(copy_files, "app_version", lambda: "99.0")  # another release
    assert fact_cache.load_actuals(ws).value.tolist() == [1.0] and len(reads) == 1
    fact_cache.load_actuals(ws)
    assert len(reads) == 1  # its own copy from then on
    con = sqlite3.connect(ws.path)  # a migration rebuilding `actual`: no batch, no token
    with con:
        con.execute("UPDATE alembic_version SET version_num = 'later'")
        con.execute("UPDATE actual SET value = 7.0")
    con.close()
    assert fact_cache.load_actuals(ws).value.tolist() == [7.0] and len(reads) == 2


def test_readers_at_once_read_the_table_once(ws, monkeypatch):
    import threading
    import time

    _add(ws, [20100, 20101], [1.0, 2.0])
    reads = []
    real = fact_cache.actual_rows

    def slow(*args, **kwargs):
        reads.append(1)
        time.sleep(0.3)  # 9 M rows take seconds: the other readers arrive meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(fact_cache, "actual_rows", slow)
    found = []
    threads = [threading.Thread(target=lambda: found.append(fact_cache.load_actuals(ws)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1
    assert [f.value.tolist() for f in found] == [[1.0, 2.0]] * 4
