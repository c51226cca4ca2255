"""A columnar copy of the ``actual`` table beside the workspace, so that a reader of
millions of actuals (the review, tracking) gets numpy columns in a fraction of a second
instead of one Python tuple per row through sqlite3 (~13 s for 9 M rows).

The copy is derived and disposable: ``.<workspace>.actuals`` holds the whole table in
(day, rowid) order — a period is one slice, and the rows of a day keep the table's order,
so sums come out bit-for-bit whether the copy or the table was read — stamped with what
it was read from. It is used only when
the stamp still matches the workspace in the reader's own snapshot:

- ``replica_id`` (another file under the same name never matches);
- ``fact_generation:actual``, a token every fact write through the store
  (bulk.insert_facts, fact_updates.update_facts) replaces in its transaction, and
  ``fact_rewrite:actual``, replaced only by writes that change stored rows;
- ``max(rowid)`` of ``actual`` and the highest ``actual`` batch (key and UUID), which
  also move when a writer that knows no tokens (an older version of the app) adds or
  corrects facts: every fact write through the store makes a batch; and the row count,
  which moves when any writer deletes facts;
- the schema revision stored in the file and the app's version (store/copy_files): a
  migration that rebuilds ``actual`` makes no batch and moves no token, and another
  release may read other columns. Only a raw SQL UPDATE of values outside the store
  (no batch, no token, no migration) goes unseen.

Facts only ever appended since the copy (the weekly import) are read and appended; any
rewrite, or anything that does not add up, reads the whole table again. A file that is
truncated, foreign or damaged (a CRC-32 per block of a million rows of every column) is
ignored and replaced. ``open_actuals`` checks the stamp once and then reads a day range
at a time (the review's latest period: half the file), each block it touches checked.
Files are written under a temporary name and renamed, so a crash mid-write leaves no
half file under the real name. A directory that cannot be written only costs speed.
"""

import logging
import struct
import threading
import zlib
from pathlib import Path

import numpy as np
from sqlalchemy.engine import Connection

from desktop.store import copy_files
from desktop.store.fact_arrays import ActualColumns, actual_rows, search_day
from desktop.store.workspace import Workspace

log = logging.getLogger(__name__)

MAGIC = b"TFACTUALS\x00"
FORMAT = 3  # 2: a CRC per block of rows (one period read alone); 3: the shared stamp
_COLUMNS = ("unit_key", "metric_key", "day", "value", "denominator")
_BLOCK = 1 << 20  # rows


def cache_path(workspace_path: Path | str) -> Path:
    """The copy beside a workspace: ``.<name>.actuals``."""
    workspace_path = Path(workspace_path)
    return workspace_path.with_name(f".{workspace_path.name}.actuals")


def fact_stamp(conn: Connection) -> dict:
    """The actuals' stamp in the caller's snapshot: what any reader derived from them
    (a copy, a shared computation) must match."""
    return _stamp(conn)


def _stamp(conn: Connection) -> dict:
    """What the copy must match, read in the caller's snapshot."""
    if not conn.in_transaction():
        conn.begin()
    raw = conn.connection.driver_connection
    return {"format": FORMAT, **copy_files.source_stamp(raw),
            **copy_files.fact_table_stamp(raw, "actual")}


def load_actuals(ws: Workspace, *, write: bool = True) -> ActualColumns:
    """Every actual, in (day, rowid) order (narrow integers: slice with ``between``).
    From the copy when it matches the workspace, else from the table, refreshing the
    copy (unless ``write`` is false). One reader of a file at a time builds the copy:
    the others wait for it and then find it (9 M rows read once, not once per thread)."""
    path = cache_path(ws.path)
    found = _matching_copy(ws, path)
    if found is not None:
        return found
    with _lock_of(path):
        with ws.read() as conn:  # again: another thread may have built it meanwhile
            stamp = _stamp(conn)
            cached = read_cache(path)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            columns = _appended(conn, cached, stamp) if cached is not None else None
            if columns is None:
                columns = _by_day(actual_rows(conn))
        # a workspace being built under a temporary name (the demo generator's history)
        # is renamed when done: a copy beside the temporary name would only be left behind
        if write and not ws._mode.get("building"):  # the same package: store/workspace
            write_cache(path, stamp, columns)
    return columns


def _matching_copy(ws: Workspace, path: Path) -> ActualColumns | None:
    with ws.read() as conn:
        stamp = _stamp(conn)
        head = _header(path)
        if head is None or head[0]["stamp"] != stamp:
            return None
        cached = read_cache(path)
    return cached[1] if cached is not None and cached[0] == stamp else None


def _lock_of(path: Path) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(str(path.resolve()), threading.Lock())


_locks: dict[str, threading.Lock] = {}  # one per copy (a few files a session)
_locks_lock = threading.Lock()


