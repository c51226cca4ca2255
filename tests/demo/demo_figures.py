"""The three case figures of SPEC §6 recomputed from a workspace's raw rows, per region
and period, with plain SQL and pandas — independent of anything the generator knows."""

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

EPOCH = dt.date(1970, 1, 1)


def _day(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


def _frame(conn: sqlite3.Connection, sql: str) -> pd.DataFrame:
    cursor = conn.execute(sql)
    return pd.DataFrame(cursor.fetchall(), columns=[d[0] for d in cursor.description])


def region_of_units(conn: sqlite3.Connection) -> pd.Series:
    """unit key -> code of the region the unit belongs to (None for the company)."""
    units = _frame(conn, "SELECT key, parent_key, kind, code FROM org_unit")
    parent = dict(zip(units.key, units.parent_key, strict=True))
    kind = dict(zip(units.key, units.kind, strict=True))
    code = dict(zip(units.key, units.code, strict=True))
    out = {}
    for key in units.key:
        current = key
        while current is not None and kind[current] != "region":
            p = parent[current]
            current = None if pd.isna(p) else int(p)
        out[key] = None if current is None else code[current]
    return pd.Series(out, name="region")


def case_figures(path: Path) -> pd.DataFrame:
    """Rows (period, region incl. 'company') with latency days, consistency and
    misallocation shares."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        region = region_of_units(conn)
        periods = _frame(conn, "SELECT key, code, start_date, end_date FROM period")
        strategic = _frame(conn, """
            SELECT o.period_key, opl.product_line_key FROM objective o
            JOIN objective_product_line opl ON opl.objective_key = o.key""")
        versions = _frame(conn, """
            SELECT v.key AS version_key, v.published_at, c.period_key FROM cascade_version v
            JOIN cascade c ON c.key = v.cascade_key""")
        acks = _frame(conn, "SELECT version_key, unit_key, acknowledged_at FROM acknowledgement")
        events = _frame(conn, """
            SELECT e.day, e.activity, o.owner_unit_key AS unit_key, o.product_line_key
            FROM deal_event e JOIN opportunity o ON o.key = e.opportunity_key""")
        spend = _frame(conn, "SELECT unit_key, day, product_line_key, amount FROM incentive_spend")
        units = _frame(conn, "SELECT key AS unit_key FROM org_unit")
    finally:
        conn.close()

    rows = []
    for p in periods.itertuples():
        start, end = _day(p.start_date), _day(p.end_date)
        lines = set(strategic.product_line_key[strategic.period_key == p.key])
        evaluation = pd.Timestamp(p.end_date, tz="UTC") + pd.Timedelta(days=1)
        # latency: every (version of this period) x (unit); unacknowledged -> period end
        pv = versions[versions.period_key == p.key]
        grid = pv.merge(units, how="cross").merge(acks, how="left",
                                                  on=["version_key", "unit_key"])
        published = pd.to_datetime(grid.published_at, utc=True)
        acked = pd.to_datetime(grid.acknowledged_at, utc=True).fillna(evaluation)
        acked = acked.where(acked <= evaluation, evaluation)
        grid["latency"] = (acked - published).dt.total_seconds() / 86400
        grid["region"] = grid.unit_key.map(region)
        # consistency: created/advanced deals in the period, on strategic lines
        ev = events[events.activity.isin(["created", "advanced"])
                    & events.day.between(start, end)].copy()
        ev["strategic"] = ev.product_line_key.isin(lines)
        ev["region"] = ev.unit_key.map(region)
        # misallocation: spend in the period on non-strategic lines
        sp = spend[spend.day.between(start, end)].copy()
        sp["off"] = sp.amount.where(~sp.product_line_key.isin(lines), 0.0)
        sp["region"] = sp.unit_key.map(region)
        for name in [*sorted(r for r in set(region.dropna())), "company"]:
            pick = (lambda f, n=name: f if n == "company" else f[f.region == n])  # noqa: E731
            g, e, s = pick(grid), pick(ev), pick(sp)
            rows.append({"period": p.code, "region": name,
                         "latency": g.latency.mean(),
                         "consistency": e.strategic.mean(),
                         "misallocation": s.off.sum() / s.amount.sum(),
                         "unacknowledged": int(g.acknowledged_at.isna().sum())})
    return pd.DataFrame(rows).set_index(["period", "region"]).sort_index()
