"""Workspace store benchmarks (issue 2, Performance). Ratios against a bare ``sqlite3``
baseline measured in the same run, interleaved round by round; the best round of each
side is compared, so a hiccup of the machine cannot decide the result:

- open a 100 000-unit workspace and load its org tree, target nodes and edges through the
  store's set-based loads ≤ 3× a bare sqlite3 query fetching the same rows;
- insert 1 000 000 actuals with bulk.insert_facts in one transaction ≤ 2× a bare sqlite3
  ``executemany`` of the same (pre-built) rows into the same table, unique index created
  after, in one transaction.

Run: .venv/bin/python -m pytest tests/perf -m perf -k store -s
"""

import os
import sqlite3
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from desktop.store import bulk, loads, schema
from desktop.store.workspace import Workspace

UNITS = 100_000
REGIONS, TEAMS = 20, 600
FACTS = 1_000_000


def _uid(n: int) -> str:
    return str(uuid.UUID(int=n, version=4))


@pytest.fixture(scope="session")
def big_workspace(tmp_path_factory) -> tuple[Path, str]:
    """1 company, 20 regions, 600 teams and the rest reps; one cascade with a node per
    unit and edges following the tree. Written through ChangeWriter.insert_many (so
    the change log holds a row per entity, as a real workspace would)."""
    path = tmp_path_factory.mktemp("perf") / "big.tfw"
    started = time.perf_counter()
    units = [{"id": _uid(1), "code": "CO", "name": "Company", "kind": "company",
              "parent_id": None}]
    units += [{"id": _uid(2 + r), "code": f"R{r}", "name": f"Region {r}", "kind": "region",
               "parent_id": _uid(1), "manager": f"Manager {r}"} for r in range(REGIONS)]
    units += [{"id": _uid(10_000 + t), "code": f"T{t}", "name": f"Team {t}", "kind": "team",
               "parent_id": _uid(2 + t % REGIONS), "headcount": 8} for t in range(TEAMS)]
    units += [{"id": _uid(100_000 + p), "code": f"P{p}", "name": f"Rep {p}",
               "kind": "person", "parent_id": _uid(10_000 + p % TEAMS)}
              for p in range(UNITS - len(units))]
    node_of = {u["id"]: _uid(1_000_000 + i) for i, u in enumerate(units)}
    cascade_id, period_id = _uid(999), _uid(998)
    with Workspace.create(path) as ws, ws.transaction(author="perf") as tx:
        tx.insert_many("org_unit", units)
        tx.insert("period", {"id": period_id, "code": "2025-Q2", "start_date": "2025-04-01",
                             "end_date": "2025-06-30", "plan_profile": None})
        tx.insert("rule", {"id": _uid(997), "name": "70/30", "alpha": 0.7, "tilt": "{}",
                           "base": None, "allocation_key": "equal", "custom_key": None,
                           "beta": 0.0, "overage": 0.0, "ratio_band": 0.05,
                           "factor_weights": None})
        tx.insert("cascade", {"id": cascade_id, "name": "Q2", "period_id": period_id,
                              "objective_id": None})
        tx.insert_many("target_node", [
            {"id": node_of[u["id"]], "cascade_id": cascade_id, "unit_id": u["id"],
             "x": float(i % 1000), "y": float(i // 1000)} for i, u in enumerate(units)])
        tx.insert_many("cascade_edge", [
            {"id": _uid(2_000_000 + i), "cascade_id": cascade_id,
             "parent_node_id": node_of[u["parent_id"]], "child_node_id": node_of[u["id"]],
             "rule_id": _uid(997) if u["kind"] == "region" else None}
            for i, u in enumerate(units) if u["parent_id"] is not None])
    print(f"\nbuilt a {UNITS:,}-unit workspace in {time.perf_counter() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)")
    return path, cascade_id


def _interleaved(store, bare, rounds: int) -> tuple[float, float]:
    """Best time of each side over ``rounds`` alternating runs."""
    store_times, bare_times = [], []
    for _ in range(rounds):
        for fn, times in ((store, store_times), (bare, bare_times)):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return min(store_times), min(bare_times)


def test_open_and_load_a_100k_unit_workspace(big_workspace):
    path, cascade_id = big_workspace
    got = {}

    def store():
        with Workspace.open(path) as ws, ws.read() as conn:
            org = loads.org_columns(conn)
            cascade = loads.cascade_columns(conn, cascade_id)
        got["store"] = (len(org), len(cascade.node_id), len(cascade.edge_id))
        got["org"], got["cascade"] = org, cascade

    def bare():
        conn = sqlite3.connect(path)
        try:
            units = conn.execute(
                "SELECT key, id, code, name, kind, parent_key, manager, headcount "
                "FROM org_unit ORDER BY key").fetchall()
            key = conn.execute("SELECT key FROM cascade WHERE id = ?",
                               (cascade_id,)).fetchone()[0]
            nodes = conn.execute(
                "SELECT key, id, unit_key, x, y, collapsed FROM target_node "
                "WHERE cascade_key = ? ORDER BY key", (key,)).fetchall()
            edges = conn.execute(
                "SELECT id, parent_node_key, child_node_key, rule_key FROM cascade_edge "
                "WHERE cascade_key = ? ORDER BY key", (key,)).fetchall()
        finally:
            conn.close()
        got["bare"] = (len(units), len(nodes), len(edges))

    store_s, bare_s = _interleaved(store, bare, rounds=5)
    ratio = store_s / bare_s
    print(f"\nopen + load {UNITS:,} units, nodes, edges: store {store_s * 1000:.0f} ms, "
          f"bare sqlite3 {bare_s * 1000:.0f} ms, ratio {ratio:.2f}× (limit 3×)")
    assert got["store"] == got["bare"] == (UNITS, UNITS, UNITS - 1)
    org, cascade = got["org"], got["cascade"]
    assert org.parent_index[0] == -1 and org.kind[org.parent_index[1]] == "company"
    child = cascade.edge_child[0]
    assert org.key.index(cascade.node_unit_key[child]) == 1  # edge 0: company → region 0
    assert ratio <= 3.0


@pytest.fixture(scope="module")
def facts() -> dict:
    units = np.repeat(np.arange(1, FACTS // 50 + 1, dtype=np.int64), 50)
    metrics = np.tile(np.repeat(np.arange(1, 3, dtype=np.int64), 25), FACTS // 50)
    days = np.tile(np.arange(20089, 20114, dtype=np.int64), FACTS // 25)
    values = np.random.default_rng(7).random(FACTS) * 1000.0
    return {"unit_key": units, "metric_key": metrics, "day": days, "value": values,
            "denominator": [None] * FACTS, "source": ["csv"] * FACTS}


def test_insert_a_million_actuals(tmp_path, facts):
    template = tmp_path / "template.tfw"
    Workspace.create(template).close()
    conn = sqlite3.connect(f"{template.as_uri()}?mode=ro", uri=True)
    ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'actual'").fetchone()[0]
    conn.close()
    index = schema.FACT_INDEXES["actual"][0]
    stamp = "2026-01-01T00:00:00.000Z"
    rows = list(zip(facts["unit_key"].tolist(), facts["metric_key"].tolist(),
                    facts["day"].tolist(), facts["value"].tolist(), facts["denominator"],
                    facts["source"], [1] * FACTS, [stamp] * FACTS, [stamp] * FACTS,
                    ["perf"] * FACTS, strict=True))
    rounds = iter(range(100))

    def store():
        path = tmp_path / f"store{next(rounds)}.tfw"
        with Workspace.create(path) as ws:
            started = time.perf_counter()
            with ws.transaction(author="perf") as tx:
                bulk.insert_facts(tx, "actual", facts, source="csv")
            elapsed = time.perf_counter() - started
            with ws.read() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM actual").scalar() == FACTS
        os.remove(path)
        return elapsed

    def bare():
        path = tmp_path / f"bare{next(rounds)}.db"
        db = sqlite3.connect(path, isolation_level=None)
        db.execute(ddl)
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO actual (unit_key, metric_key, day, value, denominator, "
                       "source, batch_key, created_at, updated_at, author) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute(index)
        db.execute("COMMIT")
        elapsed = time.perf_counter() - started
        db.close()
        os.remove(path)
        return elapsed

    store_times, bare_times = [], []
    for _ in range(3):
        store_times.append(store())
        bare_times.append(bare())
    store_s, bare_s = min(store_times), min(bare_times)
    ratio = store_s / bare_s
    print(f"\ninsert {FACTS:,} actuals: store {store_s:.2f} s, bare sqlite3 executemany "
          f"{bare_s:.2f} s, ratio {ratio:.2f}× (limit 2×)")
    assert ratio <= 2.0
