"""Files that are not (usable) workspaces: each is refused with the right error, whose
message names the file and the problem, and the file is left exactly as it was."""

import os
import random
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
from file_checks import file_state, sidecars

from desktop.store.errors import (
    CorruptWorkspaceError,
    NewerWorkspaceError,
    NotAWorkspaceError,
    WorkspaceError,
)
from desktop.store.workspace import Workspace


def _refused(path: Path, error: type[WorkspaceError], *words: str) -> WorkspaceError:
    before = file_state(path) if path.is_file() else None
    with pytest.raises(error) as info:
        Workspace.open(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message.lower(), message
    assert info.value.path == path
    if before is not None:
        assert file_state(path) == before, "the refused file was modified"
    assert sidecars(path) == [], "SQLite companion files were left beside the file"
    assert not list(path.parent.glob("*backup*")), "a refused file must not be backed up"
    return info.value


def _old_mtime(path: Path) -> Path:
    """Set an mtime in the past, so a write during the test cannot hide in the same tick."""
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    return path


def test_empty_file(tmp_path):
    path = tmp_path / "empty.tfw"
    path.write_bytes(b"")
    _old_mtime(path)
    _refused(path, NotAWorkspaceError, "empty")


def test_text_file(tmp_path):
    path = tmp_path / "notes.tfw"
    path.write_text("Meeting notes\n目标 cascade ideas\n", encoding="utf-8")
    _refused(_old_mtime(path), NotAWorkspaceError, "text file")


def test_csv_file(tmp_path):
    path = tmp_path / "actuals.csv"
    path.write_text("unit,metric,day,value\nR1,collections,2025-01-01,10\n" * 50)
    _refused(_old_mtime(path), NotAWorkspaceError, "not a targetflow workspace")


def test_random_binary(tmp_path):
    path = tmp_path / "noise.tfw"
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    _refused(_old_mtime(path), NotAWorkspaceError, "not a sqlite database")


def test_sqlite_database_of_another_app(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE workspace_meta(name, value);"
                       "INSERT INTO workspace_meta VALUES ('format', 'targetflow-workspace');"
                       "PRAGMA user_version = 1;")
    conn.close()
    _refused(_old_mtime(path), NotAWorkspaceError, "application id")


def test_sqlite_database_in_wal_mode_of_another_app(tmp_path):
    path = tmp_path / "other-wal.db"
    conn = sqlite3.connect(path)
    conn.executescript("PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
    conn.close()
    _refused(_old_mtime(path), NotAWorkspaceError, "not a targetflow workspace")


def _copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


def _set_header_int(path: Path, offset: int, value: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(struct.pack(">I", value))


def test_workspace_from_a_newer_format(filled, tmp_path):
    path = _copy(filled, tmp_path / "newer.tfw")
    _set_header_int(path, 60, 99)  # user_version
    err = _refused(_old_mtime(path), NewerWorkspaceError, "newer", "format 99")
    assert "update targetflow" in str(err).lower()


def test_workspace_at_an_unknown_future_revision(filled, tmp_path):
    """Same user_version, but an Alembic revision this release does not know."""
    path = _copy(filled, tmp_path / "future.tfw")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    _refused(_old_mtime(path), NewerWorkspaceError, "newer", "ffff_future")


def test_unfinished_workspace_without_a_format_version(filled, tmp_path):
    path = _copy(filled, tmp_path / "unfinished.tfw")
    _set_header_int(path, 60, 0)
    _refused(_old_mtime(path), NotAWorkspaceError, "no format version")


def _multi_page(filled: Path) -> int:
    size = filled.stat().st_size
    assert size >= 20 * 4096, "the sample workspace should span many pages"
    return size


def test_truncated_workspace(filled, tmp_path):
    size = _multi_page(filled)
    path = _copy(filled, tmp_path / "truncated.tfw")
    with path.open("r+b") as handle:
        handle.truncate(size // 2)
    _refused(_old_mtime(path), CorruptWorkspaceError, "damaged")


def test_workspace_truncated_inside_the_header(filled, tmp_path):
    path = tmp_path / "stub.tfw"
    path.write_bytes(filled.read_bytes()[:60])
    _refused(_old_mtime(path), NotAWorkspaceError, "truncated")


@pytest.mark.parametrize("where", [0.3, 0.5, 0.8])
def test_workspace_with_corrupted_pages(filled, tmp_path, where):
    size = _multi_page(filled)
    path = _copy(filled, tmp_path / "corrupt.tfw")
    page = 4096
    start = int(size * where) // page * page
    with path.open("r+b") as handle:
        handle.seek(start)  # a whole page of garbage, b-tree header included
        handle.write(random.Random(start).randbytes(page))
    _refused(_old_mtime(path), CorruptWorkspaceError, "damaged")


def test_workspace_with_a_corrupted_schema_page(filled, tmp_path):
    path = _copy(filled, tmp_path / "schema.tfw")
    with path.open("r+b") as handle:
        handle.seek(100)  # page 1 after the header: sqlite_schema's b-tree
        handle.write(b"\xff" * 400)
    _refused(_old_mtime(path), CorruptWorkspaceError, "damaged")


def test_a_directory(tmp_path):
    path = tmp_path / "folder.tfw"
    path.mkdir()
    _refused(path, NotAWorkspaceError, "folder")


def test_a_missing_path(tmp_path):
    path = tmp_path / "nowhere" / "missing.tfw"
    err = _refused(path, WorkspaceError, "no such file")
    assert not path.parent.exists()
    assert type(err) is WorkspaceError


def test_an_unreadable_file(filled, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = _copy(filled, tmp_path / "locked.tfw")
    path.chmod(0)
    try:
        _refused(path, WorkspaceError, "cannot be read")
    finally:
        path.chmod(0o600)


def test_a_good_workspace_opened_and_closed_is_one_file(filled):
    """The positive control for the checks above: opening for reading leaves no
    companion files once closed."""
    with Workspace.open(filled) as ws, ws.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert sidecars(filled) == []
