"""The change log: one row per change, written in the change's own transaction, keyed by
UUIDs, with a strictly increasing local sequence; append-only."""

import inspect
import json
import re

import pytest

from desktop.domain.errors import UnknownEntityError
from desktop.domain.org import OrgUnit
from desktop.store import bulk, changes, entities, workspace
from desktop.store.workspace import Workspace

COMPANY = "11111111-1111-4111-8111-111111111111"
REGION = "22222222-2222-4222-8222-222222222222"
OTHER = "33333333-3333-4333-8333-333333333333"


def _log(ws: Workspace, after: int = 0) -> list[dict]:
    with ws.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, txn_id, entity, entity_id, field, old_value, new_value, author, at,"
            " origin FROM change_log WHERE seq > ? ORDER BY seq", (after,)).mappings().all()
    return [dict(r) for r in rows]


def _units(tx) -> None:
    entities.add_org_units(tx, [
        OrgUnit("CO", "Company", "company", id=COMPANY),
        OrgUnit("R1", "North", "region", COMPANY, factors={"customer_density": 1.2},
                id=REGION),
    ])


def test_insert_logs_every_entity_with_who_when_and_where(workspace):
    with workspace.transaction(author="alice") as tx:
        _units(tx)
        txn = tx.txn_id
    log = _log(workspace)
    assert [(r["entity"], r["entity_id"]) for r in log] == [
        ("org_unit", COMPANY), ("org_unit", REGION),
        ("unit_factor", f"{REGION}/customer_density")]
    for row in log:
        assert row["txn_id"] == txn
        assert row["author"] == "alice"
        assert row["origin"] == workspace.replica_id
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", row["at"])
        assert row["field"] is None and row["old_value"] is None
    region = json.loads(log[1]["new_value"])
    assert region["parent_id"] == COMPANY  # a UUID, not the integer key
    assert region["code"] == "R1"
    factor = json.loads(log[2]["new_value"])
    assert factor == {"unit_id": REGION, "factor": "customer_density", "value": 1.2}


def test_update_logs_only_real_changes_field_by_field(workspace):
    with workspace.transaction() as tx:
        _units(tx)
        tx.insert("org_unit", entities.unit_row(
            OrgUnit("R2", "South", "region", COMPANY, id=OTHER)))
    last = _log(workspace)[-1]["seq"]
    with workspace.transaction(author="bob") as tx:
        changed = tx.update("org_unit", {"id": REGION},
                            {"name": "North-East", "headcount": 1, "parent_id": OTHER})
    assert changed == {"name": ("North", "North-East"), "parent_id": (COMPANY, OTHER)}
    log = _log(workspace, last)
    assert [(r["field"], json.loads(r["old_value"]), json.loads(r["new_value"]))
            for r in log] == [("name", "North", "North-East"), ("parent_id", COMPANY, OTHER)]
    assert {r["author"] for r in log} == {"bob"}
    with workspace.read() as conn:
        row = conn.exec_driver_sql(
            "SELECT u.name, p.id, u.author, u.updated_at >= u.created_at FROM org_unit u "
            "JOIN org_unit p ON p.key = u.parent_key WHERE u.id = ?", (REGION,)).one()
    assert tuple(row) == ("North-East", OTHER, "bob", 1)

    with workspace.transaction() as tx:  # nothing changes: nothing is logged
        assert tx.update("org_unit", {"id": REGION}, {"name": "North-East"}) == {}
        assert tx.update("unit_factor", {"unit_id": REGION, "factor": "customer_density"},
                         {"value": 1.2}) == {}
    assert _log(workspace, log[-1]["seq"]) == []


def test_update_of_a_row_identified_by_its_fields(workspace):
    with workspace.transaction() as tx:
        _units(tx)
    with workspace.transaction() as tx:
        tx.update("unit_factor", {"unit_id": REGION, "factor": "customer_density"},
                  {"value": 0.9})
    row = _log(workspace)[-1]
    assert (row["entity"], row["entity_id"], row["field"]) == (
        "unit_factor", f"{REGION}/customer_density", "value")
    assert (json.loads(row["old_value"]), json.loads(row["new_value"])) == (1.2, 0.9)


def test_delete_logs_a_snapshot_with_uuid_references(workspace):
    with workspace.transaction() as tx:
        _units(tx)
    with workspace.transaction() as tx:
        tx.delete("unit_factor", {"unit_id": REGION, "factor": "customer_density"})
        tx.delete("org_unit", {"id": REGION})
        with pytest.raises(UnknownEntityError):
            tx.key_of("org_unit", REGION)  # a deleted entity is no longer known
    factor, unit = _log(workspace)[-2:]
    assert factor["new_value"] is None and unit["new_value"] is None
    assert json.loads(factor["old_value"])["unit_id"] == REGION
    snapshot = json.loads(unit["old_value"])
    assert snapshot["parent_id"] == COMPANY and snapshot["id"] == REGION
    assert "parent_key" not in snapshot and "key" not in snapshot


def test_unknown_entities_are_refused(workspace):
    with pytest.raises(UnknownEntityError), workspace.transaction() as tx:
        tx.update("org_unit", {"id": OTHER}, {"name": "x"})
    with pytest.raises(UnknownEntityError), workspace.transaction() as tx:
        tx.delete("org_unit", {"id": OTHER})
    with pytest.raises(UnknownEntityError), workspace.transaction() as tx:
        tx.insert("org_unit", entities.unit_row(OrgUnit("R9", "x", "region", OTHER)))
    assert _log(workspace) == []


