"""Rows of any entity table as plain, portable dicts, and their merge into another copy of
the workspace: what office packages are made of.

A portable row uses the domain's field names with references as UUIDs (``parent_id``, not
``parent_key``), so it means the same thing in every copy. The merge is keyed by each
table's identity (the UUID, or the natural key of link tables), which is what makes
re-applying a package a no-op and lets two copies meet without duplicates.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from desktop.store import schema
from desktop.store.changes import IDENTITY, REFERENCES, ChangeWriter, domain_columns

_STAMPS = ("created_at", "updated_at")

Row = dict[str, Any]


def fields_of(table: str) -> list[str]:
    """The portable fields of a table: its columns, references named as UUID fields,
    without the integer key and the copy-local time stamps (the author is kept)."""
    t = schema.metadata.tables[table]
    by_column = {column: field for field, (column, _) in REFERENCES.get(table, {}).items()}
    return [by_column.get(c.name, c.name) for c in t.c
            if c.name != "key" and c.name not in _STAMPS]


def identity_of(table: str) -> tuple[str, ...]:
    return IDENTITY.get(table, ("id",))


def read_rows(conn: Connection, table: str) -> list[Row]:
    """Every row of ``table`` as a portable dict (one select; references by subquery)."""
    t = schema.metadata.tables[table]
    names = fields_of(table)
    order = [t.c.key] if "key" in t.c else list(t.primary_key.columns)
    rows = conn.execute(select(*domain_columns(table, names)).order_by(*order)).all()
    return [dict(zip(names, row, strict=True)) for row in rows]


def key_of_row(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[f] for f in identity_of(table))


def ids_created_outside(conn: Connection, table: str, txn_ids: Iterable[str]) -> set[str]:
    """Identities of ``table`` whose insert was logged by a transaction not in
    ``txn_ids``: the rows this copy made itself, as opposed to rows a package brought."""
    log = schema.change_log
    excluded = list(txn_ids)
    statement = select(log.c.entity_id).where(
        log.c.entity == table, log.c.field.is_(None), log.c.old_value.is_(None))
    if excluded:
        statement = statement.where(log.c.txn_id.not_in(excluded))
    return {row[0] for row in conn.execute(statement)}


def plan_merge(existing: Sequence[Row], incoming: Sequence[Row], table: str, *,
               update: bool) -> tuple[list[Row], list[tuple[Row, dict[str, Any]]]]:
    """(rows to insert, (row, changed fields) to update): rows are matched by identity; an
    identical row is left alone, so merging the same rows twice changes nothing."""
    have = {key_of_row(table, r): r for r in existing}
    new, changed = [], []
    for row in incoming:
        current = have.get(key_of_row(table, row))
        if current is None:
            new.append(row)
        elif update:
            diff = {f: v for f, v in row.items() if f in current and current[f] != v
                    and f != "author"}
            if diff:
                changed.append((row, diff))
    return new, changed


def apply_merge(tx: ChangeWriter, table: str, new: Sequence[Row],
                changed: Sequence[tuple[Row, dict[str, Any]]]) -> None:
    tx.insert_many(table, list(new))
    fields = identity_of(table)
    for row, diff in changed:
        tx.update(table, {f: row[f] for f in fields}, diff)


def read_version_targets(conn: Connection, version_ids: Sequence[str]
                         ) -> list[tuple[str, str, str, float, float]]:
    """(version id, unit id, metric id, weight, target) of the given versions."""
    t, v, u, m = (schema.version_target, schema.cascade_version, schema.org_unit,
                  schema.metric)
    if not version_ids:
        return []
    rows = conn.execute(
        select(v.c.id, u.c.id, m.c.id, t.c.weight, t.c.target)
        .join(v, v.c.key == t.c.version_key).join(u, u.c.key == t.c.unit_key)
        .join(m, m.c.key == t.c.metric_key).where(v.c.id.in_(list(version_ids)))
        .order_by(v.c.key, u.c.key, m.c.key))
    return [tuple(r) for r in rows]


def insert_version_targets(tx: ChangeWriter, rows: Sequence[Sequence[Any]]) -> None:
    """Frozen values of versions just inserted (rows as from read_version_targets)."""
    if not rows:
        return
    key: Callable[[str, str], int] = tx.key_of
    params = [(key("cascade_version", v), key("org_unit", u), key("metric", m), float(w),
               float(t)) for v, u, m, w, t in rows]
    tx.conn.connection.driver_connection.executemany(
        "INSERT OR IGNORE INTO version_target (version_key, unit_key, metric_key, weight, "
        "target) VALUES (?, ?, ?, ?, ?)", params)


def set_meta(tx: ChangeWriter, name: str, value: str) -> None:
    tx.conn.connection.driver_connection.execute(
        "INSERT INTO workspace_meta (name, value) VALUES (?, ?) ON CONFLICT(name) "
        "DO UPDATE SET value = excluded.value", (name, value))


def read_actuals(conn: Connection, unit_ids: Iterable[str] | None = None
                 ) -> list[tuple[str, str, int, float, float | None, str]]:
    """Actuals as (unit id, metric id, day, value, denominator, source), optionally only
    those of some units."""
    sql = ("SELECT u.id, m.id, a.day, a.value, a.denominator, a.source FROM actual a "
           "JOIN org_unit u ON u.key = a.unit_key JOIN metric m ON m.key = a.metric_key")
    if not conn.in_transaction():
        conn.begin()
    cursor = conn.connection.driver_connection.cursor()
    try:
        rows = cursor.execute(sql + " ORDER BY a.unit_key, a.metric_key, a.day").fetchall()
    finally:
        cursor.close()
    if unit_ids is None:
        return rows
    wanted = set(unit_ids)
    return [r for r in rows if r[0] in wanted]
