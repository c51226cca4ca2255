"""The calibration loop against a small hand-made workspace: alerts reconciled with the
store (idempotent), lifecycle with times and authors, action packs, queue, evaluation,
case figures, health with provenance, bad actuals reported."""

import datetime as dt

import numpy as np
import pytest

from desktop.domain.alert import ActionPackRule
from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.services import acknowledgements as acks
from desktop.services import cascade as cascade_service
from desktop.services.action_packs import save_pack_rules
from desktop.services.actual_checks import check_actuals
from desktop.services.case_figures import case_figures
from desktop.services.health import health_index
from desktop.services.tracking import (
    acknowledge_alert,
    record_action,
    resolve_alert,
    run_tracking,
    stored_alerts,
)
from desktop.services.tracking_data import load_tracking
from desktop.services.tracking_queue import alert_views, period_evaluation, queue
from desktop.store import bulk, loads
from desktop.store.clock import day_number
from tests.services.small_company import build

T0 = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)
REPS = ("P-E1", "P-E2", "P-S1", "P-S2", "P-N1", "P-N2")


@pytest.fixture
def ws(tmp_path):
    workspace = build(tmp_path / "small.tfw")
    cascade_service.publish(workspace, "Q2 targets", at=T0)
    data = load_tracking(workspace)
    keys = dict(zip(data.org.codes, data.org.key.tolist(), strict=True))
    rows = {"unit_key": [], "metric_key": [], "day": [], "value": [], "denominator": [],
            "source": []}
    for code in REPS:
        i = data.org.codes.index(code)
        for k, monday in enumerate(data.week_monday.tolist()):
            # East runs 40% behind on collections in weeks 1-4, then back on plan
            pace = 0.6 if code.startswith("P-E") and k < 4 else 1.0
            for j, metric in enumerate(data.metrics):
                if metric.code == "hm_share":
                    value, den = 45.0, 100.0
                else:
                    factor = pace if metric.code == "collections" else 1.0
                    value, den = data.target[i, j] / 13 * factor, None
                for column, v in (("unit_key", keys[code]), ("metric_key",
                                  int(data.metric_key[j])), ("day", monday + 4),
                                  ("value", value), ("denominator", den),
                                  ("source", "test")):
                    rows[column].append(v)
    with workspace.transaction("import") as tx:
        bulk.insert_facts(tx, "actual", rows, source="test")
    yield workspace
    workspace.close()


def at_week(k: int) -> dt.datetime:
    return dt.datetime(2025, 3, 31, 1, tzinfo=dt.UTC) + dt.timedelta(weeks=k + 1)


def test_alerts_are_raised_once_and_resolved_back_in_band(ws):
    first = run_tracking(ws, week="2025-W15", now=at_week(1))
    assert first.written and len(first.changes.raised) == 3  # P-E1, P-E2 and R-E
    again = run_tracking(ws, week="2025-W15", now=at_week(1))
    assert again.changes.raised == [] and again.changes.resolved == []
    data = first.data
    views = alert_views(ws, data, stored_alerts(ws, data))
    assert sorted(v.unit for v in views) == ["P-E1", "P-E2", "R-E"]
    assert {(v.metric, v.direction, v.raised_week) for v in views} == {
        ("collections", "behind", "2025-W15")}
    # by week 11 the to-date pace is back within 15%: resolved, once
    later = run_tracking(ws, week="2025-W24", now=at_week(10))
    assert len(later.changes.resolved) == 3 and later.changes.raised == []
    assert run_tracking(ws, week="2025-W24", now=at_week(10)).changes.resolved == []
    # an earlier week than the stored history is reported, never written
    past = run_tracking(ws, week="2025-W15", now=at_week(11))
    assert not past.written


