"""The workspace file: create, open (with checks and migrations), save as, close.

A workspace is one SQLite file in WAL mode. Every write goes through
``Workspace.transaction()``: one SQLite transaction that also appends to the change log,
so a crash or a kill at any moment leaves the last committed state intact.
"""

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from desktop.domain.settings import DEFAULT_SETTINGS
from desktop.store import migrate, schema
from desktop.store.changes import ChangeWriter
from desktop.store.clock import default_author, now_iso
from desktop.store.errors import (
    CorruptWorkspaceError,
    MigrationError,
    NewerWorkspaceError,
    WorkspaceError,
)
from desktop.store.fileformat import APPLICATION_ID, FORMAT_VERSION, SUFFIX, read_header

# Files up to this size get a full quick_check on open: it reads every page (about 1 ms
# per MB from cache, several times that from disk). Larger files are checked lazily by
# SQLite as pages are read, so a 100 000-unit workspace (~200 MB, mostly change log)
# opens in a fraction of a second.
QUICK_CHECK_LIMIT = 64 * 1024 * 1024


# For a file nobody can see yet (Workspace.building): no journal, no syncs, a big cache.
_BUILDING_PRAGMAS = ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
                     "PRAGMA cache_size = -262144", "PRAGMA temp_store = MEMORY")
_NORMAL_PRAGMAS = ("PRAGMA journal_mode = WAL",
                   # FULL: a commit survives power loss too, not only a killed process.
                   "PRAGMA synchronous = FULL")


