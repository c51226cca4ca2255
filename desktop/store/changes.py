"""Writes that log themselves: every insert, update and delete of an entity appends to
the change log in the same transaction.

Callers speak the domain's language: rows are dicts keyed by domain field names, with
references as UUIDs (``parent_id``, ``unit_id``...). The writer translates references to
the compact integer keys the tables use, and logs UUIDs, which mean the same thing in
every copy of the workspace (what offline sync needs).
"""

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.store import schema
from desktop.store.clock import now_iso

# table -> {domain reference field: (key column, referenced table)}
REFERENCES: dict[str, dict[str, tuple[str, str]]] = {
    "org_unit": {"parent_id": ("parent_key", "org_unit")},
    "unit_factor": {"unit_id": ("unit_key", "org_unit")},
    "metric": {"dimension_id": ("dimension_key", "dimension")},
    "objective": {"period_id": ("period_key", "period")},
    "objective_dimension": {"objective_id": ("objective_key", "objective"),
                            "dimension_id": ("dimension_key", "dimension")},
    "objective_metric": {"objective_id": ("objective_key", "objective"),
                         "metric_id": ("metric_key", "metric")},
    "objective_product_line": {"objective_id": ("objective_key", "objective"),
                               "product_line_id": ("product_line_key", "product_line")},
    "cascade": {"period_id": ("period_key", "period"),
                "objective_id": ("objective_key", "objective")},
    "target_node": {"cascade_id": ("cascade_key", "cascade"),
                    "unit_id": ("unit_key", "org_unit")},
    "target_override": {"node_id": ("node_key", "target_node"),
                        "metric_id": ("metric_key", "metric")},
    "cascade_edge": {"cascade_id": ("cascade_key", "cascade"),
                     "parent_node_id": ("parent_node_key", "target_node"),
                     "child_node_id": ("child_node_key", "target_node"),
                     "rule_id": ("rule_key", "rule")},
    "cascade_version": {"cascade_id": ("cascade_key", "cascade")},
    "acknowledgement": {"version_id": ("version_key", "cascade_version"),
                        "unit_id": ("unit_key", "org_unit")},
    "opportunity": {"owner_unit_id": ("owner_unit_key", "org_unit"),
                    "product_line_id": ("product_line_key", "product_line")},
    "alert": {"unit_id": ("unit_key", "org_unit"), "metric_id": ("metric_key", "metric"),
              "period_id": ("period_key", "period")},
    "alert_event": {"alert_id": ("alert_key", "alert")},
    "action_pack_rule": {"metric_id": ("metric_key", "metric"),
                         "dimension_id": ("dimension_key", "dimension")},
    "alert_action": {"alert_id": ("alert_key", "alert"),
                     "pack_rule_id": ("pack_rule_key", "action_pack_rule")},
    "checkin": {"unit_id": ("unit_key", "org_unit"), "metric_id": ("metric_key", "metric")},
}

# Fact columns that hold an entity's integer key: such an entity is never deleted.
_FACT_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "org_unit": (("actual", "unit_key"), ("incentive_spend", "unit_key")),
    "metric": (("actual", "metric_key"), ("incentive_spend", "metric_key")),
    "product_line": (("incentive_spend", "product_line_key"),),
    "opportunity": (("deal_event", "opportunity_key"),),
}

# Tables without a UUID of their own are identified by these domain fields.
IDENTITY: dict[str, tuple[str, ...]] = {
    "setting": ("name",),
    "unit_factor": ("unit_id", "factor"),
    "objective_dimension": ("objective_id", "dimension_id"),
    "objective_metric": ("objective_id", "metric_id"),
    "objective_product_line": ("objective_id", "product_line_id"),
    "target_override": ("node_id", "metric_id"),
}
_STAMPS = ("created_at", "updated_at", "author")


_LOG_COLUMNS = ("txn_id", "entity", "entity_id", "field", "old_value", "new_value", "author",
                "at", "origin")
# One encoder for all: json.dumps with options builds a new encoder on every call.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json(value: Any) -> str | None:
    return None if value is None else _encode(value)


def _default(column) -> Any:
    """A column's scalar Python-side default (what a Core insert would fill in)."""
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


