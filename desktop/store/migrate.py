"""Schema migrations (Alembic), applied on open after a backup copy is made."""

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
        config.set_main_option("version_locations", " ".join([here, *version_locations]))
    config.attributes["connection"] = connection
    return config


def upgrade(engine, target: str = "head", version_locations: list[str] | None = None) -> str:
    """Upgrade the schema in one transaction; SQLite's DDL is transactional, so a failed
    step leaves the file exactly as it was. Returns the new revision."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as connection:
        config = alembic_config(connection, version_locations)
        command.upgrade(config, target)
        revision = MigrationContext.configure(connection).get_current_revision()
        format_version = REVISION_FORMATS.get(revision)
        if format_version is None:  # a test revision beyond ours: count the steps
            format_version = max(REVISION_FORMATS.values()) + 1
        connection.exec_driver_sql(f"PRAGMA user_version = {int(format_version)}")
    return revision


def backup_copy(source: Path, destination: Path) -> None:
    """A consistent copy through SQLite's backup API (safe with WAL), written to a
    temporary name and renamed so a half-written backup never looks complete."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise MigrationError(
            source, f"could not make a backup copy before upgrading: {exc}") from None
    finally:
        src.close()
    partial.replace(destination)