class CopiedActuals:
    """The actuals of a copy that matched the workspace when opened (``open_actuals``),
    read a day range at a time: the review's latest period reads its half of the file
    only. Anything amiss by then (the copy replaced or damaged) reads the workspace."""

    def __init__(self, ws: Workspace, path: Path, stamp: dict, rows: int) -> None:
        self.ws, self.path, self.stamp, self.rows = ws, path, stamp, rows

    def __len__(self) -> int:
        return self.rows

    def between(self, first_day: int | None, last_day: int | None) -> ActualColumns:
        found = read_range(self.path, self.stamp, first_day, last_day)
        if found is None:
            return load_actuals(self.ws).between(first_day, last_day)
        return found.between(first_day, last_day)


def open_actuals(ws: Workspace) -> "CopiedActuals | ActualColumns":
    """Every actual, to be sliced with ``between``: the copy, read lazily, when it
    matches the workspace now; else what ``load_actuals`` reads (and copies)."""
    path = cache_path(ws.path)
    with ws.read() as conn:
        stamp = _stamp(conn)
    head = _header(path)
    if head is not None and head[0]["stamp"] == stamp:
        return CopiedActuals(ws, path, stamp, int(head[0]["rows"]))
    return load_actuals(ws)


def warm(ws: Workspace) -> None:
    """Build the copy now (after a writer finished) so the first reader finds it."""
    load_actuals(ws)


SPOT_CHECKS = 256


def seed(ws: Workspace, columns: ActualColumns) -> bool:
    """Write the copy from columns a writer still holds instead of reading them back
    (9 M rows: ~12 s): every row of the table in rowid order, as one bulk load into an
    empty table gives them (the demo generator). Checked against the table first — the
    row count and max(rowid) must be the columns' length, and rows picked at random must
    be the columns' rows — else nothing is written (the next reader reads the table)."""
    n = len(columns)
    with ws.read() as conn:
        stamp = _stamp(conn)
        if stamp["rows"] != n or stamp["max_rowid"] != n or not n:
            return False
        picked = np.unique(np.random.default_rng().integers(1, n + 1, SPOT_CHECKS))
        raw = conn.connection.driver_connection
        marks = ",".join("?" * len(picked))
        stored = raw.execute(
            "SELECT rowid, unit_key, metric_key, day, value, coalesce(denominator, 'nan') "
            f"FROM actual WHERE rowid IN ({marks}) ORDER BY rowid",
            [int(r) for r in picked]).fetchall()
    held = [(int(r), int(columns.unit_key[r - 1]), int(columns.metric_key[r - 1]),
             int(columns.day[r - 1]), float(columns.value[r - 1]),
             float(columns.denominator[r - 1])) for r in picked.tolist()]
    same = len(stored) == len(held) and all(
        a[:5] == b[:5] and (a[5] == b[5] or (np.isnan(float(a[5])) and np.isnan(b[5])))
        for a, b in zip(stored, held, strict=True))
    if not same:
        log.info("%s: the actuals held are not the table's; no copy seeded", ws.path.name)
        return False
    return write_cache(cache_path(ws.path), stamp, _by_day(columns))


def _appended(conn: Connection, cached: tuple[dict, ActualColumns], stamp: dict
              ) -> ActualColumns | None:
    """The copy plus the rows added since, when facts were only appended; else None."""
    old, columns = cached
    if (any(old.get(k) != stamp[k] for k in ("replica", "schema", "app", "rewrite"))
            or stamp["max_rowid"] <= old["max_rowid"] or not old.get("batch")):
        return None
    raw = conn.connection.driver_connection
    # the copy's last batch must still be there, the same batch (its UUID): a copy of the
    # file that went another way since has other batches under the same keys
    old_batch, old_batch_id = old["batch"]
    last = raw.execute("SELECT id FROM fact_batch WHERE key = ?", (old_batch,)).fetchone()
    if (last[0] if last else None) != old_batch_id:
        return None
    # every batch since the copy must be one that appended rows: a batch that changed
    # rows in place (a writer without tokens) shows up here as a batch with no new row
    new_batches = {k for (k,) in raw.execute(
        "SELECT key FROM fact_batch WHERE kind = 'actual' AND key > ?", (old_batch,))}
    added_batches = {k for (k,) in raw.execute(
        "SELECT DISTINCT batch_key FROM actual WHERE rowid > ?", (old["max_rowid"],))}
    if new_batches != added_batches:
        return None
    added = actual_rows(conn, after_rowid=old["max_rowid"])
    if stamp["rows"] != len(columns) + len(added):  # rows went missing: read everything
        return None
    # the copy's rowids are all below the new ones: a stable sort keeps (day, rowid)
    return _by_day(ActualColumns(*(np.concatenate([getattr(columns, c), getattr(added, c)])
                                   for c in _COLUMNS)))


def _by_day(columns: ActualColumns) -> ActualColumns:
    """Rows in (day, rowid) order from rows in rowid order: a period is then one slice
    (ActualColumns.between), and its rows keep the table's order within each day."""
    order = np.argsort(columns.day, kind="stable")
    return ActualColumns(*(getattr(columns, c)[order] for c in _COLUMNS))


