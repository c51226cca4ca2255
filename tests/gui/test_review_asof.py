"""The review page's alerts and queue follow the month picker (issue 6): a past month
shows the alerts open at its end — one resolved since among them — and what was to do
then, read-only with a caption saying as of when; the latest month is today's, where
alerts are acknowledged and acted on. English and Simplified Chinese; the PDF of a past
month lists that month's alerts."""

import re

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.widgets import language
from tests.gui.review_helpers import open_review


@pytest.fixture
def review(qtbot, window, demo_path):
    return open_review(qtbot, window, demo_path)


def _pick_past_month(qtbot, page, month: str) -> None:
    """Pick ``month``; the first past month reads the history off the GUI thread."""
    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        page.select_month(month)
    if page.data.history is None:
        assert "Reading the alert history" in page.alerts.caption.text()
        with qtbot.waitSignal(page.refreshed, timeout=30_000):
            pass
    assert page.data.history is not None


def test_past_month_lists_the_alerts_open_then_read_only(review, qtbot):
    data = review.data
    today = {a.id: a for a in data.alerts}
    today_queue = [(q.kind, q.unit, q.since) for q in review.queue.model.payload]
    assert review.alerts.buttons.isVisibleTo(review)
    _pick_past_month(qtbot, review, "2025-05")
    shown = review.alerts.model.payload
    assert review.alerts.heading.text() == f"Open alerts as of 31 May 2025 ({len(shown)})"
    assert "Read-only" in review.alerts.caption.text() and "2025-06" in \
        review.alerts.caption.text()
    assert review.alerts.caption.isVisibleTo(review)
    # open at the end of May, resolved since: listed, in its state then
    resolved_since = [a for a in shown if a.id not in today]
    assert resolved_since
    current = {v.id: v for v in data.history.views}
    assert all(current[a.id].state == "resolved" and a.state != "resolved"
               for a in resolved_since)
    # history: nothing to acknowledge or act on from here
    review.alerts.view.selectRow(0)
    assert not review.alerts.buttons.isVisibleTo(review)
    assert not review.alerts.acknowledge_button.isEnabled()
    assert not review.alerts.action_button.isEnabled()
    review.alerts._acknowledge()  # not written even if asked somehow
    review.alerts._act()
    assert not review.loader.is_busy
    # the queue as of then: another list than today's
    assert review.queue.heading.text().startswith("What was to do as of 31 May 2025")
    then = [(q.kind, q.unit, q.since) for q in review.queue.model.payload]
    assert then != today_queue
    assert not any(kind == "check_in" for kind, _u, _s in then)  # today: all overdue
    # back to the latest month: today's alerts, to act on
    with qtbot.waitSignal(review.refreshed):
        review.select_month("2025-06")
    assert review.alerts.heading.text() == f"Open alerts ({len(data.alerts)})"
    assert not review.alerts.caption.isVisibleTo(review)
    assert review.alerts.buttons.isVisibleTo(review)
    assert [(q.kind, q.unit, q.since) for q in review.queue.model.payload] == today_queue


def test_earlier_month_queue_has_alerts_still_to_acknowledge(review, qtbot):
    """End of April: alerts raised in week 17 were not yet acted on; today they are."""
    _pick_past_month(qtbot, review, "2025-04")
    queued = [q for q in review.queue.model.payload if q.kind == "alert"]
    assert queued and all(q.alert.state in ("raised", "acknowledged") for q in queued)
    assert not [q for q in review.data.queue if q.kind == "alert"]
    with qtbot.waitSignal(review.refreshed):
        review.select_unit("R-CENTRAL")
    central = review.data.row_of_code["R-CENTRAL"]
    kept = review.queue.model.payload
    assert 0 < len(kept) < len(review.data.history.cache["2025-04"].queue)
    assert all(central in review.data.ancestors[review.data.row_of_code[q.unit]]
               for q in kept)
    assert review.queue.heading.text().startswith("What was to do as of 30 April 2025")


def test_past_month_in_chinese(review, qtbot):
    _pick_past_month(qtbot, review, "2025-05")
    try:
        language.apply("zh_CN")
        review.redraw()
        count = len(review.alerts.model.payload)
        assert review.alerts.heading.text() == f"截至2025年5月31日的未关闭预警（{count}）"
        assert "只读" in review.alerts.caption.text()
        assert review.queue.heading.text().startswith("截至2025年5月31日的待办")
    finally:
        language.apply("en")


def test_pdf_of_a_past_month_lists_its_alerts(review, qtbot, tmp_path):
    _pick_past_month(qtbot, review, "2025-05")
    out = tmp_path / "may.pdf"
    export = review.write_pdf(out)
    with qtbot.waitSignal(export.finished, timeout=60_000):
        pass
    reader = PdfReader(str(out))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    count = len(review.data.history.cache["2025-05"].alerts)
    assert f"Open alerts as of 31 May 2025 ({count}) and their action packs" in text
    assert "Monthly review 2025-05" in text and "Target communication latency" in text
    for region in ("East China", "Northeast China"):
        assert region in text


def test_report_command_of_a_past_month_lists_its_alerts(qapp, demo_path, tmp_path):
    out = tmp_path / "may.pdf"
    assert cli.main(["report", str(demo_path), "--month", "2025-05", "--out", str(out)]) == 0
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(str(out)).pages))
    assert "Open alerts as of 31 May 2025 (132) and their action packs" in text
    out = tmp_path / "june.pdf"
    assert cli.main(["report", str(demo_path), "--out", str(out)]) == 0
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(str(out)).pages))
    assert "Open alerts (134) and their action packs" in text
