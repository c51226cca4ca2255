"""Changing facts that are already stored: a newer file corrects actuals or spend.

Facts are identified by their natural key (unit, metric, day for actuals), so a re-import
updates them in place rather than adding copies. The updated rows move to a new batch
(sync ships facts by batch, so an office receives the correction) and every changed value
is logged with its old and new value.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from desktop.store.changes import ChangeWriter

# workspace_meta tokens that readers of a fact table's copy (store/fact_cache) compare:
# GENERATION is replaced by every write to the table, REWRITE by writes that change
# stored rows (an append leaves it, so a copy can take just the new rows).
GENERATION = "fact_generation:{table}"
REWRITE = "fact_rewrite:{table}"

# table -> (natural key columns, columns a newer file may change)
_UPDATABLE = {
    "actual": (("unit_key", "metric_key", "day"), ("value", "denominator", "source")),
    "incentive_spend": (("unit_key", "day", "metric_key", "product_line_key"), ("amount",)),
}


def update_facts(tx: ChangeWriter, table: str, rows: Sequence[dict[str, Any]], *,
                 source: str, origin: str,
                 log: Sequence[tuple[str, str, Any, Any]]) -> str | None:
    """Set new values on existing facts. ``rows`` hold the key and changed columns;
    ``log`` the (entity id, field, old, new) entries to record. Returns the batch UUID."""
    if not rows:
        return None
    keys, changeable = _UPDATABLE[table]
    batch_id = str(uuid.uuid4())
    tx.insert("fact_batch", {"id": batch_id, "kind": table, "source": source,
                             "origin": origin, "rows": len(rows)})
    batch_key = tx.key_of("fact_batch", batch_id)
    sets = [c for c in changeable if c in rows[0]]
    # IS, not =: a spend's metric or product line is NULL when it names the other one
    sql = (f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in sets)}, batch_key = ? "
           f"WHERE {' AND '.join(f'{k} IS ?' for k in keys)}")
    params = [(*(r[c] for c in sets), batch_key, *(r[k] for k in keys)) for r in rows]
    cursor = tx.conn.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, params)
    finally:
        cursor.close()
    mark_written(tx, table, rewrite=True)
    tx.log_events(table, log)
    return batch_id


def mark_written(tx: ChangeWriter, table: str, *, rewrite: bool) -> None:
    """Replace the table's write tokens, in the writing transaction: a copy stamped with
    the old ones is no longer used (store/fact_cache)."""
    token = uuid.uuid4().hex
    set_meta(tx, GENERATION.format(table=table), token)
    if rewrite:
        set_meta(tx, REWRITE.format(table=table), token)


def set_meta(tx: ChangeWriter, name: str, value: str) -> None:
    """A workspace_meta value written in the caller's transaction (e.g. a CRM watermark,
    which must move forward only together with the deals it covers)."""
    tx.conn.connection.driver_connection.execute(
        "INSERT INTO workspace_meta (name, value) VALUES (?, ?) ON CONFLICT(name) "
        "DO UPDATE SET value = excluded.value", (name, value))