def test_lifecycle_records_times_and_authors(ws):
    run = run_tracking(ws, week="2025-W15", now=at_week(1))
    alert_id = run.changes.raised[0]
    raised = at_week(1)
    with pytest.raises(UnknownEntityError, match="no alert"):
        acknowledge_alert(ws, "00000000-0000-4000-8000-000000000000", "Wang", raised)
    with pytest.raises(InvalidValueError, match="before it was raised"):
        acknowledge_alert(ws, alert_id, "Wang", raised - dt.timedelta(hours=1))
    acknowledge_alert(ws, alert_id, "Wang Wei", raised + dt.timedelta(hours=3))
    with pytest.raises(InvalidValueError, match="cannot become acknowledged"):
        acknowledge_alert(ws, alert_id, "Wang Wei", raised + dt.timedelta(hours=4))
    record_action(ws, alert_id, "Chase overdue invoices", "Wang Wei",
                  raised + dt.timedelta(hours=20))
    record_action(ws, alert_id, "Call the three largest accounts", "Li Na",
                  raised + dt.timedelta(hours=30))
    resolve_alert(ws, alert_id, "Li Na", raised + dt.timedelta(days=3), "paid")
    with pytest.raises(InvalidValueError, match="already resolved"):
        record_action(ws, alert_id, "more", "Li Na", raised + dt.timedelta(days=4))
    with ws.read() as conn:
        events = conn.exec_driver_sql(
            "SELECT e.state, e.at, e.author, e.note FROM alert_event e JOIN alert a ON "
            "a.key = e.alert_key WHERE a.id = ? ORDER BY e.at", (alert_id,)).fetchall()
        actions = conn.exec_driver_sql("SELECT count(*) FROM alert_action").scalar()
    assert [(s, w) for s, _, w, _ in events] == [
        ("raised", "TargetFlow calibration loop"), ("acknowledged", "Wang Wei"),
        ("action_taken", "Wang Wei"), ("resolved", "Li Na")]
    assert events[1][1] == "2025-04-14T04:00:00.000Z" and events[3][3] == "paid"
    assert actions == 2
    # closed by hand: the same episode is not raised again
    assert run_tracking(ws, week="2025-W16", now=at_week(2)).changes.raised == []


def test_action_packs_are_attached_by_metric_dimension_direction_and_condition(ws):
    with ws.read() as conn:
        metrics = {m.code: m for m in loads.metrics(conn)}
        dims = {d.code: d.id for d in loads.dimensions(conn)}
    save_pack_rules(ws, [
        ActionPackRule("Collections behind", ["Chase invoices"], "behind",
                       metric_id=metrics["collections"].id),
        ActionPackRule("Finance gap at region level", ["Escalate"], "behind",
                       dimension_id=dims["finance"], condition={"unit_kinds": ["region"]}),
        ActionPackRule("Ahead on finance", ["Review incentives"], "ahead",
                       dimension_id=dims["finance"]),
        ActionPackRule("Disabled", ["Nothing"], "any", metric_id=metrics["collections"].id,
                       enabled=False)])
    run = run_tracking(ws, week="2025-W15", now=at_week(1))
    views = {v.unit: v for v in alert_views(ws, run.data, stored_alerts(ws, run.data))}
    assert [s.rule for s in views["P-E1"].suggestions] == ["Collections behind"]
    assert [s.rule for s in views["R-E"].suggestions] == ["Collections behind",
                                                          "Finance gap at region level"]
    assert views["R-E"].as_json()["action_packs"][1]["actions"] == ["Escalate"]
    with pytest.raises(InvalidValueError, match="metric or a dimension"):
        ActionPackRule("both", ["x"], "behind", metric_id="a", dimension_id="b")
    with pytest.raises(InvalidValueError, match="unknown key"):
        ActionPackRule("bad", ["x"], "behind", metric_id="a", condition={"colour": 1})


def test_queue_lists_alerts_unacknowledged_versions_and_overdue_checkins(ws):
    acks.acknowledge(ws, "R-E", at=T0 + dt.timedelta(hours=5))
    run = run_tracking(ws, week="2025-W16", now=at_week(2))
    data = run.data
    items = queue(ws, data, stored_alerts(ws, data), "R-E", at_week(2))
    kinds = [(i.kind, i.unit) for i in items]
    assert kinds[:3] == [("alert", "P-E1"), ("alert", "P-E2"), ("alert", "R-E")]
    assert ("acknowledge_version", "P-E1") in kinds and ("acknowledge_version", "R-E") not in kinds
    assert ("check_in", "R-E") in kinds and ("check_in", "P-E1") not in kinds  # reps: no
    with ws.transaction("Zhang") as tx:
        tx.insert("checkin", {"id": "00000000-0000-4000-8000-0000000000c1",
                              "unit_id": data.org.ids[data.org.codes.index("R-E")],
                              "day": day_number(dt.date(2025, 4, 11)), "confidence": 0.6,
                              "label": "at_risk"})
    items = queue(ws, data, stored_alerts(ws, data), "R-E", at_week(2))
    assert ("check_in", "R-E") not in [(i.kind, i.unit) for i in items]


def test_period_evaluation_counts_hit_missed_exceeded_per_region(ws):
    run = run_tracking(ws, week="2025-W15", now=at_week(1))
    rows = {r.region: r for r in period_evaluation(run.evaluation)}
    assert rows["R-E"].units == 2 and rows["R-E"].missed == 2
    assert rows["R-S"].hit == 2 and rows["company"].units == 6
    assert sum(rows["company"].bands.values()) == 6


