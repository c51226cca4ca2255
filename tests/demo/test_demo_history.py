"""The demo's tracking history: alerts raised by the engine week by week, answered by the
managers within hours in the pilot regions and days elsewhere; the case figures the
services compute agree with the independent SQL/pandas recomputation."""

import json
import shutil
import statistics

import pytest
from demo_figures import case_figures as reference_figures

from desktop.services.case_figures import case_figures
from desktop.services.health import health_index
from desktop.services.tracking import run_tracking
from desktop.store.clock import from_iso
from desktop.store.workspace import Workspace

PILOT = ("R-EAST", "R-SOUTH")


@pytest.fixture
def demo_copy(demo_path, tmp_path):
    path = tmp_path / "demo.tfw"
    shutil.copyfile(demo_path, path)
    with Workspace.open(path) as ws:
        yield ws


def _response_hours(demo_db) -> dict[bool, list[float]]:
    rows = demo_db.execute("""
        SELECT a.raised_at, e.at, r.code FROM alert a
        JOIN alert_event e ON e.alert_key = a.key AND e.state = 'action_taken'
        JOIN org_unit u ON u.key = a.unit_key
        JOIN org_unit r ON r.kind = 'region' AND (r.key = u.key OR r.key = u.parent_key
             OR r.key = (SELECT parent_key FROM org_unit t WHERE t.key = u.parent_key))""")
    out: dict[bool, list[float]] = {True: [], False: []}
    for raised, acted, region in rows:
        hours = (from_iso(acted) - from_iso(raised)).total_seconds() / 3600
        out[region in PILOT].append(hours)
    return out


def test_alerts_have_an_ordered_lifecycle_written_as_rows(demo_db):
    alerts = demo_db.execute("SELECT count(*) FROM alert").fetchone()[0]
    assert 100 < alerts < 2000
    events = demo_db.execute("""SELECT a.key, a.state, e.state, e.at, e.author FROM alert a
        JOIN alert_event e ON e.alert_key = a.key ORDER BY a.key, e.at""").fetchall()
    by_alert: dict[int, list] = {}
    for key, state, step, at, author in events:
        by_alert.setdefault(key, []).append((state, step, at, author))
    order = ["raised", "acknowledged", "action_taken", "resolved"]
    for steps in by_alert.values():
        names = [s[1] for s in steps]
        assert names[0] == "raised" and names == sorted(names, key=order.index)
        assert steps[0][0] == names[-1]  # the alert's state is its latest event
        assert steps[0][3] == "TargetFlow calibration loop"
    assert demo_db.execute("SELECT count(*) FROM change_log WHERE entity = 'alert'"
                           ).fetchone()[0] == alerts
    trigger = json.loads(demo_db.execute("SELECT \"trigger\" FROM alert").fetchone()[0])
    assert len(trigger) == 2 and all(abs(d) > 0.15 for d in trigger)


def test_pilot_managers_act_within_hours_the_others_after_days(demo_db):
    hours = _response_hours(demo_db)
    assert statistics.median(hours[True]) < 24
    assert statistics.median(hours[False]) > 48
    actions = demo_db.execute("SELECT count(*) FROM alert_action WHERE pack_rule_key IS NOT "
                              "NULL").fetchone()[0]
    assert actions > 50  # suggested by the action-pack library


def test_running_the_loop_again_on_the_demo_changes_nothing(demo_copy):
    for period in ("2025-Q1", "2025-Q2"):
        run = run_tracking(demo_copy, period)
        assert run.written and run.changes.raised == [] and run.changes.resolved == []
        assert run.rejected["total"] == 0


def test_case_figures_agree_with_the_raw_row_recomputation(demo_path, demo_copy):
    reference = reference_figures(demo_path)
    figures = case_figures(demo_copy)
    assert len(figures) == 14
    for f in figures:
        expected = reference.loc[(f.period, f.region)]
        assert f.latency_days == pytest.approx(expected.latency, abs=1e-6)
        assert f.consistency == pytest.approx(expected.consistency, abs=1e-9)
        assert f.misallocation == pytest.approx(expected.misallocation, abs=1e-9)
        assert f.unacknowledged == expected.unacknowledged
    pilot = {(f.period, f.region): f for f in figures if f.region in PILOT}

    def mean(period, name):
        return statistics.mean(getattr(pilot[(period, r)], name) for r in PILOT)

    assert mean("2025-Q1", "latency_days") == pytest.approx(9.2, abs=0.3)
    assert mean("2025-Q2", "latency_days") == pytest.approx(1.3, abs=0.3)
    assert mean("2025-Q1", "consistency") == pytest.approx(0.54, abs=0.02)
    assert mean("2025-Q2", "consistency") == pytest.approx(0.89, abs=0.02)
    assert mean("2025-Q1", "misallocation") == pytest.approx(0.43, abs=0.02)
    assert mean("2025-Q2", "misallocation") == pytest.approx(0.12, abs=0.02)


def test_pilot_regions_are_healthier_in_q2(demo_copy):
    health = health_index(demo_copy, "2025-Q2")
    april = {c: health.unit(c, "2025-04") for c in ("R-EAST", "R-SOUTH", "R-NORTH",
                                                      "R-NORTHEAST")}
    for pilot in PILOT:
        for other in ("R-NORTH", "R-NORTHEAST"):
            assert april[pilot].overall > april[other].overall + 10
            assert april[pilot].scores["sync"] > april[other].scores["sync"]
    east = april["R-EAST"]
    assert east.parent == "HQ" and east.parent_overall is not None
    assert east.provenance["sync"]["versions"] == [1]
    assert east.provenance["resource"]["by_product_line"]["CAP"] > 0