# --- the file -------------------------------------------------------------------------
# MAGIC, a little-endian u32 header length, the header (JSON: stamp, rows, and per column
# its dtype, offset, byte count and the CRC-32 of each block of _BLOCK rows), then the
# columns, each 64-byte aligned.


def _narrow(column: np.ndarray) -> np.ndarray:
    if column.dtype.kind != "i" or not len(column):
        return column
    low, high = int(column.min()), int(column.max())
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return column.astype(dtype)
    return column


def _crcs(array: np.ndarray) -> list[int]:
    """CRC-32 of each block of _BLOCK rows."""
    return [zlib.crc32(memoryview(array[i:i + _BLOCK]).cast("B"))
            for i in range(0, len(array), _BLOCK)]


def write_cache(path: Path, stamp: dict, columns: ActualColumns) -> bool:
    """Write the copy (temporary file, then rename). False when it could not be written."""
    arrays = [np.ascontiguousarray(_narrow(getattr(columns, c))) for c in _COLUMNS]
    entries, blobs, offset = [], [], 0
    for name, array in zip(_COLUMNS, arrays, strict=True):
        entries.append({"name": name, "dtype": array.dtype.str, "offset": offset,
                        "nbytes": array.nbytes, "crc": _crcs(array)})
        blobs.append((offset, array))
        offset += copy_files.aligned(array.nbytes)
    header = {"stamp": stamp, "rows": len(columns), "columns": entries}
    return copy_files.write_file(path, MAGIC, header, blobs, offset)


def _header(path: Path) -> tuple[dict, int] | None:
    """(header, data start) of a copy of this format; None when absent or foreign."""
    try:
        with open(path, "rb") as f:
            found = copy_files.read_header(f, MAGIC)
        if found is None:
            return None
        head = found[0]
        stamp, entries = head["stamp"], head["columns"]
        if (not isinstance(stamp, dict) or stamp.get("format") != FORMAT
                or [e["name"] for e in entries] != list(_COLUMNS)):
            return None
        return found
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, struct.error) as exc:
        log.info("actuals copy %s ignored: %s", path.name, exc)
        return None


def _column(f, start: int, entry: dict, rows: int, lo: int = 0, hi: int | None = None
            ) -> np.ndarray | None:
    """Rows lo..hi of a column, every block they touch checked; None when damaged."""
    dtype = np.dtype(entry["dtype"])
    if dtype.kind not in "if" or int(entry["nbytes"]) != rows * dtype.itemsize:
        return None
    crcs = entry["crc"]
    if len(crcs) != -(-rows // _BLOCK):
        return None
    hi = rows if hi is None else hi
    if hi <= lo:
        return np.empty(0, dtype=dtype)
    first, last = lo // _BLOCK, -(-hi // _BLOCK)  # the blocks that hold lo..hi
    begin, end = first * _BLOCK, min(rows, last * _BLOCK)
    array = np.empty(end - begin, dtype=dtype)
    f.seek(start + int(entry["offset"]) + begin * dtype.itemsize)
    if f.readinto(memoryview(array).cast("B")) != array.nbytes:
        return None  # truncated
    if _crcs(array) != [int(c) for c in crcs[first:last]]:
        return None
    return array[lo - begin:hi - begin]


def read_cache(path: Path) -> tuple[dict, ActualColumns] | None:
    """(stamp, columns) of a sound copy; None when absent, foreign, truncated or damaged."""
    found = _header(path)
    if found is None:
        return None
    head, start = found
    rows = int(head["rows"])
    try:
        with open(path, "rb") as f:
            out = [_column(f, start, e, rows) for e in head["columns"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("actuals copy %s ignored: %s", path.name, exc)
        return None
    if any(c is None for c in out):
        return None
    return head["stamp"], ActualColumns(*out)


def read_range(path: Path, stamp: dict, first_day: int | None, last_day: int | None
               ) -> ActualColumns | None:
    """The rows dated first_day..last_day of the copy, if it still carries ``stamp``
    and every block read is sound; else None."""
    found = _header(path)
    if found is None or found[0]["stamp"] != stamp:
        return None
    head, start = found
    rows, entries = int(head["rows"]), head["columns"]
    try:
        with open(path, "rb") as f:
            day = _column(f, start, entries[_COLUMNS.index("day")], rows)
            if day is None:
                return None
            lo = 0 if first_day is None else search_day(day, first_day, "left")
            hi = rows if last_day is None else max(lo, search_day(day, last_day, "right"))
            out = [day[lo:hi] if e["name"] == "day" else _column(f, start, e, rows, lo, hi)
                   for e in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("actuals copy %s ignored: %s", path.name, exc)
        return None
    if any(c is None for c in out):
        return None
    return ActualColumns(*out)
