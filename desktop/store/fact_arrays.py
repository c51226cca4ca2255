"""Set-based loads of facts and frozen targets as numpy columns, for the tracking engine.

Millions of rows: one select each, fetched from the DBAPI cursor a chunk at a time into a
float64 block (NULL arrives as NaN, keys and day numbers are exact in a double), then
split into typed columns. No per-row Python object outlives its chunk.
"""

import itertools
from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Connection

_CHUNK = 1 << 17


def _block(conn: Connection, sql: str, params: tuple, width: int) -> np.ndarray:
    """(rows, width) float64 of a numeric select."""
    if not conn.in_transaction():  # one snapshot for all the loads of this connection
        conn.begin()
    cursor = conn.connection.driver_connection.cursor()
    parts = []
    try:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(_CHUNK)
            if not rows:
                break
            # fromiter over the flattened tuples: half the time of np.array(rows)
            flat = itertools.chain.from_iterable(rows)
            parts.append(np.fromiter(flat, dtype=float, count=len(rows) * width)
                         .reshape(len(rows), width))
    finally:
        cursor.close()
    return np.concatenate(parts) if parts else np.zeros((0, width))


def _keys(column: np.ndarray) -> np.ndarray:
    """A key column: NULL (NaN) becomes -1."""
    return np.where(np.isnan(column), -1, column).astype(np.int64)


@dataclass(slots=True)
class ActualColumns:
    unit_key: np.ndarray  # int64
    metric_key: np.ndarray  # int64
    day: np.ndarray  # int64 days since 1970-01-01
    value: np.ndarray  # float64
    denominator: np.ndarray  # float64, NaN where NULL

    def __len__(self) -> int:
        return len(self.day)

    def between(self, first_day: int | None, last_day: int | None) -> "ActualColumns":
        """The actuals dated first_day..last_day inclusive, in the same order, with int64
        columns. Columns sorted by day (fact_cache.load_actuals) are sliced, not
        searched."""
        day = self.day
        if len(day) > 1 and bool((day[1:] >= day[:-1]).all()):
            lo = 0 if first_day is None else search_day(day, first_day, "left")
            hi = len(day) if last_day is None else search_day(day, last_day, "right")
            pick: slice | np.ndarray = slice(lo, max(lo, hi))
        else:
            keep = np.ones(len(day), dtype=bool)
            if first_day is not None:
                keep &= day >= first_day
            if last_day is not None:
                keep &= day <= last_day
            pick = np.flatnonzero(keep)
        return ActualColumns(self.unit_key[pick].astype(np.int64),
                             self.metric_key[pick].astype(np.int64),
                             day[pick].astype(np.int64), self.value[pick],
                             self.denominator[pick])


def search_day(day: np.ndarray, value: int, side) -> int:
    """searchsorted with the value in the column's own dtype: a Python int would make
    NumPy convert the whole (narrow) column first."""
    if day.dtype.kind == "i":
        info = np.iinfo(day.dtype)
        if not info.min <= int(value) <= info.max:  # beyond every stored day
            return 0 if value < info.min else len(day)
        value = day.dtype.type(value)
    return int(np.searchsorted(day, value, side))


_ACTUAL = "SELECT unit_key, metric_key, day, value, denominator FROM actual"


def actuals(conn: Connection, first_day: int | None = None, last_day: int | None = None
            ) -> ActualColumns:
    """Every actual (or those dated first_day..last_day inclusive), in rowid order (a
    scan: the table has no index on day), as fact_cache.load_actuals(…).between gives
    them."""
    where, params = _day_range(first_day, last_day)
    return _actual_columns(_block(conn, _ACTUAL + where + " ORDER BY rowid", params, 5))


def actual_rows(conn: Connection, after_rowid: int = 0) -> ActualColumns:
    """The actuals stored after ``after_rowid`` (default: all), in rowid order."""
    return _actual_columns(_block(conn, _ACTUAL + " WHERE rowid > ? ORDER BY rowid",
                                  (int(after_rowid),), 5))


def _actual_columns(b: np.ndarray) -> ActualColumns:
    return ActualColumns(_keys(b[:, 0]), _keys(b[:, 1]), _keys(b[:, 2]), b[:, 3].copy(),
                         b[:, 4].copy())


@dataclass(slots=True)
class SpendColumns:
    unit_key: np.ndarray
    day: np.ndarray
    metric_key: np.ndarray  # -1 where the spend names a product line instead
    product_line_key: np.ndarray  # -1 where it names a metric
    amount: np.ndarray

    def __len__(self) -> int:
        return len(self.day)


