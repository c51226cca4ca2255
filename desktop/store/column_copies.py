"""Columnar copies of store reads beside the workspace (``.<workspace>.copies/<name>``),
so that a reader of 100 000-row entity tables (the org tree, unit factors, target nodes,
acknowledgements) or of fact tables other than the actuals (spend, deal events) gets its
columns in milliseconds instead of one Python tuple per row through sqlite3.

A copy is derived and disposable, and used only when its stamp still matches the
workspace *in the reader's own snapshot*:

- the replica id (another file under the same name never matches), the schema revision
  (a migration rewrites tables without logging) and the app's version (another release
  may read other columns) — store/copy_files;
- entity tables: every write of an entity goes through store/changes.ChangeWriter, which
  logs it in the same transaction. The copy keeps the change log's newest ``seq`` and
  that row's ``txn_id``; it is stale when any change logged since names one of its tables,
  or deletes a row of a table they refer to (a delete may cascade into them unlogged).
  The ``txn_id`` at the old ``seq`` must still be there: a copy of the file that went
  another way since has other transactions under the same numbers;
- fact tables: the same stamp as store/fact_cache (copy_files.fact_table_stamp: write
  tokens, max(rowid), newest batch, row count).

A file that is truncated, foreign or damaged (every column carries a CRC-32) is ignored
and replaced; files are written under a temporary name and renamed; a directory that
cannot be written only costs speed. Columns come back with the types the read gave them:
numpy arrays as arrays (same dtype), lists of int, float or text (None allowed) as lists.
A read whose columns cannot be stored exactly (mixed types, a NUL in a text) is simply
not copied.
"""

import logging
import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection

from desktop.store import copy_files, schema

log = logging.getLogger(__name__)

MAGIC = b"TFCOLUMNS\x00"
FORMAT = 1
Columns = dict[str, Any]  # name -> np.ndarray | list


def copies_dir(workspace_path: Path | str) -> Path:
    workspace_path = Path(workspace_path)
    return workspace_path.with_name(f".{workspace_path.name}.copies")


def referenced_tables(tables: tuple[str, ...]) -> set[str]:
    """Every table the given ones refer to by foreign key, transitively (not themselves
    unless a table refers to itself): a delete there may reach them unlogged."""
    out: set[str] = set()
    todo = list(tables)
    while todo:
        for fk in schema.metadata.tables[todo.pop()].foreign_keys:
            parent = fk.column.table.name
            if parent not in out:
                out.add(parent)
                todo.append(parent)
    return out


