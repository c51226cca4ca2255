"""The calibration loop: alerts and their lifecycle, action-pack rules, actions taken,
check-ins (issue 4).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from pathlib import Path

from desktop.store.migrations.frozen_ddl import run_sql_file

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen DDL, as for 0001: later edits of schema.py can never change what this step does.
_DDL = Path(__file__).with_name("0002_tracking.sql")


def upgrade() -> None:
    run_sql_file(_DDL)


def downgrade() -> None:
    raise NotImplementedError("workspaces are migrated forward only; a backup is kept")