def test_case_figures_and_health_on_a_hand_made_workspace(ws):
    acks.acknowledge(ws, "R-E", at=T0 + dt.timedelta(days=1))
    acks.acknowledge(ws, "P-E1", at=T0 + dt.timedelta(days=3))
    with ws.read() as conn:
        units = {u.code: u.id for u in loads.org_tree(conn)}
    with ws.transaction("crm") as tx:
        tx.insert_many("product_line", [
            {"id": "00000000-0000-4000-8000-00000000000a", "code": "CAP", "name": "Cap",
             "high_margin": True},
            {"id": "00000000-0000-4000-8000-00000000000b", "code": "STD", "name": "Std"}])
        objective = loads.objectives(tx.conn)[0]
        tx.insert("objective_product_line", {"objective_id": objective.id,
                                             "product_line_id": "00000000-0000-4000-8000-"
                                                                "00000000000a"})
        lines = bulk.key_map(tx.conn, "product_line")
        keys = bulk.key_map(tx.conn, "org_unit")
        day = day_number(dt.date(2025, 4, 20))
        bulk.insert_facts(tx, "incentive_spend", {
            "unit_key": [keys[units["R-E"]]] * 2 + [keys[units["R-N"]]],
            "day": [day] * 3, "metric_key": [None] * 3,
            "product_line_key": [lines["00000000-0000-4000-8000-00000000000a"],
                                 lines["00000000-0000-4000-8000-00000000000b"],
                                 lines["00000000-0000-4000-8000-00000000000b"]],
            "amount": [300.0, 100.0, 100.0]}, source="test")
    figures = {f.region: f for f in case_figures(ws)}
    assert figures["R-E"].version_units == 3 and figures["R-E"].unacknowledged == 1
    end = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    expected = (1 + 3 + (end - T0).total_seconds() / 86400) / 3
    assert figures["R-E"].latency_days == pytest.approx(expected)
    assert figures["R-E"].misallocation == pytest.approx(0.25)
    assert figures["company"].misallocation == pytest.approx(0.4)
    assert np.isnan(figures["R-E"].consistency) and figures["R-E"].deal_events == 0
    health = health_index(ws)
    east = health.unit("R-E", "2025-04")
    assert east.scores["sync"] == pytest.approx(((14 - 1) / 13 * 100 + (14 - 3) / 13 * 100
                                                 + 0.0) / 3)
    assert east.scores["resource"] == pytest.approx(75.0)
    assert east.scores["path"] == 100.0 and east.scores["feedback"] == 100.0
    in_april = (1 + 3 + (dt.datetime(2025, 5, 1, tzinfo=dt.UTC) - T0).total_seconds()
                / 86400) / 3  # the month is judged at its end, not the period's
    assert east.provenance["sync"] == {"versions": [1], "version_units": 3,
                                       "mean_latency_days": pytest.approx(in_april, abs=0.01)}
    assert east.provenance["resource"]["by_product_line"] == {"CAP": 300.0, "STD": 100.0}
    assert east.parent == "HQ" and east.parent_scores["resource"] == pytest.approx(60.0)


def test_bad_actuals_are_reported_with_counts_and_examples(ws):
    data = load_tracking(ws)
    unit, metric = int(data.org.key[4]), int(data.metric_key[0])
    with ws.transaction("import") as tx:
        raw = tx.conn.connection.driver_connection
        raw.execute("DROP INDEX ux_actual_fact")  # as an index-less import would leave it
        batch = raw.execute("SELECT key FROM fact_batch").fetchone()[0]
        rows = [(999, metric, day_number(dt.date(2025, 4, 9)), 5.0),
                (unit, metric, day_number(dt.date(2025, 4, 10)), -7.0),
                (unit, metric, day_number(dt.date(2024, 1, 3)), 1.0),
                (unit, metric, int(data.week_monday[0]) + 4, 1.0)]
        raw.executemany("INSERT INTO actual (unit_key, metric_key, day, value, source, "
                        f"batch_key, created_at, updated_at, author) VALUES (?, ?, ?, ?, "
                        f"'csv', {batch}, 'x', 'x', 'x')", rows)
    report = check_actuals(ws)
    assert report.counts == {"unknown_unit": 1, "duplicate": 1, "negative_value": 1,
                             "outside_every_period": 1}
    assert report.examples["unknown_unit"][0]["unit"] == "key 999"
    assert report.examples["outside_every_period"][0]["day"] == "2024-01-03"
    run = run_tracking(ws, week="2025-W15", now=at_week(1), write=False)
    assert run.rejected["counts"] == {"unknown_unit": 1, "negative_value": 1}
    assert run.rejected["examples"]["negative_value"][0]["value"] == -7.0
