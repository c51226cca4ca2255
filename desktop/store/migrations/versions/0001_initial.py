"""The first workspace schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from pathlib import Path

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen DDL, so that later edits of schema.py can never change what this step creates.
_DDL = Path(__file__).with_name("0001_initial.sql")


def upgrade() -> None:
    text = _DDL.read_text(encoding="utf-8")
    for statement in text.split(";\n"):
        lines = [ln for ln in statement.splitlines() if not ln.startswith("--")]
        sql = "\n".join(lines).strip()
        if sql:
            op.execute(sql)


def downgrade() -> None:
    raise NotImplementedError("workspaces are migrated forward only; a backup is kept")
