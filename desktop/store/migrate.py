"""Schema migrations (Alembic), applied on open after a backup copy is made."""

import os
import sqlite3
from pathlib import Path

from desktop.store.errors import MigrationError
from desktop.store.fileformat import REVISION_FORMATS


def alembic_config(connection, version_locations: list[str] | None = None):
    # Alembic is imported here, not at module level: most opens need no migration,
    # and start-up time is a feature.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "desktop.store:migrations")
    if version_locations:
        here = str(Path(__file__).with_name("migrations") / "versions")
        # Joined with the OS path separator, so folders with spaces work; "%" is escaped
        # for the ini-style interpolation of Config.
        joined = os.pathsep.join([here, *map(str, version_locations)]).replace("%", "%%")
        separator = ("path_separator" if hasattr(Config, "get_version_locations_list")
                     else "version_path_separator")  # Alembic < 1.16
        config.set_main_option(separator, "os")
        config.set_main_option("version_locations", joined)
    config.attributes["connection"] = connection
    return config


def is_known_revision(revision: str, version_locations: list[str] | None = None) -> bool:
    """Whether this release (plus any extra version locations) has the revision a file
    records; a file at an unknown revision was written by a newer release."""
    if revision in REVISION_FORMATS:
        return True
    if not version_locations:
        return False
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config(None, version_locations))
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine, target: str = "head", version_locations: list[str] | None = None) -> str:
    """Upgrade the schema in one transaction; SQLite's DDL is transactional, so a failed
    step leaves the file exactly as it was. Returns the new revision."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        # Foreign keys off while tables are rebuilt: a batch migration drops and recreates
        # a table, and with them on, ON DELETE CASCADE would empty the tables that refer
        # to it. They are checked as a whole before the commit instead. (The pragma only
        # takes effect outside a transaction, hence the raw connection.)
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config = alembic_config(connection, version_locations)
                command.upgrade(config, target)
                revision = MigrationContext.configure(connection).get_current_revision()
                broken = raw.execute("PRAGMA foreign_key_check").fetchmany(3)
                if broken:
                    raise MigrationError(engine.url.database or "workspace",
                                         f"the upgrade left broken references: {broken}")
                format_version = REVISION_FORMATS.get(revision)
                if format_version is None:  # a test revision beyond ours: count the steps
                    format_version = max(REVISION_FORMATS.values()) + 1
                connection.exec_driver_sql(f"PRAGMA user_version = {int(format_version)}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    return revision


def backup_copy(source: Path, destination: Path) -> None:
    """A consistent copy made before migrating; see copy_database."""
    try:
        copy_database(source, destination)
    except (sqlite3.Error, OSError) as exc:
        raise MigrationError(
            source, f"could not make a backup copy before upgrading: {exc}") from None


def copy_database(source: Path, destination: Path) -> None:
    """A consistent copy through SQLite's backup API (safe with WAL), written to a
    temporary name and renamed so a half-written copy never looks complete. Raises
    sqlite3.Error or OSError; the source is only read."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    replace_file(partial, destination)


def replace_file(source: Path, destination: Path) -> None:
    """Atomically rename ``source`` over ``destination``. SQLite companion files of a
    previous ``destination`` are removed first: a stale -wal beside the new file would
    be replayed into it and corrupt it."""
    for suffix in ("-wal", "-shm", "-journal"):
        destination.with_name(destination.name + suffix).unlink(missing_ok=True)
    source.replace(destination)
