"""Acknowledging published versions, and who is on which version (SPEC §3, §6)."""

import datetime as dt
from dataclasses import dataclass

from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.domain.version import CascadeVersion
from desktop.services.cascade_context import load_context
from desktop.store import loads, versions
from desktop.store.clock import default_author
from desktop.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class UnitVersionStatus:
    unit_code: str
    latest_version: int  # the newest version published for the unit's cascade
    acknowledged_version: int | None  # the newest one the unit acknowledged
    latency_days: float | None  # how long the unit took to acknowledge that one
    pending_days: float | None  # if the latest is unacknowledged: days since publication

    @property
    def current(self) -> bool:
        return self.acknowledged_version == self.latest_version


def acknowledge(ws: Workspace, unit_code: str, number: int | None = None,
                author: str | None = None, at: dt.datetime | None = None,
                period: str | None = None) -> str:
    """Record that a unit acknowledged a version (default: the latest)."""
    context = load_context(ws, period)
    unit = context.unit_by_code(unit_code)
    context.node_of_unit(unit.id)  # the unit must be part of this cascade
    published = _versions(ws, context.cascade.id)
    if not published:
        raise InvalidValueError(f"cascade {context.cascade.name!r} has no published version")
    version = published[-1] if number is None else next(
        (v for v in published if v.number == number), None)
    if version is None:
        raise UnknownEntityError(f"cascade {context.cascade.name!r} has no version {number}")
    moment = at or dt.datetime.now(dt.UTC)
    if moment < version.published_at:
        raise InvalidValueError(f"{unit_code}: an acknowledgement cannot come before the "
                                f"version's publication ({version.published_at:%Y-%m-%d %H:%M})")
    with ws.read() as conn:
        already = {(a.version_id, a.unit_id) for a in loads.acknowledgements(conn)}
    if (version.id, unit.id) in already:
        raise InvalidValueError(f"{unit_code} has already acknowledged version {version.number}")
    with ws.transaction(author or default_author()) as tx:
        return versions.acknowledge(tx, version.id, unit.id, moment)


def status(ws: Workspace, period: str | None = None, now: dt.datetime | None = None
           ) -> list[UnitVersionStatus]:
    """Per unit of the cascade: the latest version, the newest it acknowledged, and how
    long that took (or how long the latest has been waiting)."""
    context = load_context(ws, period)
    published = _versions(ws, context.cascade.id)
    if not published:
        return []
    by_id = {v.id: v for v in published}
    with ws.read() as conn:
        acks = [a for a in loads.acknowledgements(conn) if a.version_id in by_id]
    newest: dict[str, tuple[CascadeVersion, float]] = {}
    for ack in acks:
        version = by_id[ack.version_id]
        if ack.unit_id not in newest or version.number > newest[ack.unit_id][0].number:
            newest[ack.unit_id] = (version, ack.latency_days(version))
    latest = published[-1]
    moment = now or dt.datetime.now(dt.UTC)
    out = []
    for node in context.cascade.nodes.values():
        unit = context.units[node.unit_id]
        acked = newest.get(unit.id)
        waiting = None
        if acked is None or acked[0].number < latest.number:
            waiting = (moment - latest.published_at).total_seconds() / 86400.0
        out.append(UnitVersionStatus(unit.code, latest.number,
                                     acked[0].number if acked else None,
                                     acked[1] if acked else None, waiting))
    return sorted(out, key=lambda s: s.unit_code)


def _versions(ws: Workspace, cascade_id: str) -> list[CascadeVersion]:
    with ws.read() as conn:
        return sorted((v for v in loads.versions(conn) if v.cascade_id == cascade_id),
                      key=lambda v: v.number)
