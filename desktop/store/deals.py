"""CRM deals as stored, keyed by the CRM's own id: what an import or a sync compares a
fresh copy against (opportunities are entities; their fields are the domain's)."""

from typing import Any

from sqlalchemy.engine import Connection

_FIELDS = ("key", "id", "crm_id", "name", "owner_unit_id", "product_line_id", "stage",
           "probability", "amount", "created_day", "close_day", "is_won", "is_closed")


def opportunities_by_crm_id(conn: Connection) -> dict[str, dict[str, Any]]:
    sql = ("SELECT o.key, o.id, o.crm_id, o.name, u.id, p.id, o.stage, o.probability, "
           "o.amount, o.created_day, o.close_day, o.is_won, o.is_closed FROM opportunity o "
           "LEFT JOIN org_unit u ON u.key = o.owner_unit_key "
           "LEFT JOIN product_line p ON p.key = o.product_line_key")
    if not conn.in_transaction():
        conn.begin()
    cursor = conn.connection.driver_connection.cursor()
    try:
        rows = cursor.execute(sql).fetchall()
    finally:
        cursor.close()
    out = {}
    for row in rows:
        record = dict(zip(_FIELDS, row, strict=True))
        record["is_won"], record["is_closed"] = bool(record["is_won"]), bool(record["is_closed"])
        out[record["crm_id"]] = record
    return out
