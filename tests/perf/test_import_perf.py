"""Import benchmark (issue 7, Performance): 1 000 000 actuals from CSV, validated and
stored in one transaction, ≤ 3× the time of ``pandas.read_csv`` plus a bare ``sqlite3``
``executemany`` of the same rows — measured in the same run, best of the rounds each.

Run: .venv/bin/python -m pytest tests/perf -m perf -k import -s
"""

import datetime as dt
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))
from exchange_world import empty

from desktop.domain.org import OrgUnit
from desktop.exchange.importer import run_import
from desktop.store import entities, loads

UNITS, DAYS = 1_000, 500  # × 2 metrics = 1 000 000 actuals
ROUNDS = 2


def _write_csv(path: Path) -> None:
    rng = np.random.default_rng(7)
    unit = np.repeat(np.arange(UNITS), DAYS * 2)
    metric = np.tile(np.repeat(np.array(["sales", "quota"]), DAYS), UNITS)
    day = np.tile(np.arange(DAYS), UNITS * 2)
    dates = np.array([(dt.date(2024, 1, 1) + dt.timedelta(days=int(d))).isoformat()
                      for d in range(DAYS)])
    pd.DataFrame({"unit": np.char.add("P-", unit.astype(str)), "metric": metric,
                  "date": dates[day], "value": rng.integers(0, 10_000, len(day)) / 10}
                 ).to_csv(path, index=False)


def _baseline(csv_path: Path, db: Path) -> float:
    started = time.perf_counter()
    frame = pd.read_csv(csv_path)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE actual (unit TEXT, metric TEXT, date TEXT, value REAL)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO actual VALUES (?, ?, ?, ?)",
                     frame.itertuples(index=False, name=None))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def test_import_one_million_actuals(tmp_path):
    csv_path = tmp_path / "actuals.csv"
    _write_csv(csv_path)
    ours, base = [], []
    for r in range(ROUNDS):
        ws = empty(tmp_path / f"w{r}.tfw")
        hq = OrgUnit("HQ", "Head office", "company")
        with ws.transaction() as tx:
            entities.add_org_units(tx, [hq, *(OrgUnit(f"P-{i}", f"Rep {i}", "person", hq.id)
                                              for i in range(UNITS))])
        started = time.perf_counter()
        report = run_import(ws, "actuals", csv_path)
        ours.append(time.perf_counter() - started)
        assert report.written and report.added == UNITS * DAYS * 2
        with ws.read() as conn:
            assert loads.counts(conn)["actual"] == UNITS * DAYS * 2
        ws.close()
        base.append(_baseline(csv_path, tmp_path / f"bare{r}.db"))
    ratio = min(ours) / min(base)
    print(f"\nimport 1 000 000 actuals: {min(ours):.2f} s; read_csv + executemany "
          f"{min(base):.2f} s; ratio {ratio:.2f} (limit 3)")
    assert ratio <= 3.0
