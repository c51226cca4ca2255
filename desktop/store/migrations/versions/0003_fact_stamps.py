"""Fact rows take their stamps from their batch (NULL = as the batch).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from pathlib import Path

from desktop.store.migrations.frozen_ddl import run_sql_file

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen DDL, as for 0001: later edits of schema.py can never change what this step does.
_DDL = Path(__file__).with_name("0003_fact_stamps.sql")


def upgrade() -> None:
    run_sql_file(_DDL)


def downgrade() -> None:
    raise NotImplementedError("workspaces are migrated forward only; a backup is kept")
