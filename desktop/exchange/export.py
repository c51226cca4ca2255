"""Exports to CSV or .xlsx (by the file's suffix): targets per unit (to send to offices),
actuals, alerts, health and the case figures.

Each file is written under a temporary name beside the target and renamed over it when
complete, so a crash or a full disk never leaves a half-written export with the real
name. Actuals use the import's own headers, so an export imports back unchanged.
"""

import csv
import io
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from desktop.exchange.report import ExchangeError
from desktop.store import alerts, bulk, fact_arrays, loads
from desktop.store.clock import day_from_number
from desktop.store.workspace import Workspace

EXPORT_KINDS = ("targets", "actuals", "alerts", "health", "case-figures")


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with partial.open("wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_rows(path: Path | str, header: Sequence[str], rows: Iterable[Sequence[Any]]
               ) -> int:
    """A table to CSV (UTF-8 with BOM, which Excel needs to show Chinese) or .xlsx."""
    path = Path(path)
    count = 0
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(path.stem[:31] or "export")
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
            count += 1
        write_atomically(path, book.save)
        return count

    def write(f: IO[bytes]) -> None:
        nonlocal count
        text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
        text.flush()
        text.detach()

    write_atomically(path, write)
    return count


def export(ws: Workspace, kind: str, out: Path | str) -> int:
    """Write one export; returns the number of rows."""
    out = Path(out)
    if not out.parent.is_dir():
        raise ExchangeError(out, "the folder does not exist")
    makers = {"targets": _targets, "actuals": _actuals, "alerts": _alerts,
              "health": _health, "case-figures": _case_figures}
    if kind not in makers:
        raise ValueError(f"unknown export kind {kind!r} (one of {', '.join(EXPORT_KINDS)})")
    header, rows = makers[kind](ws)
    return write_rows(out, header, rows)


def _names(ws: Workspace) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    with ws.read() as conn:
        org = loads.org_columns(conn)
        metrics = loads.metrics(conn)
        metric_keys = bulk.key_map(conn, "metric")
    units = dict(zip(org.key, org.code, strict=True))
    names = dict(zip(org.key, org.name, strict=True))
    return units, names, {metric_keys[m.id]: m.code for m in metrics}


def _actuals(ws: Workspace):
    units, _, metrics = _names(ws)
    with ws.read() as conn:
        a = fact_arrays.actuals(conn)
    rows = ((units.get(int(u), f"key {u}"), metrics.get(int(m), f"key {m}"),
             day_from_number(int(d)).isoformat(), float(v),
             "" if den != den else float(den))
            for u, m, d, v, den in zip(a.unit_key.tolist(), a.metric_key.tolist(),
                                       a.day.tolist(), a.value.tolist(),
                                       a.denominator.tolist(), strict=True))
    return ["unit", "metric", "date", "value", "denominator"], rows


def _targets(ws: Workspace):
    """The latest published version of every cascade: what each unit was given."""
    units, names, metrics = _names(ws)
    with ws.read() as conn:
        periods = {p.id: p.code for p in loads.periods(conn)}
        cascades = {c.id: c for c in loads.cascade_headers(conn)}
        latest = {}
        for v in loads.versions(conn):
            if v.cascade_id not in latest or v.number > latest[v.cascade_id].number:
                latest[v.cascade_id] = v
        frozen = {cid: fact_arrays.version_targets(conn, v.id) for cid, v in latest.items()}
    rows = []
    for cid, (u, m, w, t) in frozen.items():
        c, v = cascades[cid], latest[cid]
        for uk, mk, weight, target in zip(u.tolist(), m.tolist(), w.tolist(), t.tolist(),
                                          strict=True):
            rows.append((units.get(uk, ""), names.get(uk, ""), metrics.get(mk, ""),
                         periods.get(c.period_id, ""), c.name, v.number, weight, target))
    rows.sort(key=lambda r: (r[3], r[0], r[2]))
    return ["unit", "unit name", "metric", "period", "cascade", "version", "weight",
            "target"], rows


def _alerts(ws: Workspace):
    units, _n, metrics = _names(ws)
    with ws.read() as conn:
        a = alerts.alert_columns(conn)
        periods = {p.code: p for p in loads.periods(conn)}
        period_keys = bulk.key_map(conn, "period")
    period_code = {period_keys[p.id]: code for code, p in periods.items()}
    rows = [(units.get(a.unit_key[i], ""), metrics.get(a.metric_key[i], ""),
             period_code.get(a.period_key[i], ""), a.direction[i], a.raised_week[i],
             a.state[i], a.resolved_week[i] or "") for i in range(len(a))]
    return ["unit", "metric", "period", "direction", "raised week", "state",
            "resolved week"], rows


def _health(ws: Workspace):
    from desktop.domain.settings import HEALTH_DIMENSIONS
    from desktop.services.health import health_index

    index = health_index(ws)
    rows = []
    for k, month in enumerate(index.months):
        for i, code in enumerate(index.data.org.codes):
            scores = index.scores[k, i].tolist()
            rows.append((month, code, *(_round(s) for s in scores),
                         _round(float(index.overall[k, i]))))
    return ["month", "unit", *HEALTH_DIMENSIONS, "overall"], rows


def _case_figures(ws: Workspace):
    from desktop.services.case_figures import case_figures

    figures = case_figures(ws)
    rows = [(f.period, f.region, f.region_name, _round(f.latency_days),
             _round(f.consistency, 4), _round(f.misallocation, 4), f.unacknowledged,
             f.deal_events, _round(f.spend)) for f in figures]
    return ["period", "region", "region name", "latency days", "strategic consistency",
            "incentive misallocation", "unacknowledged", "deal events", "spend"], rows


def _round(x: float, digits: int = 2) -> Any:
    return "" if x != x else round(x, digits)
