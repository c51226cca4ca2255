"""The health and case-figure exports carry the numbers the services compute, on the
demo company (so the pilot's story can leave TargetFlow as a spreadsheet)."""

import csv

import pytest

from desktop.demo import generate
from desktop.exchange.export import export
from desktop.services.case_figures import case_figures
from desktop.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.tfw"
    generate(path)
    return path


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_case_figures_export_matches_the_service(demo, tmp_path):
    out = tmp_path / "figures.csv"
    with Workspace.open(demo) as ws:
        written = export(ws, "case-figures", out)
        figures = case_figures(ws)
    rows = _rows(out)
    assert written == len(rows) == len(figures) > 0
    east_q2 = next(r for r in rows if r["region"] == "R-EAST" and r["period"] == "2025-Q2")
    expected = next(f for f in figures if f.region == "R-EAST" and f.period == "2025-Q2")
    assert float(east_q2["latency days"]) == pytest.approx(expected.latency_days, abs=0.01)
    assert float(east_q2["strategic consistency"]) == pytest.approx(expected.consistency,
                                                                    abs=1e-4)
    assert 0.8 < float(east_q2["strategic consistency"]) < 0.95


def test_health_export_has_every_unit_and_month_scored_0_to_100(demo, tmp_path):
    out = tmp_path / "health.xlsx"
    with Workspace.open(demo) as ws:
        written = export(ws, "health", out)
    assert written > 0
    csv_out = tmp_path / "health.csv"
    with Workspace.open(demo) as ws:
        export(ws, "health", csv_out)
    rows = _rows(csv_out)
    assert len(rows) == written
    assert {r["unit"] for r in rows} >= {"HQ", "R-EAST", "R-SOUTH"}
    overall = [float(r["overall"]) for r in rows if r["overall"] != ""]
    assert overall and all(0 <= x <= 100 for x in overall)
