"""Fact rows take their stamps from their batch (NULL = as the batch).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from pathlib import Path

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen DDL, as for 0001: later edits of schema.py can never change what this step does.
_DDL = Path(__file__).with_name("0003_fact_stamps.sql")


def upgrade() -> None:
    text = _DDL.read_text(encoding="utf-8")
    for statement in text.split(";\n"):
        lines = [ln for ln in statement.splitlines() if not ln.startswith("--")]
        sql = "\n".join(lines).strip()
        if sql:
            op.execute(sql)


def downgrade() -> None:
    raise NotImplementedError("workspaces are migrated forward only; a backup is kept")