def _make_engine(path: Path, mode: dict[str, bool] | None = None) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    mode = mode if mode is not None else {"building": False}

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We issue BEGIN ourselves (below) so that DDL and DML share real transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        for pragma in _BUILDING_PRAGMAS if mode["building"] else _NORMAL_PRAGMAS:
            cursor.execute(pragma)
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A write takes the write lock at once (IMMEDIATE): a transaction that read first
        # and upgraded later could fail half-way with "database is locked" when the app
        # and a CLI command write to the same file.
        immediate = connection.info.get("write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Workspace:
    """An open workspace file."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._mode = {"building": False}
        self.replica_id = self.meta("replica_id")

    # --- lifecycle ------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, *, name: str = "", author: str | None = None,
               overwrite: bool = False) -> "Workspace":
        """Create a new, empty workspace. It is built under a temporary name and renamed,
        so a crash never leaves a half-made workspace at ``path``."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkspaceError(path, "a file with this name already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
        engine = _make_engine(partial)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            migrate.upgrade(engine)
            stamp = now_iso()
            who = author or default_author()
            with engine.begin() as conn:
                conn.execute(schema.workspace_meta.insert(), [
                    {"name": "format", "value": "targetflow-workspace"},
                    {"name": "name", "value": name or path.stem},
                    {"name": "replica_id", "value": str(uuid.uuid4())},
                    {"name": "created_at", "value": stamp},
                    {"name": "created_by", "value": who},
                ])
                conn.execute(schema.setting.insert(), [
                    {"name": k, "value": json.dumps(v), "created_at": stamp,
                     "updated_at": stamp, "author": who}
                    for k, v in DEFAULT_SETTINGS.items()
                ])
            _checkpoint(engine)
        finally:
            engine.dispose()
        for leftover in _sidecars(partial):
            leftover.unlink(missing_ok=True)
        migrate.replace_file(partial, path)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str, *, version_locations: list[str] | None = None
             ) -> "Workspace":
        """Open a workspace, refusing foreign, newer or corrupt files without touching
        them; an older format is backed up, then migrated in one transaction."""
        path = Path(path)
        header = read_header(path)
        _check_integrity(path, header.size, version_locations)
        engine = _make_engine(path)
        try:
            needs_upgrade = header.format_version < FORMAT_VERSION or version_locations
            if needs_upgrade:
                backup = path.with_name(f"{path.stem}.format{header.format_version}.backup"
                                        f"{path.suffix or SUFFIX}")
                migrate.backup_copy(path, backup)
                try:
                    migrate.upgrade(engine, version_locations=version_locations)
                except Exception as exc:
                    raise MigrationError(
                        path, f"upgrading from format {header.format_version} failed ({exc}); "
                        f"the file is unchanged and a copy is at {backup.name}") from exc
            return cls(path, engine)
        except WorkspaceError:
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            raise CorruptWorkspaceError(path, f"SQLite reports: {exc.orig}") from None

    def save_as(self, new_path: Path | str) -> "Workspace":
        """Copy the workspace to ``new_path`` (atomically) and return it opened there; this
        workspace is closed. The copy is a new document, with its own replica id."""
        new_path = Path(new_path)
        if new_path.resolve() == self.path.resolve():
            return self
        if new_path.is_dir():
            raise WorkspaceError(new_path, "this is a folder; give a file name to save as")
        partial = new_path.with_name(f".{new_path.name}.{uuid.uuid4().hex[:8]}.partial")
        try:
            new_path.parent.mkdir(parents=True, exist_ok=True)
            _checkpoint(self.engine)
            migrate.copy_database(self.path, partial)
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                copy.execute("UPDATE workspace_meta SET value = ? WHERE name = 'replica_id'",
                             (str(uuid.uuid4()),))
            finally:
                copy.close()
            migrate.replace_file(partial, new_path)
        except (OSError, sqlite3.Error) as exc:
            for leftover in (partial, *_sidecars(partial)):
                leftover.unlink(missing_ok=True)
            raise WorkspaceError(new_path, f"cannot save a copy here: {exc}") from None
        self.close()
        return Workspace.open(new_path)

    def close(self) -> None:
        """Fold the WAL into the main file so the workspace is one self-contained file."""
        # Closing must not fail; a WAL left behind is recovered on the next open.
        with contextlib.suppress(DBAPIError):
            _checkpoint(self.engine)
        self.engine.dispose()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- access ---------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot (one transaction) for set-based loads."""
        with self.engine.connect() as conn:
            try:
                yield conn
            finally:
                conn.rollback()

    @contextmanager
    def building(self) -> Iterator["Workspace"]:
        """Write without a journal, for a workspace under a temporary name that nobody
        opens (a generator's or an importer's private file): a crash discards the whole
        file anyway, and facts are written once instead of twice. The file is back in WAL
        mode, checkpointed, when the block ends."""
        self.engine.dispose()
        self.engine = _make_engine(self.path, self._mode)
        self._mode["building"] = True
        try:
            yield self
        finally:
            self._mode["building"] = False
            self.engine.dispose()  # the next connection comes back in WAL mode
            _checkpoint(self.engine)

    @contextmanager
    def transaction(self, author: str | None = None) -> Iterator[ChangeWriter]:
        """One all-or-nothing save: the changes and their change-log rows commit
        together, or neither does."""
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with conn.begin():
                    yield ChangeWriter(conn, author or default_author(), self.replica_id)
            except IntegrityError as exc:
                raise WorkspaceError(self.path, "the change conflicts with what the workspace "
                                     f"already holds ({exc.orig}); nothing was saved") from None
            finally:
                conn.info.pop("write", None)

    def meta(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(schema.workspace_meta.c.value).where(schema.workspace_meta.c.name == name)
            ).scalar_one_or_none()

    def settings(self) -> dict:
        from desktop.domain.settings import merged

        with self.read() as conn:
            rows = conn.execute(select(schema.setting.c.name, schema.setting.c.value)).all()
        return merged({name: json.loads(value) for name, value in rows})


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _checkpoint(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()


def _check_integrity(path: Path, size: int,
                     version_locations: list[str] | None = None) -> None:
    """Read the file without any chance of writing to it: check it holds a workspace of a
    schema revision this release knows and, for files of ordinary size, run quick_check,
    so a damaged or newer file is reported before anything opens it for writing.

    With no -wal beside the file there is nothing to recover, and SQLite is told the file
    is immutable: it then creates no -wal/-shm of its own. Companion files this check
    creates anyway are removed again."""
    existing = {p for p in _sidecars(path) if p.exists()}
    mode = "ro" if path.with_name(path.name + "-wal") in existing else "ro&immutable=1"
    try:
        try:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True)
        except sqlite3.Error as exc:
            raise CorruptWorkspaceError(path, f"SQLite cannot open it: {exc}") from None
        try:
            _check_contents(path, conn, size, version_locations)
        except sqlite3.DatabaseError as exc:
            raise CorruptWorkspaceError(path, f"damaged or unreadable ({exc})") from None
        finally:
            conn.close()
    finally:
        for created in set(_sidecars(path)) - existing:
            created.unlink(missing_ok=True)


def _check_contents(path: Path, conn: sqlite3.Connection, size: int,
                    version_locations: list[str] | None) -> None:
    conn.execute("SELECT value FROM workspace_meta WHERE name = 'format'").fetchone()
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None:
        raise CorruptWorkspaceError(path, "damaged: it records no schema revision")
    if not migrate.is_known_revision(revision[0], version_locations):
        raise NewerWorkspaceError(
            path, f"written by a newer TargetFlow (schema revision {revision[0]}, unknown "
            "to this release). Update TargetFlow to open it.")
    if size <= QUICK_CHECK_LIMIT:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise CorruptWorkspaceError(path, "damaged: " + "; ".join(problems))
