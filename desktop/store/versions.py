"""Published versions: freezing a cascade's computed weights and targets, and reading
them back (what-if diffs, acknowledgements, latency)."""

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from desktop.domain.version import CascadeVersion
from desktop.store import schema as s
from desktop.store.changes import ChangeWriter
from desktop.store.clock import from_iso, to_iso


def next_version_number(conn: Connection, cascade_id: str) -> int:
    c, v = s.cascade, s.cascade_version
    latest = conn.execute(
        select(func.max(v.c.number)).join(c, c.c.key == v.c.cascade_key).where(c.c.id == cascade_id)
    ).scalar()
    return (latest or 0) + 1


def publish(tx: ChangeWriter, version: CascadeVersion, unit_ids: Sequence[str],
            metric_ids: Sequence[str], weights, targets) -> None:
    """Store the version and its frozen values (rows of ``weights``/``targets`` follow
    ``unit_ids``, columns ``metric_ids``). The frozen values are part of the version entity:
    the change log records the version, not each of its hundreds of thousands of cells."""
    tx.insert("cascade_version", {"id": version.id, "cascade_id": version.cascade_id,
                                  "number": version.number,
                                  "published_at": to_iso(version.published_at),
                                  "note": version.note})
    version_key = tx.key_of("cascade_version", version.id)
    unit_keys = dict(tx.conn.execute(select(s.org_unit.c.id, s.org_unit.c.key)).all())
    metric_keys = dict(tx.conn.execute(select(s.metric.c.id, s.metric.c.key)).all())
    mk = [metric_keys[m] for m in metric_ids]
    rows = [(version_key, unit_keys[u], mk[j], float(weights[i][j]), float(targets[i][j]))
            for i, u in enumerate(unit_ids) for j in range(len(mk))]
    raw = tx.conn.connection.driver_connection
    raw.executemany("INSERT INTO version_target (version_key, unit_key, metric_key, weight, "
                    "target) VALUES (?, ?, ?, ?, ?)", rows)


def latest_version(conn: Connection, cascade_id: str) -> CascadeVersion | None:
    c, v = s.cascade, s.cascade_version
    row = conn.execute(
        select(v).join(c, c.c.key == v.c.cascade_key).where(c.c.id == cascade_id)
        .order_by(v.c.number.desc()).limit(1)).first()
    if row is None:
        return None
    return CascadeVersion(cascade_id, row.number, from_iso(row.published_at), row.author,
                          row.note, id=row.id)


def frozen_values(conn: Connection, version_id: str) -> dict[tuple[str, str], tuple[float, float]]:
    """{(unit id, metric id): (weight, target)} as published in a version."""
    t, v, u, m = s.version_target, s.cascade_version, s.org_unit, s.metric
    rows = conn.execute(
        select(u.c.id, m.c.id, t.c.weight, t.c.target)
        .join(v, v.c.key == t.c.version_key).join(u, u.c.key == t.c.unit_key)
        .join(m, m.c.key == t.c.metric_key).where(v.c.id == version_id))
    return {(unit, metric): (w, tgt) for unit, metric, w, tgt in rows}


def acknowledge(tx: ChangeWriter, version_id: str, unit_id: str, at) -> str:
    ack_id = str(uuid.uuid4())
    tx.insert("acknowledgement", {"id": ack_id, "version_id": version_id, "unit_id": unit_id,
                                  "acknowledged_at": to_iso(at)})
    return ack_id
