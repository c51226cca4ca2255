"""The demo's cascade is computed by the engine from its rules, and its actuals are drawn
around those computed targets."""

import numpy as np

from desktop.services.cascade_context import load_context
from desktop.store.workspace import Workspace


def test_the_engine_computes_every_demo_target_without_diagnostics(demo_path):
    with Workspace.open(demo_path) as ws:
        for period in ("2025-Q1", "2025-Q2"):
            context = load_context(ws, period)
            arrays, result = context.compute()
            assert arrays.n == 112
            assert result.diagnostics == []
            assert np.isfinite(result.targets).all()
            assert np.allclose(result.weights.sum(axis=1), 1.0)


def test_reps_actuals_track_their_engine_targets(demo_path, demo_db):
    with Workspace.open(demo_path) as ws:
        context = load_context(ws, "2025-Q2")
        arrays, result = context.compute()
    j = arrays.metric_ids.index(context.metric_by_code("collections").id)
    target = {context.units[u].code: result.targets[i, j]
              for i, u in enumerate(arrays.unit_ids) if context.units[u].kind == "person"}
    actual = dict(demo_db.execute(
        "SELECT u.code, sum(a.value) FROM actual a JOIN org_unit u ON u.key = a.unit_key "
        "JOIN metric m ON m.key = a.metric_key WHERE m.code = 'collections' "
        "AND a.day >= 20179 GROUP BY u.code").fetchall())  # 20179 = 2025-04-01
    ratio = np.array([actual[code] / target[code] for code in target])
    assert 0.8 < ratio.mean() < 1.2
    assert (ratio > 0.4).all() and (ratio < 1.6).all()
