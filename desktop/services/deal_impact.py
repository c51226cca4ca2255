"""A deal's contribution to the company figure (issue 6 §5: "this deal moved the
high-margin share by +0.03 points").

The deals counted are those won within the period, up to the end of the evaluated week.
For each won deal of amount ``a`` and each metric j, with the company's actual to date
(numerator N_j and, for ratio metrics, denominator D_j, as the tracking roll-up has them):

- ratio metrics (the high-margin share): the deal's amount is in the denominator, and in
  the numerator when its product line is high-margin. The impact is how far the company's
  ratio moves because of the deal, in points: 100 · (N / D − (N − n) / (D − a)), with
  n = a on a high-margin line and 0 otherwise — a deal on another line pulls the share
  down;
- sum metrics in money (unit not "count" nor "%"): the deal's share of the company's
  actual to date, a / N;
- other metrics (counts): NaN — a deal is not measured in them.

Pure arrays here; ``load_deals`` reads the few columns needed in one query.
"""

from dataclasses import dataclass

import numpy as np

NOT_MONEY = frozenset({"count", "%", ""})


@dataclass(slots=True)
class DealImpacts:
    """The won deals of a period, in descending order of |impact| (see ``order_key``)."""

    names: list[str]
    crm_ids: list[str]
    owner_row: np.ndarray  # (k,) org row of the owner, -1 when outside the org
    amount: np.ndarray  # (k,)
    high_margin: np.ndarray  # (k,) bool
    close_day: np.ndarray  # (k,) day number
    impact: np.ndarray  # (k, m) see the module docstring

    def __len__(self) -> int:
        return len(self.names)

    def top(self, rows: np.ndarray, limit: int = 8) -> np.ndarray:
        """Indices of the first ``limit`` deals whose owner row is in ``rows`` (bool mask
        over deals), already in order of impact."""
        return np.flatnonzero(rows)[:limit]


def deal_impact(amount: np.ndarray, high_margin: np.ndarray, numerator: np.ndarray,
                denominator: np.ndarray, ratio: np.ndarray, money: np.ndarray) -> np.ndarray:
    """(k, m) impact of k deals on m company figures.

    ``numerator`` (m,): the company's actual to date per metric; ``denominator`` (m,): the
    ratio metrics' denominators (ignored elsewhere); ``ratio``, ``money``: (m,) bool."""
    a = np.asarray(amount, dtype=float)[:, None]
    n = np.where(np.asarray(high_margin, bool), np.asarray(amount, dtype=float), 0.0)[:, None]
    big_n = np.asarray(numerator, dtype=float)[None, :]
    big_d = np.asarray(denominator, dtype=float)[None, :]
    out = np.full((a.shape[0], big_n.shape[1]), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        points = 100.0 * (big_n / big_d - (big_n - n) / (big_d - a))
        share = a / np.where(big_n != 0, big_n, np.nan)
    ratio = np.asarray(ratio, bool)
    money = np.asarray(money, bool) & ~ratio
    out[:, ratio] = points[:, ratio]
    out[:, money] = share[:, money]
    out[~np.isfinite(out)] = np.nan  # the deal is the whole denominator: undefined
    return out


def order_key(impact: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Sort key, largest first: |points| on the first ratio metric, else the largest
    share of a sum metric."""
    ratio = np.asarray(ratio, bool)
    if ratio.any():
        return np.nan_to_num(np.abs(impact[:, int(np.flatnonzero(ratio)[0])]), nan=-1.0)
    if impact.shape[1] == 0:
        return np.zeros(impact.shape[0])
    return np.nan_to_num(np.nanmax(np.where(np.isnan(impact), -1.0, impact), axis=1),
                         nan=-1.0)


def load_deals(conn, first_day: int, last_day: int) -> tuple[list[str], list[str],
                                                            np.ndarray, np.ndarray,
                                                            np.ndarray, np.ndarray]:
    """(names, crm ids, owner unit keys, amounts, high margin, close days) of the deals
    won between ``first_day`` and ``last_day``."""
    sql = ("SELECT o.name, o.crm_id, COALESCE(o.owner_unit_key, -1), o.amount, "
           "COALESCE(p.high_margin, 0), o.close_day FROM opportunity o "
           "LEFT JOIN product_line p ON p.key = o.product_line_key "
           "WHERE o.is_won AND o.close_day BETWEEN ? AND ?")
    rows = conn.exec_driver_sql(sql, (int(first_day), int(last_day))).fetchall()
    if not rows:
        empty = np.zeros(0)
        return [], [], empty.astype(np.int64), empty, empty.astype(bool), empty.astype(np.int64)
    names, crm, owner, amount, high, day = zip(*rows, strict=True)
    return (list(names), list(crm), np.asarray(owner, dtype=np.int64),
            np.asarray(amount, dtype=float), np.asarray(high, dtype=bool),
            np.asarray(day, dtype=np.int64))


def period_deals(conn, org, metrics, ratio: np.ndarray, value: np.ndarray,
                 denominator: np.ndarray, first_day: int, last_day: int) -> DealImpacts:
    """The won deals of ``first_day``..``last_day`` with their impact; ``value`` (m,) and
    ``denominator`` (m,) are the company's to-date actuals."""
    names, crm, owner, amount, high, day = load_deals(conn, first_day, last_day)
    money = np.array([m.unit not in NOT_MONEY for m in metrics], dtype=bool)
    impact = deal_impact(amount, high, value, denominator, ratio, money)
    order = np.argsort(-order_key(impact, ratio), kind="stable")
    return DealImpacts([names[i] for i in order], [crm[i] for i in order],
                       org.rows(owner[order]) if len(owner) else owner, amount[order],
                       high[order], day[order], impact[order])
