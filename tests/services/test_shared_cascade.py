"""The latest cascade shared by its readers (services/period_cascade.shared_period_cascade):
the same workspace state gives the same computed cascade, any logged change or any
change of the actuals computes it again, and a write during the load shares nothing."""

import numpy as np

from desktop.services import period_cascade
from desktop.services.period_cascade import load_period_cascade, shared_period_cascade
from desktop.store import bulk
from tests.services.small_company import build


def _unit_key(ws, code):
    with ws.read() as conn:
        raw = conn.connection.driver_connection
        return raw.execute("SELECT key FROM org_unit WHERE code = ?", (code,)).fetchone()[0]


def test_the_same_state_shares_one_computed_cascade(tmp_path):
    ws = build(tmp_path / "small.tfw")
    first = shared_period_cascade(ws)
    assert first._result is not None  # computed once, for every reader
    assert shared_period_cascade(ws) is first
    fresh = load_period_cascade(ws)
    assert np.array_equal(first.compute()[1].targets, fresh.compute()[1].targets)


def test_a_logged_change_computes_it_again(tmp_path):
    ws = build(tmp_path / "small.tfw")
    first = shared_period_cascade(ws)
    with ws.transaction("test") as tx:
        tx.update("org_unit", {"id": first.built.unit_ids[1]}, {"headcount": 40})
    again = shared_period_cascade(ws)
    assert again is not first
    assert not np.array_equal(again.compute()[1].targets, first.compute()[1].targets)


def test_a_change_of_the_actuals_computes_it_again(tmp_path):
    """The last-actual allocation key reads them."""
    ws = build(tmp_path / "small.tfw")
    first = shared_period_cascade(ws)
    with ws.transaction("test") as tx:
        bulk.insert_facts(tx, "actual", {"unit_key": [_unit_key(ws, "HQ")], "metric_key": [1],
                                         "day": [20000], "value": [1.0],
                                         "denominator": [None], "source": ["t"]}, source="t")
    assert shared_period_cascade(ws) is not first


def test_a_write_during_the_load_shares_nothing(tmp_path, monkeypatch):
    ws = build(tmp_path / "small.tfw")
    load = period_cascade.load_period_cascade

    def load_then_write(*args, **kwargs):
        cascade = load(*args, **kwargs)
        with ws.transaction("test") as tx:  # committed while the reader computed
            tx.update("org_unit", {"id": cascade.built.unit_ids[1]}, {"headcount": 41})
        return cascade

    monkeypatch.setattr(period_cascade, "load_period_cascade", load_then_write)
    first = shared_period_cascade(ws)
    monkeypatch.undo()
    assert shared_period_cascade(ws) is not first


def test_readers_of_many_files_at_once_share_without_errors(monkeypatch):
    """Threads reading other files evict each other's cascades: never a KeyError, and
    the locks of files no longer shared are let go."""
    import sys
    import threading
    from types import SimpleNamespace

    class Computed:
        def compute(self):
            pass

    monkeypatch.setattr(period_cascade, "workspace_state", lambda ws: ("same",))
    monkeypatch.setattr(period_cascade, "load_period_cascade", lambda ws, code: Computed())
    monkeypatch.setattr(period_cascade, "_shared", {})
    monkeypatch.setattr(period_cascade, "_path_locks", {})
    errors: list[BaseException] = []

    def reader(i: int) -> None:
        ws = SimpleNamespace(path=f"/nonexistent/ws{i}.tfw")
        try:
            for k in range(6000):
                shared_period_cascade(ws, f"P{k % 7}")
        except Exception as exc:
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    assert len(period_cascade._shared) <= period_cascade._SHARED
    assert set(period_cascade._path_locks) <= {p for p, _c in period_cascade._shared}
