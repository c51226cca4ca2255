"""Bulk loads of facts (actuals, deal events, incentive spend): millions of rows.

Facts are written in one statement per batch through the DBAPI cursor (SQLAlchemy adds
nothing but cost per row here), inside the caller's transaction. A large batch drops the
table's indexes first and rebuilds them after, which is several times faster than
maintaining them row by row; the rebuild also enforces the natural key, so a duplicate
aborts the whole transaction rather than half-loading.

Each batch is one ``fact_batch`` entity, logged in the change log, and every fact row
points to its batch: sync ships facts by batch, and the log stays small.
"""

import itertools
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from desktop.store import schema
from desktop.store.changes import ChangeWriter
from desktop.store.errors import DuplicateFactError
from desktop.store.fact_updates import mark_written

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
    given = [columns[n] for n in names]
    count = len(given[0])
    if any(len(col) != count for col in given):
        raise ValueError(f"{table}: columns differ in length")
    batch_id = str(uuid.uuid4())
    raw = tx.conn.connection.driver_connection
    # A savepoint makes the batch all-or-nothing even when the caller catches the error
    # and goes on with its transaction: no half-loaded facts, no dropped indexes.
    raw.execute("SAVEPOINT insert_facts")
    try:
        tx.insert("fact_batch", {"id": batch_id, "kind": table, "source": source,
                                 "origin": origin, "rows": count})
        if count:
            _load(raw, table, names, given, tx.key_of("fact_batch", batch_id))
            mark_written(tx, table, rewrite=False)  # new rows only: appended after the rest
    except BaseException as exc:
        raw.execute("ROLLBACK TO insert_facts")
        raw.execute("RELEASE insert_facts")
        tx.forget("fact_batch", batch_id)
        if isinstance(exc, sqlite3.IntegrityError):
            path = raw.execute("PRAGMA database_list").fetchone()[2] or "workspace"
            raise DuplicateFactError(
                path, f"{table}: two facts share the same key ({exc}); nothing was "
                "loaded") from None
        raise
    raw.execute("RELEASE insert_facts")
    return batch_id


def _load(raw: sqlite3.Connection, table: str, names: Sequence[str],
          columns: list[Sequence[Any]], batch_key: int) -> None:
    cursor = raw.cursor()
    try:
        existing = cursor.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        rebuild = len(columns[0]) >= _REBUILD_SHARE * existing
        indexes = _indexes(cursor, table) if rebuild else []
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # The batch key is a SQL literal, so each row binds only its own values and the
        # rows are zipped in C: no Python code runs per row. The rows' stamps stay NULL:
        # their batch holds when and by whom (schema revision 0003).
        placeholders = ", ".join("?" * len(names))
        sql = (f"INSERT INTO {table} ({', '.join(names)}, batch_key) "
               f"VALUES ({placeholders}, {int(batch_key)})")
        cursor.executemany(sql, _rows(columns))
        # Rebuilt from their own SQL, so an index a later revision adds is kept too.
        for _, create in indexes:
            cursor.execute(create)
    finally:
        cursor.close()


# Rows are converted to Python values a chunk at a time: ten million facts as Python
# lists would take gigabytes at once, a chunk only a few megabytes.
_CHUNK = 1 << 18


def _rows(columns: list[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    count = len(columns[0])
    chunks = (zip(*(_as_list(c[start:start + _CHUNK]) for c in columns), strict=True)
              for start in range(0, count, _CHUNK))
    return itertools.chain.from_iterable(chunks)


def _indexes(cursor: sqlite3.Cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's explicit indexes."""
    rows = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name", (table,)).fetchall()
    return [(name, sql) for name, sql in rows]
