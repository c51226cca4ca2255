"""The review's staged loading against what else happens meanwhile: an older first
stage never replaces a newer review; a reload keeps an earlier period's month picked; a
write goes before the earlier periods under way, which give up; closing or switching
files waits for the review's writes, so none reopens a closed workspace."""

import shutil
import sqlite3
import sys
import threading
import time
from pathlib import Path

from desktop import document_review
from desktop.services import review as review_service
from tests.gui.review_helpers import open_review


def _settle(qtbot, page) -> None:
    """Every review job done and its result delivered."""
    for _ in range(3):
        page.loader.wait()
        qtbot.wait(100)


def test_an_older_first_stage_never_replaces_a_newer_review(qtbot, window, demo_path,
                                                            monkeypatch):
    real = document_review._first_stage
    started, finished = [], []

    def first_stage(ws, now):
        started.append(now)
        if len(started) == 1:
            time.sleep(1.5)  # the prefetched first review is slow (a large file)
        try:
            return real(ws, now)
        finally:
            finished.append(now)

    monkeypatch.setattr(document_review, "_first_stage", first_stage)
    with qtbot.waitSignal(window.document.designLoaded, timeout=30_000):
        window.document.open(demo_path)
    window.tabs.setCurrentWidget(window.review)  # prefetches; the page takes it over
    page = window.review.page
    page.reload()  # a save meanwhile (document.saved reloads the review)
    qtbot.waitUntil(lambda: len(finished) >= 2 and not page.loader.is_busy, timeout=30_000)
    qtbot.waitUntil(lambda: page.loader.is_complete, timeout=30_000)
    _settle(qtbot, page)
    data = page.loader.data
    assert not data.pending and data.now == started[-1]  # the newer review, whole
    assert page.data is data and page.status.text() != page._earlier_text()
    assert page.month_box.count() == len(data.months) == 6


def _hold_earlier_periods(monkeypatch, page) -> threading.Event:
    """The second stages wait in their first earlier period until the event is set."""
    latest, release = page.data.periods[-1].code, threading.Event()
    load_tracking = review_service.load_tracking

    def held(ws, code, **kwargs):
        if code != latest:
            release.wait(20)
        return load_tracking(ws, code, **kwargs)

    monkeypatch.setattr(review_service, "load_tracking", held)
    return release


def test_a_reload_keeps_a_month_of_an_earlier_period(qtbot, window, demo_path, monkeypatch):
    page = open_review(qtbot, window, demo_path)
    months = page.data.months
    past = months[0]
    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        page.select_month(past)
    release = _hold_earlier_periods(monkeypatch, page)
    errors: list[BaseException] = []
    hook = sys.excepthook
    sys.excepthook = lambda _type, exc, _tb: errors.append(exc)
    try:
        with qtbot.waitSignal(page.loader.loaded, timeout=30_000) as first:
            page.reload()  # a save, a publish, an acknowledgement
        assert first.args[0].pending and past not in first.args[0].months
        # the latest month is drawn meanwhile, and the box says so
        assert page.month == months[-1] == page.month_box.currentText()
        with qtbot.waitSignal(page.loader.loaded, timeout=30_000,
                              check_params_cb=lambda d: not d.pending):
            release.set()
    finally:
        release.set()
        sys.excepthook = hook
    assert not errors
    assert page.month == past == page.month_box.currentText()  # picked again


def test_a_month_picked_meanwhile_is_kept(qtbot, window, demo_path, monkeypatch):
    page = open_review(qtbot, window, demo_path)
    months = page.data.months
    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        page.select_month(months[0])
    release = _hold_earlier_periods(monkeypatch, page)
    try:
        with qtbot.waitSignal(page.loader.loaded, timeout=30_000):
            page.reload()
        page.select_month(months[-2])  # the user picks another month before the rest is in
        with qtbot.waitSignal(page.loader.loaded, timeout=30_000,
                              check_params_cb=lambda d: not d.pending):
            release.set()
    finally:
        release.set()
    assert page.month == months[-2] == page.month_box.currentText()


def test_a_write_stops_the_earlier_periods_under_way(qtbot, window, demo_path, monkeypatch):
    page = open_review(qtbot, window, demo_path)
    latest, earlier = page.data.periods[-1].code, page.data.periods[0].code
    inside, release = threading.Event(), threading.Event()
    reviewed: list[str] = []
    load_tracking, period_review = review_service.load_tracking, review_service._period_review

    def gated(ws, code, **kwargs):
        data = load_tracking(ws, code, **kwargs)
        if code != latest and not inside.is_set():
            inside.set()  # the second stage is in the earlier period now
            release.wait(20)
        return data

    def counted(ws, data, *args, **kwargs):
        reviewed.append(data.period.code)
        return period_review(ws, data, *args, **kwargs)

    monkeypatch.setattr(review_service, "load_tracking", gated)
    monkeypatch.setattr(review_service, "_period_review", counted)
    with qtbot.waitSignal(page.loader.loaded, timeout=30_000):
        page.reload()
    qtbot.waitUntil(inside.is_set, timeout=30_000)
    alert = page.data.alerts[0]
    with qtbot.waitSignal(page.loader.loaded, timeout=30_000,
                          check_params_cb=lambda d: not d.pending):
        page.loader.record_action(alert.id, "called", None)
        release.set()
    # the doomed second stage gave up before reviewing its period: only the new one did
    assert reviewed.count(earlier) == 1
    assert next(a for a in page.data.alerts if a.id == alert.id).state == "action_taken"


def _actions(path: Path, alert_id: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM alert_action a JOIN alert b "
                           "ON b.key = a.alert_key WHERE b.id = ?", (alert_id,)).fetchone()[0]
    finally:
        con.close()


def test_closing_waits_for_the_review_writes(qtbot, window, demo_path):
    page = open_review(qtbot, window, demo_path)
    alert = page.data.alerts[0]
    before = _actions(demo_path, alert.id)
    page.reload()  # a review queued first (as after a save), then the write
    page.loader.record_action(alert.id, "called", None)
    window.document.close()  # what the main window does when it closes
    wal = Path(f"{demo_path}-wal")
    assert not wal.exists()
    assert _actions(demo_path, alert.id) == before + 1  # in the file
    _settle(qtbot, page)
    assert not wal.exists()  # nothing reopened the closed workspace


def test_switching_files_waits_for_the_review_writes(qtbot, window, demo_path, tmp_path):
    other = tmp_path / "other.tfw"
    shutil.copy(demo_path, other)
    page = open_review(qtbot, window, demo_path)
    alert = page.data.alerts[0]
    before = _actions(demo_path, alert.id)
    page.loader.record_action(alert.id, "called", None)
    with qtbot.waitSignal(window.document.designLoaded, timeout=30_000):
        window.document.open(other)
    window.document.wait()
    _settle(qtbot, page)
    window.document.wait()
    assert _actions(demo_path, alert.id) == before + 1
    assert not Path(f"{demo_path}-wal").exists()  # closed after the write, not reopened