class CopyReader:
    """Loads copies in one read snapshot (``with ws.read() as conn``); the change log is
    asked once per snapshot, whatever the number of copies."""

    def __init__(self, ws: Any, conn: Connection, *, write: bool = True) -> None:
        if not conn.in_transaction():  # one snapshot for the stamp and the reads
            conn.begin()
        self.conn = conn
        self.raw = conn.connection.driver_connection
        self.dir = copies_dir(ws.path)
        # a workspace being built under a temporary name is renamed when done: copies
        # beside the temporary name would only be left behind (the same package)
        self.write = write and not ws._mode.get("building")
        newest = self.raw.execute(
            "SELECT seq, txn_id FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
        self.base = {"format": FORMAT, **copy_files.source_stamp(self.raw),
                     "log": list(newest) if newest else [0, None]}
        self._since: dict[int, dict[str, bool] | None] = {}
        self._facts: dict[str, dict] = {}

    def load(self, name: str, read: Callable[[Connection], Columns], *,
             entities: tuple[str, ...] = (), facts: tuple[str, ...] = (),
             version: int = 1, names: Iterable[str] | None = None) -> Columns:
        """The columns ``read(conn)`` gives, from the copy ``name`` when it matches.
        ``entities``/``facts``: the tables the read depends on; ``version``: raise it
        when the read changes what it returns; ``names``: the columns the caller takes
        (a copy holding others — made by a build that read differently — is read again)."""
        path = self.dir / name
        stamp = {**self.base, "name": name, "version": version,
                 "facts": {t: self._fact_stamp(t) for t in facts}}
        cached = _read(path)
        if (cached is not None and self._matches(cached[0], stamp, entities)
                and (names is None or set(cached[1]) == set(names))):
            return cached[1]
        columns = read(self.conn)
        if self.write:
            _write(path, stamp, columns)
        return columns

    def _matches(self, old: dict, stamp: dict, entities: tuple[str, ...]) -> bool:
        same = ("format", "replica", "schema", "app", "name", "version", "facts")
        if any(old.get(k) != stamp[k] for k in same) or not isinstance(old.get("log"), list):
            return False
        if old["log"] == stamp["log"]:
            return True
        changed = self._changed_since(old["log"])
        if changed is None:
            return False
        if any(t in changed for t in entities):
            return False
        # a delete in a table they refer to may have removed their rows (ON DELETE)
        return not any(changed.get(t) for t in referenced_tables(entities))

    def _changed_since(self, old_log: list) -> dict[str, bool] | None:
        """Entity -> whether it had a delete, over the changes logged after ``old_log``;
        None when ``old_log`` is not in this file's history."""
        seq, txn = old_log
        if not isinstance(seq, int) or seq > self.base["log"][0]:
            return None
        if seq not in self._since:
            row = (self.raw.execute("SELECT txn_id FROM change_log WHERE seq = ?", (seq,))
                   .fetchone() if seq else None)
            if (row[0] if row else None) != txn:
                self._since[seq] = None
            else:
                self._since[seq] = {entity: bool(deleted) for entity, deleted in self.raw.execute(
                    "SELECT entity, max(field IS NULL AND new_value IS NULL) FROM change_log "
                    "WHERE seq > ? GROUP BY entity", (seq,))}
        return self._since[seq]

    def _fact_stamp(self, table: str) -> dict:
        if table not in self._facts:
            if table not in schema.metadata.tables:
                raise ValueError(f"no table {table}")
            self._facts[table] = copy_files.fact_table_stamp(self.raw, table)
        return self._facts[table]


# --- the file -------------------------------------------------------------------------
# MAGIC, a little-endian u32 header length, the header (JSON: stamp, and per column its
# kind, dtype, rows, byte ranges and CRC-32s), then the blobs, each 64-byte aligned.
# Kinds: "array" (a numpy array), "list" (a list of int or float), "text" (a list of
# str, NUL-joined UTF-8); list and text may hold None (a byte mask beside).


class _NotStorable(Exception):
    pass


def _encode(value: Any) -> tuple[dict, list[bytes]]:
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf" or value.ndim != 1:
            raise _NotStorable(value.dtype)
        return {"kind": "array", "dtype": value.dtype.str, "rows": len(value)}, [
            np.ascontiguousarray(value).tobytes()]
    if not isinstance(value, list):
        raise _NotStorable(type(value))
    nulls = np.fromiter((v is None for v in value), dtype=np.uint8, count=len(value))
    present = [v for v in value if v is not None]
    types = {type(v) for v in present}
    head: dict = {"rows": len(value)}
    if types <= {str} and types:
        text = "\x00".join(v if v is not None else "" for v in value)
        if text.count("\x00") != len(value) - 1:
            raise _NotStorable("a NUL in a text")
        head.update(kind="text")
        blob = text.encode("utf-8")
    elif types in ({int}, {float}) or not types:
        dtype = np.int64 if types == {int} else np.float64
        try:
            array = np.array([0 if v is None else v for v in value], dtype=dtype)
        except OverflowError as exc:
            raise _NotStorable(exc) from None
        head.update(kind="list", dtype=np.dtype(dtype).str)
        blob = array.tobytes()
    else:
        raise _NotStorable(types)
    return head, [blob, nulls.tobytes() if nulls.any() else b""]


def _decode(head: dict, blobs: list[bytes]) -> Any:
    rows, kind = int(head["rows"]), head["kind"]
    if kind == "array":
        array = np.frombuffer(blobs[0], dtype=np.dtype(head["dtype"])).copy()
        if len(array) != rows:
            raise ValueError("rows")
        return array
    if kind == "text":
        values: list = blobs[0].decode("utf-8").split("\x00") if rows else []
    elif kind == "list":
        dtype = np.dtype(head["dtype"])
        if dtype.kind not in "if":
            raise ValueError("dtype")
        values = np.frombuffer(blobs[0], dtype=dtype).tolist()
    else:
        raise ValueError(f"kind {kind}")
    if len(values) != rows:
        raise ValueError("rows")
    if blobs[1]:
        nulls = np.frombuffer(blobs[1], dtype=np.uint8)
        if len(nulls) != rows:
            raise ValueError("rows")
        for i in np.flatnonzero(nulls).tolist():
            values[i] = None
    return values


def _write(path: Path, stamp: dict, columns: Columns) -> bool:
    try:
        encoded = [(name, *_encode(value)) for name, value in columns.items()]
    except _NotStorable as exc:
        log.info("%s not copied: %s", path.name, exc)
        return False
    entries, blobs, offset = [], [], 0
    for name, head, parts in encoded:
        ranges = []
        for part in parts:
            ranges.append([offset, len(part), zlib.crc32(part)])
            blobs.append((offset, part))
            offset += copy_files.aligned(len(part))
        entries.append({"name": name, **head, "blobs": ranges})
    return copy_files.write_file(path, MAGIC, {"stamp": stamp, "columns": entries}, blobs,
                                 offset)


def _read(path: Path) -> tuple[dict, Columns] | None:
    """(stamp, columns) of a sound copy; None when absent, foreign, truncated or damaged."""
    try:
        with open(path, "rb") as f:
            found = copy_files.read_header(f, MAGIC)
            if found is None:
                return None
            head, start = found
            stamp = head["stamp"]
            if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
                return None
            out: Columns = {}
            for entry in head["columns"]:
                blobs = []
                for at, size, crc in entry["blobs"]:
                    f.seek(start + int(at))
                    part = f.read(int(size))
                    if len(part) != int(size) or zlib.crc32(part) != int(crc):
                        return None  # truncated or damaged
                    blobs.append(part)
                out[entry["name"]] = _decode(entry, blobs)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError,
            struct.error) as exc:
        log.info("copy %s ignored: %s", path.name, exc)
        return None
    return stamp, out
