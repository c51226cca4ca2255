"""The first workspace schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from pathlib import Path

from desktop.store.migrations.frozen_ddl import run_sql_file

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen DDL, so that later edits of schema.py can never change what this step creates.
_DDL = Path(__file__).with_name("0001_initial.sql")


def upgrade() -> None:
    run_sql_file(_DDL)


def downgrade() -> None:
    raise NotImplementedError("workspaces are migrated forward only; a backup is kept")
