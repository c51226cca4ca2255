"""Integer keys are never reused, and an entity that facts refer to is never deleted:
either would silently hand one unit's facts to another."""

import pytest

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id
from desktop.store import bulk
from desktop.store.workspace import Workspace


def _unit(code):
    return {"id": new_id(), "code": code, "name": code, "kind": "person", "parent_id": None}


def test_keys_are_not_reused_after_the_newest_row_is_deleted(tmp_path):
    with Workspace.create(tmp_path / "w.tfw") as ws:
        a, b = _unit("A"), _unit("B")
        with ws.transaction("t") as tx:
            tx.insert("org_unit", a)
            key_b = tx.insert("org_unit", b)
        with ws.transaction("t") as tx:
            tx.delete("org_unit", {"id": b["id"]})
        with ws.transaction("t") as tx:
            key_c = tx.insert("org_unit", _unit("C"))
        assert key_c == key_b + 1


def test_an_entity_with_facts_cannot_be_deleted(tmp_path):
    with Workspace.create(tmp_path / "w.tfw") as ws:
        unit = _unit("A")
        with ws.transaction("t") as tx:
            key = tx.insert("org_unit", unit)
            bulk.insert_facts(tx, "actual", {
                "unit_key": [key], "metric_key": [1], "day": [20000], "value": [1.0],
                "denominator": [None], "source": ["manual"]}, source="manual")
        with pytest.raises(InvalidValueError, match="has actual rows"), \
                ws.transaction("t") as tx:
            tx.delete("org_unit", {"id": unit["id"]})
        with ws.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM org_unit").scalar() == 1
