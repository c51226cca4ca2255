"""Runs a revision's frozen DDL file: the SQL that revision created when it was written,
so later edits of schema.py can never change what an old revision does."""

from pathlib import Path

from alembic import op


def run_sql_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for statement in text.split(";\n"):
        lines = [ln for ln in statement.splitlines() if not ln.startswith("--")]
        sql = "\n".join(lines).strip()
        if sql:
            op.execute(sql)
