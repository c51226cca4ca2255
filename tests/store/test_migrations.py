"""Schema versions: the golden file of format 1 opens with today's code; the migrated
schema is exactly schema.py's; upgrades back up first and are all-or-nothing."""

import re
import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from file_checks import file_state, sidecars

from desktop.store import loads, schema
from desktop.store.errors import MigrationError, NewerWorkspaceError
from desktop.store.fileformat import FORMAT_VERSION, HEAD_REVISION
from desktop.store.workspace import Workspace

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden_v1.tfw"
GOLDEN_REPLICA = "9a0c1f5e-0000-4000-8000-00000000a001"


@pytest.fixture
def golden(tmp_path) -> Path:
    path = tmp_path / "golden_v1.tfw"
    shutil.copyfile(GOLDEN, path)
    return path


def _dump(path: Path) -> list[str]:
    """The logical content of a database (schema and rows), independent of page layout."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_golden_file_is_small_and_of_format_1():
    assert GOLDEN.stat().st_size < 1_000_000
    conn = sqlite3.connect(f"{GOLDEN.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        conn.close()


def test_golden_v1_opens_and_loads(golden):
    with Workspace.open(golden) as ws:
        assert ws.meta("name") == "Golden v1"
        assert ws.replica_id == GOLDEN_REPLICA
        with ws.read() as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == FORMAT_VERSION
            counts = loads.counts(conn)
            tree = loads.org_tree(conn)
            metrics = loads.metrics(conn)
            periods = loads.periods(conn)
            (cascade, what_if) = loads.cascades(conn)
            objective, = loads.objectives(conn)
            versions = loads.versions(conn)
            total = conn.exec_driver_sql("SELECT sum(value) FROM actual").scalar()
        assert ws.settings()["alerts.threshold"] == 0.15
    assert {k: counts[k] for k in ("org_unit", "metric", "dimension", "product_line",
                                   "period", "objective", "rule", "cascade", "target_node",
                                   "cascade_edge", "cascade_version", "acknowledgement",
                                   "actual", "change_log")} == {
        "org_unit": 29, "metric": 5, "dimension": 3, "product_line": 2, "period": 2,
        "objective": 1, "rule": 2, "cascade": 2, "target_node": 29, "cascade_edge": 28,
        "cascade_version": 2, "acknowledgement": 6, "actual": 252, "change_log": 130}
    region = tree.by_code("R0")
    assert region.id == "0eef8fe8-30df-4401-813c-c58bdc351815"
    assert region.name == "Region 0 (renamed)"
    assert list(region.factors) == ["customer_density"]  # the other factor was deleted
    assert tree.by_code("R0T1P2").name == "Rep 0.1.2 张"
    assert [m.code for m in metrics] == ["collections", "contracts", "activity", "hm_share",
                                         "churn"]
    assert periods[1].code == "2025-Q2" and periods[1].plan.profile[:3] == (1.0, 2.0, 3.0)
    assert len(cascade.nodes) == 29 and len(cascade.edges) == 28 and not what_if.nodes
    assert objective.dimension_weights and sorted(objective.dimension_weights.values()) == [
        0.25, 0.35, 0.40]
    assert [v.number for v in versions] == [1, 2]
    assert total == 403956.0


def test_golden_v1_accepts_writes_after_opening(golden):
    with Workspace.open(golden) as ws:
        with ws.transaction() as tx:
            tx.update("org_unit", {"id": "0eef8fe8-30df-4401-813c-c58bdc351815"},
                      {"headcount": 7})
        with ws.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("SELECT max(seq) FROM change_log").scalar() == 131


def _index_name(statement: str) -> str:
    return re.search(r"INDEX (?:IF NOT EXISTS )?(\w+)", statement)[1]


def _fact_index_names() -> set[str]:
    return {_index_name(s) for stmts in schema.FACT_INDEXES.values() for s in stmts}


def test_migrated_schema_equals_schema_py(workspace):
    """Nobody edits schema.py without a revision (and nobody edits a revision without
    schema.py): autogenerate finds no difference on a freshly created workspace."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    fact_indexes = _fact_index_names()

    def include(obj, name, type_, reflected, compare_to):
        # fact indexes live outside the metadata (dropped and rebuilt by bulk loads)
        return not (type_ == "index" and name in fact_indexes)

    with workspace.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": include, "compare_type": True,
            "compare_server_default": True})
        diff = compare_metadata(context, schema.metadata)
        assert diff == []
        assert context.get_current_revision() == HEAD_REVISION
        made = {r[0]: r[1] for r in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    for statements in schema.FACT_INDEXES.values():
        for statement in statements:
            name = _index_name(statement)
            assert made[name] == statement.replace("IF NOT EXISTS ", "")


_REVISION = '''
"""test-only revision"""
import sqlalchemy as sa
from alembic import op

revision = "0099_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    path = op.get_bind().exec_driver_sql("PRAGMA database_list").fetchone()[2]
    import pathlib
    backups = sorted(p.name for p in pathlib.Path(path).parent.glob("*backup*"))
    op.add_column("dimension", sa.Column("color", sa.String, nullable=True))
    op.create_table("probe", sa.Column("backups", sa.String))
    op.execute("INSERT INTO probe VALUES ('" + ",".join(backups) + "')")
    op.execute("UPDATE dimension SET color = 'blue'")
    {fail}


def downgrade():
    raise NotImplementedError
'''


def _revision(tmp_path: Path, fail: bool) -> str:
    folder = tmp_path / ("failing" if fail else "versions")
    folder.mkdir()
    body = 'raise RuntimeError("step 2 went wrong")' if fail else "pass"
    text = textwrap.dedent(_REVISION).replace("{fail}", body).replace("{head}", HEAD_REVISION)
    (folder / "0099_test.py").write_text(text)
    return str(folder)


def test_upgrade_backs_up_first_then_migrates(golden, tmp_path):
    original = _dump(golden)
    location = _revision(tmp_path, fail=False)
    with Workspace.open(golden, version_locations=[location]) as ws, ws.read() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == FORMAT_VERSION + 1
        assert conn.exec_driver_sql(
            "SELECT version_num FROM alembic_version").scalar() == "0099_test"
        assert {r[0] for r in conn.exec_driver_sql("SELECT color FROM dimension")} == {"blue"}
        probe = conn.exec_driver_sql("SELECT backups FROM probe").scalar()
        assert loads.counts(conn)["org_unit"] == 29
    backup = golden.with_name("golden_v1.format1.backup.tfw")
    assert probe == backup.name  # the copy existed before the first DDL ran
    assert _dump(backup) == original
    assert sidecars(backup) == []
    # the migrated file is now newer than this release without the extra revision
    with pytest.raises(NewerWorkspaceError) as info:
        Workspace.open(golden)
    assert str(golden) in str(info.value)


def test_a_failing_upgrade_leaves_the_file_untouched(golden, tmp_path):
    location = _revision(tmp_path, fail=True)
    before = file_state(golden)
    with pytest.raises(MigrationError) as info:
        Workspace.open(golden, version_locations=[location])
    message = str(info.value)
    assert str(golden) in message and "step 2 went wrong" in message
    assert "golden_v1.format1.backup.tfw" in message
    assert file_state(golden) == before
    assert sidecars(golden) == []
    with Workspace.open(golden) as ws, ws.read() as conn:
        assert conn.exec_driver_sql(
            "SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(dimension)")}
        assert "color" not in columns
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'probe'").scalar() == 0


