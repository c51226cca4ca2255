"""Proof that a file was not touched, for the tests of refused and failed opens."""

import hashlib
from pathlib import Path


def file_state(path: Path) -> tuple[str, int, int]:
    """(sha256, size, mtime_ns) of a file: proof that something did not touch it."""
    data = path.read_bytes()
    stat = path.stat()
    return hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime_ns


def sidecars(path: Path) -> list[Path]:
    """SQLite's companion files beside ``path`` (WAL, shared memory, rollback journal)."""
    return [p for p in (path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))
            if p.exists()]
