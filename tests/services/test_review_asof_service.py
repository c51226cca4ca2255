"""The review as of a past month's end (issue 6): the alerts open then, in the state they
were in then, and the "what must I do now" queue at that moment — from the lifecycle
history, not today's state. Worked out at today's moment it is exactly the live review."""

import datetime as dt

import numpy as np
import pytest

from desktop.services import review_asof
from desktop.services.review import load_review
from desktop.services.review_asof import as_of, at_moment, load_history, month_end
from desktop.store import bulk, fact_arrays, loads
from desktop.store.clock import from_iso
from desktop.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from desktop.demo import generate

    path = tmp_path_factory.mktemp("asof") / "demo.tfw"
    generate(path)
    return path


@pytest.fixture(scope="module")
def review(demo_file):
    with Workspace.open(demo_file) as ws:
        data = load_review(ws)
        data.history = load_history(ws, data)
    return data


def _events(path) -> dict[str, list[tuple[dt.datetime, str]]]:
    """alert id -> [(moment, state)] straight from the store."""
    from desktop.store import alerts as store_alerts

    with Workspace.open(path) as ws, ws.read() as conn:
        cols = store_alerts.alert_columns(conn)
        events = store_alerts.event_columns(conn)
    id_of = dict(zip(cols.key, cols.id, strict=True))
    out: dict[str, list] = {}
    for key, state, at in zip(events.alert_key, events.state, events.at, strict=True):
        out.setdefault(id_of[key], []).append((from_iso(at), state))
    return out


def test_month_end_is_the_last_millisecond_utc():
    assert month_end("2025-05") == dt.datetime(2025, 5, 31, 23, 59, 59, 999000, tzinfo=dt.UTC)
    assert month_end("2024-02").day == 29
    assert month_end("2025-12") == dt.datetime(2025, 12, 31, 23, 59, 59, 999000,
                                               tzinfo=dt.UTC)


def test_at_todays_moment_it_is_the_live_review(review):
    """The same alerts (state, actions, packs) and the same queue as tracking_queue."""
    now = at_moment(review.history, review, review.periods[-1].code, review.now)
    assert [(a.id, a.state, a.actions, a.suggestions) for a in now.alerts] == [
        (a.id, a.state, a.actions, a.suggestions) for a in review.alerts]
    assert len(now.alerts) == 134
    assert [(q.kind, q.unit, q.what, q.since) for q in now.queue] == [
        (q.kind, q.unit, q.what, q.since) for q in review.queue]
    assert np.array_equal(now.queue_rows, review.queue_rows)
    assert np.array_equal(now.alert_rows, review.alert_rows)


def test_latest_month_is_live_and_past_months_are_cached(review):
    latest = as_of(review, review.history, "2025-06")
    assert latest.live and latest.alerts is review.alerts and latest.queue is review.queue
    may = as_of(review, review.history, "2025-05")
    assert not may.live and may.moment == month_end("2025-05")
    assert as_of(review, review.history, "2025-05") is may  # worked out once, at load
    assert as_of(review, None, "2025-05") is None  # no history read yet: nothing to say


def test_an_alert_open_in_may_and_resolved_since_is_listed_for_may(review, demo_file):
    events = _events(demo_file)
    may = as_of(review, review.history, "2025-05")
    end = month_end("2025-05")
    today = {a.id for a in review.alerts}
    later = [a for a in may.alerts if a.id not in today]
    assert later, "the demo has alerts resolved in June"
    for a in may.alerts:
        history = events[a.id]
        assert from_iso(a.raised_at) <= end
        assert all(state != "resolved" for at, state in history if at <= end)
        assert a.state == [state for at, state in history if at <= end][-1]
        assert a.resolved_week is None
        assert all(from_iso(at) <= end for at, _who, _text in a.actions)
    for a in later:
        assert any(state == "resolved" and at > end for at, state in events[a.id])
    # and nothing open at the end of May is missing
    history = review.history
    q2 = history.period_codes.index("2025-Q2")
    open_then = {v.id for v, p in zip(history.views, history.alert_period, strict=True)
                 if p == q2 and events[v.id][0][0] <= end
                 and all(state != "resolved" for at, state in events[v.id] if at <= end)}
    assert {a.id for a in may.alerts} == open_then


def test_acted_on_later_is_still_to_acknowledge_then(review, demo_file):
    """An alert acknowledged or acted on after the month's end is in that month's queue
    in its earlier state; actions taken later are not shown."""
    events = _events(demo_file)
    april = as_of(review, review.history, "2025-04")
    end = month_end("2025-04")
    queued = [q.alert for q in april.queue if q.kind == "alert"]
    assert queued
    for alert in queued:
        assert alert.state in ("raised", "acknowledged")
        assert any(at > end and state == "action_taken" for at, state in events[alert.id])
    assert {q.alert.id for q in april.queue if q.kind == "alert"}.isdisjoint(
        {q.alert.id for q in review.queue if q.kind == "alert"})


def test_version_acknowledged_after_the_month_is_still_to_do_then(review, demo_file):
    feb = as_of(review, review.history, "2025-02")
    to_ack = [q for q in feb.queue if q.kind == "acknowledge_version"]
    assert to_ack
    end = month_end("2025-02").timestamp()
    with Workspace.open(demo_file) as ws, ws.read() as conn:
        acks = fact_arrays.acknowledgements(conn)
        org = loads.org_columns(conn)
        version_key = {v.number: k for v in loads.versions(conn)
                       for i, k in bulk.key_map(conn, "cascade_version").items()
                       if i == v.id and v.published_at.timestamp() <= end}
    number = int(to_ack[0].what.split()[2].rstrip(":"))
    key_of = dict(zip(org.code, org.key, strict=True))
    unit_key, at = np.asarray(acks.unit_key), np.asarray(acks.at)
    late = 0
    for q in to_ack:
        mine = (unit_key == key_of[q.unit]) & (np.asarray(acks.version_key)
                                                == version_key[number])
        assert not (at[mine] <= end).any()  # not acknowledged by then
        late += int((at[mine] > end).any())
    assert late > 0  # some acknowledged since: an ack after the month does not count


def test_check_ins_overdue_at_the_moment(review):
    """A manager is due to check in once the grace period has passed since the latest
    check-in by that moment, and not before."""
    history = review.history
    east = review.row_of_code["R-EAST"]
    last = int(history.checkin_day[history.checkin_row == east].max())
    day = dt.date(1970, 1, 1) + dt.timedelta(days=last)
    assert day >= dt.date(2025, 4, 1)

    def due(moment: dt.datetime) -> bool:
        items = at_moment(history, review, "2025-Q2", moment).queue
        return "R-EAST" in {q.unit for q in items if q.kind == "check_in"}

    noon = dt.datetime.combine(day, dt.time(12), dt.UTC)
    assert not due(noon)
    assert not due(noon + dt.timedelta(days=history.grace_days))
    assert due(noon + dt.timedelta(days=history.grace_days + 1))
    assert "R-EAST" in {q.unit for q in review.queue if q.kind == "check_in"}  # today


def test_slicing_a_month_is_fast(review):
    """Picking a month redraws within a frame: a past month's state is a cache hit, and
    working one out from scratch stays well inside the frame on the demo."""
    import time

    started = time.perf_counter()
    for _ in range(20):
        at_moment(review.history, review, "2025-Q2", month_end("2025-04"))
    assert (time.perf_counter() - started) / 20 < 0.008
    assert review_asof.STATE_NAMES[-1] == "resolved"
