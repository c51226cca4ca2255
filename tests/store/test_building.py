"""Workspace.building(): journal off while a private file is built, WAL again after."""

import sqlite3

from desktop.store.workspace import Workspace


def _journal_mode(ws: Workspace) -> str:
    with ws.read() as conn:
        return conn.exec_driver_sql("PRAGMA journal_mode").scalar()


def test_building_turns_the_journal_off_then_back_to_wal(tmp_path):
    ws = Workspace.create(tmp_path / "w.tfw")
    assert _journal_mode(ws) == "wal"
    with ws.building():
        assert _journal_mode(ws) == "off"
        with ws.transaction("gen") as tx:
            tx.insert("dimension", {"id": "8c7e2f4e-0000-4000-8000-000000000001",
                                    "code": "finance", "name": "Finance"})
    assert _journal_mode(ws) == "wal"
    ws.close()
    raw = sqlite3.connect(tmp_path / "w.tfw")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT count(*) FROM dimension").fetchone()[0] == 1
    raw.close()
