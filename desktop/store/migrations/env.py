"""Alembic environment: always run programmatically by store/migrate.py on an open
connection (there is no alembic.ini); the caller owns the transaction."""

from alembic import context

from desktop.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
