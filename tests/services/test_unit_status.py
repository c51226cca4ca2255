"""The designer's card colours and health come from the tracking engine's own pass: the
status of the card's metric at the week the period has reached, outdated when a unit has
gone quiet, the latest scored month's overall health."""

import datetime as dt

import numpy as np

from desktop.services.health import health_index
from desktop.services.tracking_data import load_tracking
from desktop.services.unit_status import unit_status
from tests.services.test_tracking_service import ws  # noqa: F401  (the fixture)


def _id(workspace, code):
    data = load_tracking(workspace)
    return data.org.ids[data.org.codes.index(code)]


def test_the_colour_follows_the_pace_of_the_cards_metric(ws):  # noqa: F811
    early = unit_status(ws, today=dt.date(2025, 4, 9))  # week 2: East 40% behind
    assert early.week_label == "2025-W15"
    east, south = _id(ws, "P-E1"), _id(ws, "P-S1")
    assert early.status(east, "collections") == "off_track"
    assert early.status(south, "collections") == "on_track"
    assert early.status(east, "no such metric") is None
    assert early.status("no such unit", "collections") is None
    # East caught up by the end of the quarter: the lag is diluted over 13 weeks
    late = unit_status(ws, today=dt.date(2025, 7, 20))
    assert late.week_label == "2025-W26"
    assert late.status(south, "collections") == "on_track"
    assert late.status(east, "collections") in ("at_risk", "off_track")
    assert late.status(east, "collections") != early.status(south, "collections")


def test_a_unit_that_went_quiet_is_outdated_whatever_its_colour(ws):  # noqa: F811
    data = load_tracking(ws)
    north = data.org.key[data.org.codes.index("P-N1")]
    cutoff = int(data.week_monday[2])  # P-N1 stops reporting after week 2
    with ws.transaction("test: P-N1 goes quiet") as tx:
        tx.conn.exec_driver_sql("DELETE FROM actual WHERE unit_key = ? AND day >= ?",
                                (int(north), cutoff))
    status = unit_status(ws, today=dt.date(2025, 5, 14))  # week 7: weeks without facts
    assert status.status(_id(ws, "P-N1"), "collections") == "outdated"
    assert status.status(_id(ws, "P-N2"), "collections") == "on_track"


def test_health_is_the_latest_scored_months_overall(ws):  # noqa: F811
    status = unit_status(ws, today=dt.date(2025, 7, 20))
    index = health_index(ws)
    assert status.month in index.months
    k = index.months.index(status.month)
    for unit_id, row in status.row_of_unit.items():
        expected = index.overall[k, row]
        got = status.health_of(unit_id)
        assert (got is None) == bool(np.isnan(expected))
        if got is not None:
            assert got == expected
    assert any(status.health_of(u) is not None for u in status.row_of_unit)
