"""Bulk loads of facts (actuals, deal events, incentive spend): millions of rows.

Facts are written in one statement per batch through the DBAPI cursor (SQLAlchemy adds
nothing but cost per row here), inside the caller's transaction. A large batch drops the
table's indexes first and rebuilds them after, which is several times faster than
maintaining them row by row; the rebuild also enforces the natural key, so a duplicate
aborts the whole transaction rather than half-loading.

Each batch is one ``fact_batch`` entity, logged in the change log, and every fact row
points to its batch: sync ships facts by batch, and the log stays small.
"""

import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from desktop.store import schema
from desktop.store.changes import ChangeWriter
from desktop.store.errors import DuplicateFactError

_FACT_COLUMNS = {
    "actual": ("unit_key", "metric_key", "day", "value", "denominator", "source"),
    "deal_event": ("opportunity_key", "day", "activity", "stage"),
    "incentive_spend": ("unit_key", "day", "metric_key", "product_line_key", "amount"),
}
# A batch at least this share of the rows already in the table rebuilds its indexes.
_REBUILD_SHARE = 0.25


def key_map(conn: Connection, table: str) -> dict[str, int]:
    """UUID -> integer key for every row of an entity table (one select)."""
    t = schema.metadata.tables[table]
    return dict(conn.execute(select(t.c.id, t.c.key)).all())


def _as_list(column: Sequence[Any]) -> list[Any]:
    tolist = getattr(column, "tolist", None)  # numpy arrays convert in C
    return tolist() if tolist is not None else list(column)


def insert_facts(tx: ChangeWriter, table: str, columns: dict[str, Sequence[Any]], *,
                 source: str, origin: str = "") -> str:
    """Insert a batch of facts given as columns (lists or numpy arrays of equal length,
    keyed by the names in ``_FACT_COLUMNS[table]``). Returns the batch's UUID."""
    names = _FACT_COLUMNS[table]
    missing = [n for n in names if n not in columns]
    if missing:
        raise ValueError(f"{table}: missing columns {', '.join(missing)}")
    lists = [_as_list(columns[n]) for n in names]
    count = len(lists[0])
    if any(len(col) != count for col in lists):
        raise ValueError(f"{table}: columns differ in length")
    batch_id = str(uuid.uuid4())
    batch_key = tx.insert("fact_batch", {"id": batch_id, "kind": table, "source": source,
                                         "origin": origin, "rows": count})
    if count == 0:
        return batch_id
    raw = tx.conn.connection.driver_connection
    cursor = raw.cursor()
    try:
        existing = cursor.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        rebuild = count >= _REBUILD_SHARE * existing
        if rebuild:
            for name in _index_names(cursor, table):
                cursor.execute(f"DROP INDEX {name}")
        stamps = (tx.at, tx.at, tx.author)
        placeholders = ", ".join("?" * (len(names) + 4))
        sql = (f"INSERT INTO {table} ({', '.join(names)}, batch_key, created_at, updated_at,"
               f" author) VALUES ({placeholders})")
        cursor.executemany(sql, _rows(lists, batch_key, stamps))
        if rebuild:
            for statement in schema.FACT_INDEXES[table]:
                cursor.execute(statement)
    except sqlite3.IntegrityError as exc:
        raise DuplicateFactError(
            "workspace", f"{table}: two facts share the same key ({exc}); nothing was loaded"
        ) from None
    finally:
        cursor.close()
    return batch_id


def _rows(lists: list[list[Any]], batch_key: int, stamps: tuple[str, str, str]
          ) -> Iterable[tuple[Any, ...]]:
    tail = (batch_key, *stamps)
    for row in zip(*lists, strict=True):
        yield row + tail


def _index_names(cursor: sqlite3.Cursor, table: str) -> list[str]:
    rows = cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table,)).fetchall()
    return [r[0] for r in rows]