class ChangeWriter:
    """Bound to one open transaction; see Workspace.transaction()."""

    def __init__(self, conn: Connection, author: str, origin: str) -> None:
        self.conn = conn
        self.author = author
        self.origin = origin
        self.txn_id = str(uuid.uuid4())
        self.at = now_iso()
        self._keys: dict[tuple[str, str], int] = {}
        self._next_key: dict[str, int] = {}
        self._log: list[tuple[Any, ...]] = []

    # --- references -----------------------------------------------------------------
    def key_of(self, table: str, entity_id: str) -> int:
        cached = self._keys.get((table, entity_id))
        if cached is not None:
            return cached
        t = schema.metadata.tables[table]
        key = self.conn.execute(select(t.c.key).where(t.c.id == entity_id)).scalar()
        if key is None:
            raise UnknownEntityError(f"unknown {table.replace('_', ' ')} {entity_id}")
        self._keys[(table, entity_id)] = key
        return key

    def forget(self, table: str, entity_id: str) -> None:
        """Drop a cached key (after a delete or a rolled-back savepoint)."""
        self._keys.pop((table, entity_id), None)
        self._next_key.pop(table, None)

    def _to_row(self, table: str, values: Mapping[str, Any]) -> dict[str, Any]:
        row = dict(values)
        for field, (column, target) in REFERENCES.get(table, {}).items():
            if field in row:
                ref = row.pop(field)
                row[column] = None if ref is None else self.key_of(target, ref)
        return row

    def _identity(self, table: str, values: Mapping[str, Any]) -> str:
        fields = IDENTITY.get(table, ("id",))
        return "/".join(str(values[f]) for f in fields)

    def _where(self, t: Table, table: str, identity: Mapping[str, Any]):
        row = self._to_row(table, identity)
        clause = None
        for column, value in row.items():
            term = t.c[column] == value
            clause = term if clause is None else clause & term
        return clause

    # --- writes ---------------------------------------------------------------------
    def insert(self, table: str, values: Mapping[str, Any]) -> int | None:
        """Insert one entity; returns its integer key (None for tables without one)."""
        return self.insert_many(table, [values])[0]

    def insert_many(self, table: str, rows: Sequence[Mapping[str, Any]]) -> list[int | None]:
        """Insert entities in one statement. Keys are assigned here, so rows may refer
        to rows earlier in the same batch (a parent before its children).

        Rows go to SQLite through one prepared ``executemany`` (SQLAlchemy's per-row
        parameter processing costs more than SQLite itself at 100 000 rows); columns a
        row leaves out get the schema's default, as with a Core insert."""
        if not rows:
            return []
        t = schema.metadata.tables[table]
        keys: list[int | None] = [None] * len(rows)
        if "key" in t.c:
            start = self._next_key.get(table) or self._first_free_key(table, t)
            keys = list(range(start, start + len(rows)))
            self._keys.update(((table, values["id"]), key)
                              for values, key in zip(rows, keys, strict=True))
            self._next_key[table] = start + len(rows)
            self._remember_high_key(table, start + len(rows) - 1)
        self._prefetch_keys(table, rows)
        db_rows = [self._to_row(table, values) for values in rows]
        names = [n for n in dict.fromkeys(n for row in db_rows for n in row)
                 if n not in _STAMPS]
        names += [c.name for c in t.c if c.name not in names and c.name not in _STAMPS
                  and c.name != "key" and _default(c) is not None]
        defaults = [_default(t.c[name]) for name in names]
        at, author = self.at, self.author
        # An explicit ``author`` is domain data (who published a version, who acknowledged
        # it) and is kept; the change log still names the writer.
        params = [(*(row.get(n, d) for n, d in zip(names, defaults, strict=True)),
                   at, at, row.get("author", author), *([] if k is None else [k]))
                  for row, k in zip(db_rows, keys, strict=True)]
        columns = [*names, *_STAMPS, *([] if keys[0] is None else ["key"])]
        self._executemany(table, columns, params)
        self._log.extend(self._entry(table, self._identity(table, values), None, None,
                                     dict(values)) for values in rows)
        self._flush_log()
        return keys

    def _first_free_key(self, table: str, t: Table) -> int:
        """Keys are never reused, even after the newest row was deleted: fact rows hold
        integer keys, and a reused key would hand a deleted unit's facts to a new one.
        The highest key ever given is kept in workspace_meta."""
        newest = self.conn.execute(select(t.c.key).order_by(t.c.key.desc()).limit(1)).scalar()
        meta = schema.workspace_meta
        given = self.conn.execute(select(meta.c.value).where(
            meta.c.name == f"high_key:{table}")).scalar()
        return max(newest or 0, int(given or 0)) + 1

    def _remember_high_key(self, table: str, key: int) -> None:
        self.conn.connection.driver_connection.execute(
            "INSERT INTO workspace_meta (name, value) VALUES (?, ?) ON CONFLICT(name) "
            "DO UPDATE SET value = excluded.value", (f"high_key:{table}", str(key)))

    def _prefetch_keys(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Resolve every reference of a batch in a few set-based selects, not one per row."""
        for field, (_, target) in REFERENCES.get(table, {}).items():
            wanted = {values[field] for values in rows if values.get(field) is not None}
            wanted = [i for i in wanted if (target, i) not in self._keys]
            t = schema.metadata.tables[target]
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                self._keys.update(((target, i), k) for i, k in self.conn.execute(
                    select(t.c.id, t.c.key).where(t.c.id.in_(chunk))))

    def _executemany(self, table: str, columns: Sequence[str],
                     params: Sequence[tuple[Any, ...]]) -> None:
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
        cursor = self.conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(sql, params)
        finally:
            cursor.close()

    def update(self, table: str, identity: Mapping[str, Any],
               changes: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Change fields of one entity; logs one row per field that really changed and
        returns {field: (old, new)} for them."""
        t = schema.metadata.tables[table]
        where = self._where(t, table, identity)
        current = self._current(table, t, where, list(changes))
        if current is None:
            raise UnknownEntityError(f"unknown {table.replace('_', ' ')} "
                                     f"{self._identity(table, identity)}")
        changed = {f: (current[f], v) for f, v in changes.items() if current[f] != v}
        if not changed:
            return {}
        row = self._to_row(table, {f: new for f, (_, new) in changed.items()})
        row.update(updated_at=self.at, author=self.author)
        self.conn.execute(t.update().where(where).values(**row))
        entity_id = self._identity(table, identity)
        for field, (old, new) in changed.items():
            self._log.append(self._entry(table, entity_id, field, old, new))
        self._flush_log()
        return changed

    def delete(self, table: str, identity: Mapping[str, Any]) -> None:
        t = schema.metadata.tables[table]
        where = self._where(t, table, identity)
        fields = [c.name for c in t.c if c.name not in ("key", *_STAMPS)]
        fields = [_field_for(table, f) for f in fields]
        snapshot = self._current(table, t, where, fields)
        if snapshot is None:
            raise UnknownEntityError(f"unknown {table.replace('_', ' ')} "
                                     f"{self._identity(table, identity)}")
        self._refuse_if_facts_refer(table, t, where)
        self.conn.execute(t.delete().where(where))
        if "id" in snapshot:  # forget its key: a deleted entity must not be referenced
            self.forget(table, snapshot["id"])
        self._log.append(self._entry(table, self._identity(table, identity), None, snapshot,
                                     None))
        self._flush_log()

    def _refuse_if_facts_refer(self, table: str, t: Table, where) -> None:
        """Fact tables hold plain integer keys (no foreign keys: they are bulk-loaded by
        the million), so the delete of an entity they refer to is refused here."""
        uses = _FACT_REFERENCES.get(table)
        if not uses:
            return
        key = self.conn.execute(select(t.c.key).where(where)).scalar()
        for fact_table, column in uses:
            found = self.conn.connection.driver_connection.execute(
                f'SELECT 1 FROM "{fact_table}" WHERE "{column}" = ? LIMIT 1', (key,)).fetchone()
            if found:
                raise InvalidValueError(
                    f"this {table.replace('_', ' ')} has {fact_table.replace('_', ' ')} rows; "
                    "it cannot be deleted (move or archive it instead)")

    def log_event(self, entity: str, entity_id: str, field: str | None, old: Any,
                  new: Any) -> None:
        """Log a change made by a bulk path (e.g. a fact batch) in this transaction."""
        self._log.append(self._entry(entity, entity_id, field, old, new))
        self._flush_log()

    def log_events(self, entity: str,
                   entries: Iterable[tuple[str, str | None, Any, Any]]) -> None:
        """Log many (entity id, field, old, new) changes of a bulk path in one statement."""
        self._log.extend(self._entry(entity, i, f, old, new) for i, f, old, new in entries)
        self._flush_log()

    # --- internals ------------------------------------------------------------------
    def _current(self, table: str, t: Table, where, fields: Iterable[str]
                 ) -> dict[str, Any] | None:
        fields = list(fields)
        row = self.conn.execute(select(*domain_columns(table, fields)).where(where)).first()
        return None if row is None else dict(zip(fields, row, strict=True))

    def _entry(self, entity: str, entity_id: str, field: str | None, old: Any,
               new: Any) -> tuple[Any, ...]:
        return (self.txn_id, entity, entity_id, field, _json(old), _json(new), self.author,
                self.at, self.origin)

    def _flush_log(self) -> None:
        if self._log:
            self._executemany("change_log", _LOG_COLUMNS, self._log)
            self._log = []


def domain_columns(table: str, fields: Sequence[str]) -> list[Any]:
    """Select expressions for a table's domain fields: references come out as the
    referenced entity's UUID (by subquery), not the local integer key."""
    t = schema.metadata.tables[table]
    refs = REFERENCES.get(table, {})
    columns = []
    for name in fields:
        if name in refs:
            column, target = refs[name]
            tt = schema.metadata.tables[target].alias(f"ref_{name}")
            columns.append(select(tt.c.id).where(tt.c.key == t.c[column])
                           .scalar_subquery().label(name))
        else:
            columns.append(t.c[name])
    return columns


def _field_for(table: str, column: str) -> str:
    """The domain field name of a table column (``parent_key`` -> ``parent_id``)."""
    for field, (col, _) in REFERENCES.get(table, {}).items():
        if col == column:
            return field
    return column
