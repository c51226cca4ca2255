"""The review page on the demo: pick a unit and a month (only slicing), drill down, and
move an alert through its lifecycle from the page — the feedback speed of the health
index follows the action (SPEC §6: hours from raised to action taken)."""

import datetime as dt

import numpy as np
import pytest

from tests.gui.review_helpers import open_review, wait_reloaded

FEEDBACK = 3  # HEALTH_DIMENSIONS order: sync, path, resource, feedback


@pytest.fixture
def review(qtbot, window, demo_path):
    return open_review(qtbot, window, demo_path)


def test_review_tab_opens_on_the_company_latest_month(review, window):
    data = review.data
    assert review.month == data.months[-1] == "2025-06"
    assert review.unit == 0
    assert "Head Office" in review.unit_label.text()
    assert window.org_dock.isHidden() and window.cascade.inspector.isHidden()
    assert review.alerts.model.rowCount() == len(data.alerts) > 0
    assert review.cards.cards["latency"].value.text() == "6.7 days"
    window.tabs.setCurrentIndex(0)
    assert window.org_dock.isVisible()  # the docks come back with another tab


def test_pick_a_unit_slices_alerts_queue_and_charts(review, qtbot):
    data = review.data
    with qtbot.waitSignal(review.refreshed):
        review.select_unit("R-NORTH")
    north = data.row_of_code["R-NORTH"]
    assert review.unit == north
    assert "North China" in review.unit_label.text()
    shown = review.alerts.model.payload
    assert 0 < len(shown) < len(data.alerts)
    assert all(north in data.ancestors[data.row_of_code[a.unit]] for a in shown)
    assert review.unit_radar.series_names() == [data.names[north], data.names[0]]
    assert "North China" in review.cards.cards["consistency"].detail.text()
    assert review.cards.cards["consistency"].value.text() == "64%"
    assert "Collections" in review.cards.impact.detail.text()  # share of the company
    # drill down: region -> team -> person
    team = next(i for i in range(data.n) if data.parent[i] == north)
    person = next(i for i in range(data.n) if data.parent[i] == team)
    review.select_unit(data.codes[person])
    assert review.unit == person
    assert review.unit_label.text().count("›") == 3


def test_pick_a_month_changes_radar_period_and_cards(review, qtbot):
    with qtbot.waitSignal(review.refreshed):
        review.select_month("2025-04")
    assert "2025-04" in review.unit_radar_title.text()
    assert review.trend.month.isVisible()
    review.select_month("2025-02")
    assert "2025-Q1" in review.trend_title.text()
    assert "2025-Q1" in review.cards.cards["latency"].detail.text()  # no earlier period
    assert review.cards.cards["latency"].value.text() == "9.9 days"


def _raise_test_alert(path, code: str) -> str:
    """An alert raised on 2 June 2025 for a rep, not yet acknowledged."""
    from desktop.store import alerts as store_alerts
    from desktop.store import loads
    from desktop.store.workspace import Workspace

    with Workspace.open(path) as ws:
        with ws.read() as conn:
            cols = loads.org_columns(conn)
            unit_id = cols.id[list(cols.code).index(code)]
            metric = next(m for m in loads.metrics(conn) if m.code == "collections")
            period = next(p for p in loads.periods(conn) if p.code == "2025-Q2")
        with ws.transaction("test") as tx:
            (alert_id,) = store_alerts.raise_alerts(tx, [{
                "unit_id": unit_id, "metric_id": metric.id, "period_id": period.id,
                "direction": "behind", "raised_week": "2025-W23",
                "raised_at": "2025-06-02T00:00:00+00:00", "trigger": [-0.2, -0.25],
                "author": "test"}])
    return alert_id


def _quiet_rep(path) -> str:
    """A rep with no alert of its own in June 2025."""
    from desktop.services.review import load_review
    from desktop.store.workspace import Workspace

    with Workspace.open(path) as ws:
        data = load_review(ws)
    period = data.periods[-1]
    june = [w for w, m in enumerate(period.week_month) if m == "2025-06"]
    busy = set(period.alert_row[np.isin(period.alert_raised, june)].tolist())
    return next(c for i, (c, k) in enumerate(zip(data.codes, data.kinds, strict=True))
                if k == "person" and i not in busy)


def test_acknowledge_then_act_moves_the_feedback_score(qtbot, window, demo_path):
    code = _quiet_rep(demo_path)
    alert_id = _raise_test_alert(demo_path, code)
    page = open_review(qtbot, window, demo_path)
    page.loader.clock = lambda: dt.datetime(2025, 6, 3, 10, tzinfo=dt.UTC)
    page.select_month("2025-06")
    page.select_unit(code)
    unit = page.data.row_of_code[code]
    period, month = page.data.periods[-1], page.data.periods[-1].months.index("2025-06")
    before = period.health[month, unit, FEEDBACK]
    assert before == pytest.approx(0.0)  # waiting since 2 June: 28 days by the month's end
    alerts = page.alerts
    assert [a.id for a in alerts.model.payload] == [alert_id]
    alerts.view.selectRow(0)
    assert alerts.acknowledge_button.isEnabled()
    wait_reloaded(qtbot, page, alerts.acknowledge_button.click)
    assert alerts.current_alert().state == "acknowledged"
    assert not alerts.acknowledge_button.isEnabled()
    queued = [q for q in page.queue.model.payload if q.kind == "alert"]
    assert queued and queued[0].alert.id == alert_id  # still to act on
    wait_reloaded(qtbot, page, alerts.action_button.click)
    period = page.data.periods[-1]
    after = period.health[month, unit, FEEDBACK]
    assert after > 90  # 34 hours from raised to action
    assert "9" in page.unit_radar.hover_text(-after / 100, 0)  # on the radar, on hover
    assert page.alerts.current_alert().state == "action_taken"
    assert not [q for q in page.queue.model.payload if q.kind == "alert"]


def test_pick_a_deal_shows_its_impact_on_the_company_figure(review, qtbot):
    data = review.data
    review.select_unit("R-EAST")
    east = data.row_of_code["R-EAST"]
    period = data.periods[-1]
    deals = review.deals.model.payload
    assert 0 < len(deals) <= 8
    assert all(east in data.ancestors[period.deals.owner_row[i]] for i in deals)
    share = period.impact.shape[1] - 1  # the high-margin share, the one ratio metric
    points = [abs(period.deals.impact[i, share]) for i in deals]
    assert points == sorted(points, reverse=True)  # top deals by impact
    review.deals.pick(0)
    top = deals[0]
    text = review.cards.impact.detail.text()
    assert review.cards.impact.value.text() == period.deals.names[top]
    assert f"{period.deals.impact[top, share]:+.2f}" in text and "High-margin" in text
    assert "moved" in text and "of Collections" in text
    review.select_unit("R-NORTH")  # another unit: the card is the unit's again
    assert review.cards.impact.value.text() == data.names[data.row_of_code["R-NORTH"]]
