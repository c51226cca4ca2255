"""Bulk fact loads: all-or-nothing per batch, indexes always back, natural keys enforced."""

import numpy as np
import pytest

from desktop.store import bulk
from desktop.store.errors import DuplicateFactError


def _facts(units, day=1, metric=1):
    n = len(units)
    return {"unit_key": units, "metric_key": [metric] * n, "day": [day] * n,
            "value": [float(u) for u in units], "denominator": [None] * n,
            "source": ["csv"] * n}


def _state(ws):
    with ws.read() as conn:
        return (conn.exec_driver_sql("SELECT count(*) FROM actual").scalar(),
                conn.exec_driver_sql("SELECT count(*) FROM fact_batch").scalar(),
                conn.exec_driver_sql("SELECT count(*) FROM change_log").scalar(),
                sorted(r[0] for r in conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE tbl_name = 'actual' "
                    "AND type = 'index'")))


@pytest.mark.parametrize("existing", [0, 5000])
def test_a_duplicate_aborts_only_its_batch(workspace, existing):
    """Big batch (indexes dropped and rebuilt) and small batch (indexes kept) alike."""
    if existing:
        with workspace.transaction() as tx:
            bulk.insert_facts(tx, "actual", _facts(list(range(existing))), source="csv")
    before = _state(workspace)
    with workspace.transaction() as tx:
        with pytest.raises(DuplicateFactError) as info:
            bulk.insert_facts(tx, "actual", _facts([existing + 1, 7, existing + 1]),
                              source="csv")
        assert str(workspace.path) in str(info.value)
        assert _state_in(tx) == before  # nothing of the batch is left, indexes are back
        bulk.insert_facts(tx, "actual", _facts([existing + 2], day=2), source="csv")
    after = _state(workspace)
    assert after[:3] == (before[0] + 1, before[1] + 1, before[2] + 1)
    assert after[3] == before[3]


def _state_in(tx):
    conn = tx.conn
    return (conn.exec_driver_sql("SELECT count(*) FROM actual").scalar(),
            conn.exec_driver_sql("SELECT count(*) FROM fact_batch").scalar(),
            conn.exec_driver_sql("SELECT count(*) FROM change_log").scalar(),
            sorted(r[0] for r in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'actual' AND type = 'index'")))


def test_extra_indexes_survive_a_rebuild(workspace):
    """An index a later revision adds is recreated from its own SQL, not lost."""
    with workspace.engine.begin() as conn:
        conn.exec_driver_sql("CREATE INDEX ix_actual_day ON actual(day)")
    before = _state(workspace)[3]
    with workspace.transaction() as tx:
        bulk.insert_facts(tx, "actual", _facts(list(range(100))), source="csv")
    assert _state(workspace)[3] == before


def test_numpy_columns_and_every_fact_table(workspace):
    units = np.arange(10, dtype=np.int64)
    with workspace.transaction() as tx:
        bulk.insert_facts(tx, "actual", {
            "unit_key": units, "metric_key": np.ones(10, dtype=np.int64),
            "day": np.full(10, 20089), "value": np.linspace(0, 1, 10),
            "denominator": [2.0] * 10, "source": ["demo"] * 10}, source="demo")
        bulk.insert_facts(tx, "deal_event", {
            "opportunity_key": [1, 1], "day": [3, 4], "activity": ["created", "won"],
            "stage": ["lead", "closed"]}, source="crm")
        bulk.insert_facts(tx, "incentive_spend", {
            "unit_key": [1], "day": [3], "metric_key": [None], "product_line_key": [2],
            "amount": [99.5]}, source="csv")
        empty = bulk.insert_facts(tx, "actual", _facts([]), source="csv")
    with workspace.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT unit_key, day, value, denominator FROM actual ORDER BY unit_key").all()
        assert [tuple(r) for r in rows[:2]] == [(0, 20089, 0.0, 2.0), (1, 20089, 1 / 9, 2.0)]
        assert all(type(r[0]) is int for r in rows)
        assert conn.exec_driver_sql("SELECT count(*) FROM deal_event").scalar() == 2
        assert conn.exec_driver_sql(
            "SELECT rows FROM fact_batch WHERE id = ?", (empty,)).scalar() == 0


def test_bad_columns_are_refused_before_anything_is_written(workspace):
    with workspace.transaction() as tx:
        bad = _facts([1, 2])
        del bad["source"]
        with pytest.raises(ValueError, match="missing columns source"):
            bulk.insert_facts(tx, "actual", bad, source="csv")
        uneven = _facts([1, 2])
        uneven["day"] = [1]
        with pytest.raises(ValueError, match="differ in length"):
            bulk.insert_facts(tx, "actual", uneven, source="csv")
    assert _state(workspace)[:3] == (0, 0, 0)