def test_seq_is_strictly_increasing_across_transactions_and_reopen(workspace):
    for i in range(5):
        with workspace.transaction() as tx:
            tx.insert_many("dimension", [{"id": f"00000000-0000-4000-8000-{i:06d}{k:06d}",
                                          "code": f"d{i}-{k}", "name": "x"} for k in range(3)])
            tx.log_event("note", f"n{i}", None, None, {"i": i})
    path = workspace.path
    workspace.close()
    with Workspace.open(path) as again:
        with again.transaction() as tx:
            tx.log_event("note", "after", None, None, None)
        log = _log(again)
    seqs = [r["seq"] for r in log]
    assert seqs == sorted(set(seqs)) and len(seqs) == 21
    txns = [r["txn_id"] for r in log]
    assert len(set(txns)) == 6
    # each transaction's rows are contiguous in seq order
    assert [t for i, t in enumerate(txns) if i == 0 or txns[i - 1] != t] == list(
        dict.fromkeys(txns))


def test_seq_is_never_reused_after_the_newest_rows_are_gone(workspace):
    """AUTOINCREMENT: a rolled-back or removed tail never hands out the same seq again
    (sync remembers the last seq it shipped)."""
    with workspace.transaction() as tx:
        tx.log_event("note", "a", None, None, 1)
        tx.log_event("note", "b", None, None, 2)
    with workspace.engine.begin() as conn:  # simulate damage repair, not an API path
        conn.exec_driver_sql("DELETE FROM change_log WHERE entity_id = 'b'")
    with workspace.transaction() as tx:
        tx.log_event("note", "c", None, None, 3)
    assert [r["seq"] for r in _log(workspace)] == [1, 3]


def test_a_failing_transaction_leaves_neither_change_nor_log(workspace):
    with workspace.transaction() as tx:
        _units(tx)
    before = _log(workspace)
    with pytest.raises(RuntimeError), workspace.transaction() as tx:
        tx.update("org_unit", {"id": REGION}, {"name": "Gone"})
        tx.insert("dimension", {"id": OTHER, "code": "x", "name": "x"})
        bulk.insert_facts(tx, "actual", {"unit_key": [1, 2], "metric_key": [1, 1],
                                         "day": [1, 1], "value": [1.0, 2.0],
                                         "denominator": [None, None],
                                         "source": ["csv", "csv"]}, source="csv")
        raise RuntimeError("boom")
    assert _log(workspace) == before
    with workspace.read() as conn:
        assert conn.exec_driver_sql(
            "SELECT name FROM org_unit WHERE id = ?", (REGION,)).scalar() == "North"
        for table in ("dimension", "actual", "fact_batch"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
        # the fact indexes dropped for the bulk load are back too
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'actual'")}
    assert "ux_actual_fact" in names


def test_an_integrity_error_rolls_back_the_whole_transaction(workspace):
    with workspace.transaction() as tx:
        _units(tx)
    before = _log(workspace)
    with pytest.raises(Exception, match="UNIQUE"), workspace.transaction() as tx:
        tx.insert("dimension", {"id": OTHER, "code": "x", "name": "x"})
        tx.insert("org_unit", entities.unit_row(OrgUnit("R1", "dup code", "region")))
    assert _log(workspace) == before


def test_fact_batches_are_logged_once_not_per_row(workspace):
    with workspace.transaction() as tx:
        batch = bulk.insert_facts(tx, "actual", {
            "unit_key": list(range(1000)), "metric_key": [1] * 1000, "day": [5] * 1000,
            "value": [1.0] * 1000, "denominator": [None] * 1000, "source": ["crm"] * 1000},
            source="crm", origin="org-1")
    log = _log(workspace)
    assert [(r["entity"], r["entity_id"]) for r in log] == [("fact_batch", batch)]
    assert json.loads(log[0]["new_value"])["rows"] == 1000


def test_nothing_in_the_api_deletes_or_rewrites_log_rows():
    """Append-only: the store's code only ever inserts into change_log."""
    for module in (changes, bulk, entities, workspace):
        source = inspect.getsource(module)
        assert not re.search(r"(DELETE\s+FROM|UPDATE)\s+change_log", source, re.I)
        assert "change_log.delete" not in source and "change_log.update" not in source
    assert not any(name in dir(changes.ChangeWriter) for name in
                   ("delete_log", "clear_log", "truncate_log", "prune"))


def test_insert_fills_schema_defaults_for_left_out_columns(workspace):
    with workspace.transaction() as tx:
        tx.insert_many("org_unit", [
            {"id": COMPANY, "code": "CO", "name": "Co", "kind": "company"},
            {"id": REGION, "code": "R1", "name": "R", "kind": "region", "parent_id": COMPANY,
             "manager": "Ann", "headcount": 4}])
    with workspace.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT code, manager, headcount, parent_key, author FROM org_unit ORDER BY key"
        ).all()
    assert [tuple(r) for r in rows] == [("CO", "", 1, None, "tester"),
                                        ("R1", "Ann", 4, 1, "tester")]