def incentive_spend(conn: Connection, first_day: int | None = None,
                    last_day: int | None = None) -> SpendColumns:
    where, params = _day_range(first_day, last_day)
    b = _block(conn, "SELECT unit_key, day, metric_key, product_line_key, amount "
               "FROM incentive_spend" + where, params, 5)
    return SpendColumns(_keys(b[:, 0]), _keys(b[:, 1]), _keys(b[:, 2]), _keys(b[:, 3]),
                        b[:, 4].copy())


@dataclass(slots=True)
class DealEventColumns:
    """CRM activity: one row per deal event, with the deal's owner and product line."""

    day: np.ndarray
    owner_unit_key: np.ndarray  # -1 when the deal has no owner in the org
    product_line_key: np.ndarray  # -1 when the deal names no product line

    def __len__(self) -> int:
        return len(self.day)


def deal_events(conn: Connection, activities: tuple[str, ...], first_day: int | None = None,
                last_day: int | None = None) -> DealEventColumns:
    """Deal events of the given activities (e.g. created, advanced)."""
    where, params = _day_range(first_day, last_day, "e.day")
    marks = ", ".join("?" * len(activities))
    joiner = " AND " if where else " WHERE "
    b = _block(conn, "SELECT e.day, o.owner_unit_key, o.product_line_key FROM deal_event e "
               "JOIN opportunity o ON o.key = e.opportunity_key" + where
               + f"{joiner}e.activity IN ({marks})", (*params, *activities), 3)
    return DealEventColumns(_keys(b[:, 0]), _keys(b[:, 1]), _keys(b[:, 2]))


def version_targets(conn: Connection, version_id: str
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(unit_key, metric_key, weight, target) frozen in a published version."""
    b = _block(conn, "SELECT t.unit_key, t.metric_key, t.weight, t.target FROM "
               "version_target t JOIN cascade_version v ON v.key = t.version_key "
               "WHERE v.id = ?", (version_id,), 4)
    return _keys(b[:, 0]), _keys(b[:, 1]), b[:, 2].copy(), b[:, 3].copy()


@dataclass(slots=True)
class AcknowledgementColumns:
    version_key: np.ndarray  # int64
    unit_key: np.ndarray  # int64
    at: np.ndarray  # float64 epoch seconds, as datetime.timestamp() gives them

    def __len__(self) -> int:
        return len(self.at)


# The store writes every moment as clock.to_iso does ("2025-04-03T09:15:00.000Z"): SQLite
# turns those into exact integer milliseconds, so a million acknowledgements never become
# a million datetimes. Any other spelling (NaN here) is parsed by Python below.
_MILLIS = ("CASE WHEN length({c}) = 24 AND substr({c}, 24, 1) = 'Z' "
           "AND substr({c}, 20, 1) = '.' THEN "
           "CAST(strftime('%s', substr({c}, 1, 19)) AS INTEGER) * 1000 "
           "+ CAST(substr({c}, 21, 3) AS INTEGER) END")


def acknowledgements(conn: Connection) -> AcknowledgementColumns:
    """Every acknowledgement: (version key, unit key, moment), in key order."""
    b = _block(conn, "SELECT version_key, unit_key, " + _MILLIS.format(c="acknowledged_at")
               + " FROM acknowledgement ORDER BY key", (), 3)
    at = b[:, 2] / 1000.0  # ms / 1000 rounds exactly as microseconds / 10**6 does
    odd = np.flatnonzero(np.isnan(at))
    if len(odd):
        from desktop.store.clock import from_iso

        cursor = conn.connection.driver_connection.cursor()
        try:
            texts = [t for (t,) in cursor.execute(
                "SELECT acknowledged_at FROM acknowledgement ORDER BY key").fetchall()]
        finally:
            cursor.close()
        at[odd] = [from_iso(texts[i]).timestamp() for i in odd.tolist()]
    return AcknowledgementColumns(_keys(b[:, 0]), _keys(b[:, 1]), at)


def _day_range(first: int | None, last: int | None, column: str = "day"
               ) -> tuple[str, tuple]:
    terms, params = [], []
    if first is not None:
        terms.append(f"{column} >= ?")
        params.append(int(first))
    if last is not None:
        terms.append(f"{column} <= ?")
        params.append(int(last))
    return (" WHERE " + " AND ".join(terms) if terms else ""), tuple(params)