def test_an_unknown_revision_is_newer_even_with_extra_locations(golden, tmp_path):
    conn = sqlite3.connect(golden)
    conn.execute("UPDATE alembic_version SET version_num = '0999_later'")
    conn.commit()
    conn.close()
    before = file_state(golden)
    with pytest.raises(NewerWorkspaceError, match="0999_later"):
        Workspace.open(golden, version_locations=[_revision(tmp_path, fail=False)])
    assert file_state(golden) == before
    assert not list(tmp_path.glob("*backup*"))


def test_golden_v1_migrates_to_the_tracking_tables_with_a_backup(golden):
    with Workspace.open(golden) as ws:
        with ws.read() as conn:
            tables = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert conn.exec_driver_sql(
                "SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
        assert {"alert", "alert_event", "action_pack_rule", "alert_action",
                "checkin"} <= tables
        with ws.transaction("hq") as tx:
            tx.insert("checkin", {"id": "00000000-0000-4000-8000-0000000000c1",
                                  "unit_id": "0eef8fe8-30df-4401-813c-c58bdc351815",
                                  "day": 20100, "confidence": 0.7})
        with ws.read() as conn:
            assert loads.counts(conn)["checkin"] == 1
    assert golden.with_name("golden_v1.format1.backup.tfw").exists()


_REBUILD = '''
"""test-only revision that rebuilds a parent table (batch mode)"""
import sqlalchemy as sa
from alembic import op

revision = "0099_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("org_unit", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.String, nullable=True))


def downgrade():
    raise NotImplementedError
'''


def test_a_table_rebuild_keeps_the_rows_that_refer_to_it(golden, tmp_path):
    """Rebuilding org_unit drops and recreates it: with foreign keys on, ON DELETE
    CASCADE would silently empty unit_factor."""
    with Workspace.open(golden) as ws, ws.read() as conn:
        factors = conn.exec_driver_sql("SELECT count(*) FROM unit_factor").scalar()
    assert factors > 0
    folder = tmp_path / "rebuild"
    folder.mkdir()
    (folder / "0099_test.py").write_text(
        textwrap.dedent(_REBUILD).replace("{head}", HEAD_REVISION))
    with Workspace.open(golden, version_locations=[str(folder)]) as ws, ws.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM unit_factor").scalar() == factors
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_golden_v1_facts_keep_their_stamps_and_new_facts_take_their_batchs(golden):
    """Revision 0003: fact stamps may be NULL ("as its batch"); old rows keep theirs."""
    from desktop.store import bulk

    with Workspace.open(golden) as ws:
        with ws.read() as conn:
            old = conn.exec_driver_sql(
                "SELECT count(*) FROM actual WHERE created_at IS NOT NULL").scalar()
            total = conn.exec_driver_sql("SELECT count(*) FROM actual").scalar()
        assert old == total > 0
        with ws.transaction("importer") as tx:
            bulk.insert_facts(tx, "actual", {
                "unit_key": [1], "metric_key": [1], "day": [19000], "value": [2.0],
                "denominator": [None], "source": ["csv"]}, source="csv")
        with ws.read() as conn:
            row = conn.exec_driver_sql(
                "SELECT a.created_at, a.author, b.author, b.created_at IS NOT NULL "
                "FROM actual a JOIN fact_batch b ON b.key = a.batch_key "
                "WHERE a.day = 19000").one()
    assert tuple(row) == (None, None, "importer", 1)
