"""What the derived copies beside a workspace share (store/fact_cache: the actuals;
store/column_copies: the other large reads): the stamp parts that say which file, which
shape and which facts a copy was read from, and the file itself — a magic, a JSON header,
64-byte aligned blobs — written under a temporary name and renamed.

The shape of what was read is the schema revision stored in the file (a migration
rebuilds tables without logging or making a batch) and the app's version (a release may
read the same tables into other columns): a copy made by another release, or before a
migration, is never used.
"""

import json
import logging
import os
import struct
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from desktop.store.fact_updates import GENERATION, REWRITE

log = logging.getLogger(__name__)

ALIGN = 64


def app_version() -> str:
    try:
        from desktop import __version__

        return str(__version__)
    except ImportError:  # pragma: no cover - the package always defines it today
        from importlib.metadata import version

        return version("targetflow")


def source_stamp(raw: Any) -> dict:
    """Which file and which shape, in the caller's snapshot (``raw``: its sqlite3
    connection): the replica id, the schema revision stored in the file, the app's
    version."""
    replica = raw.execute("SELECT value FROM workspace_meta WHERE name = 'replica_id'"
                          ).fetchone()
    revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    return {"replica": replica[0] if replica else None,
            "schema": revision[0] if revision else None, "app": app_version()}


def fact_table_stamp(raw: Any, table: str) -> dict:
    """A fact table's stamp in the caller's snapshot: its write tokens (every fact write
    through the store replaces the generation; a write that changes stored rows, the
    rewrite), max(rowid), the newest batch (key and UUID) and the row count (~0.1 s on
    9 M rows: catches rows deleted by any writer, batch or not)."""
    generation, rewrite = GENERATION.format(table=table), REWRITE.format(table=table)
    meta = dict(raw.execute("SELECT name, value FROM workspace_meta WHERE name IN (?, ?)",
                            (generation, rewrite)).fetchall())
    batch = raw.execute("SELECT key, id FROM fact_batch WHERE kind = ? "
                        "ORDER BY key DESC LIMIT 1", (table,)).fetchone()
    return {"generation": meta.get(generation), "rewrite": meta.get(rewrite),
            "max_rowid": raw.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0,
            "rows": raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0],
            "batch": list(batch) if batch else None}


def aligned(size: int) -> int:
    return -(-size // ALIGN) * ALIGN


def data_start(magic: bytes, header_length: int) -> int:
    """Where the blobs start: after the magic, the header length and the header."""
    return aligned(len(magic) + 4 + header_length)


def write_file(path: Path, magic: bytes, header: dict,
               blobs: Iterable[tuple[int, Any]], size: int) -> bool:
    """Write a copy: ``magic``, the header's length (u32) and JSON, then each blob (any
    buffer) at its offset from the data start; ``size`` bytes of data. Under a temporary
    name, then renamed: a crash leaves no half file under the real name. False when it
    could not be written (the readers then read the workspace)."""
    encoded = json.dumps(header).encode()
    start = data_start(magic, len(encoded))
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        path.parent.mkdir(exist_ok=True)
        sweep(path)
        with open(partial, "wb") as f:
            f.write(magic + struct.pack("<I", len(encoded)) + encoded)
            for at, blob in blobs:
                f.seek(start + at)
                f.write(memoryview(blob))
            f.truncate(start + size)
        # no fsync: a copy a crash left damaged fails its CRC and is read again
        os.replace(partial, path)
    except OSError as exc:
        log.info("%s not copied (%s): reading the workspace each time", path.name, exc)
        partial.unlink(missing_ok=True)
        return False
    return True


def sweep(path: Path, older_than: float = 3600.0) -> None:
    """Remove temporary files a killed writer left (an hour old: not a live writer's)."""
    try:
        for leftover in path.parent.glob(f"{path.name}.*.partial"):
            if time.time() - leftover.stat().st_mtime > older_than:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass


def read_header(f: BinaryIO, magic: bytes) -> tuple[dict, int] | None:
    """(header, data start) of an open copy; None when it is not one (another magic).
    A damaged header raises (OSError, ValueError, struct.error): the callers ignore it."""
    if f.read(len(magic)) != magic:
        return None
    (length,) = struct.unpack("<I", f.read(4))
    head = json.loads(f.read(length))
    if not isinstance(head, dict):
        raise ValueError("header")
    return head, data_start(magic, length)
