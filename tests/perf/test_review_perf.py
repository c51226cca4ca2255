"""Review page on the demo (issue 6): switching the unit or the month redraws every chart
within one frame (16 ms), against painting the empty page in the same run; the page opens
(tab shown -> first drawing) in under a second on the demo, under three seconds on a
100 000-unit workspace (built once per session: ~50 s; TARGETFLOW_100K reuses one) —
there the latest period is drawn first and the earlier months follow."""

import statistics
import time

import pytest

from desktop.document import WorkspaceDocument
from desktop.widgets.main_window import MainWindow

FRAME_MS = 16.0
RUNS = 15


@pytest.fixture
def review_window(qtbot, tmp_path):
    from desktop.demo import generate

    path = tmp_path / "demo.tfw"
    generate(path)
    document = WorkspaceDocument()
    window = MainWindow(document)
    document.setParent(window)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window, path


def _ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def test_review_switch_within_a_frame(qtbot, qapp, review_window, capsys):
    window, path = review_window
    with qtbot.waitSignal(window.document.designLoaded, timeout=30_000):
        window.document.open(path)
    # tab shown -> first drawing (the page is built on its first show)
    started = time.perf_counter()
    window.tabs.setCurrentWidget(window.review)
    page = window.review.page
    if page.data is None:
        with qtbot.waitSignal(page.refreshed, timeout=30_000):
            pass
    opened_ms = (time.perf_counter() - started) * 1000
    if not page.loader.is_complete:  # the earlier months follow
        with qtbot.waitSignal(page.loader.loaded, timeout=30_000,
                              check_params_cb=lambda data: not data.pending):
            pass
    complete_ms = (time.perf_counter() - started) * 1000
    qapp.processEvents()
    data = page.data
    units = [data.row_of_code[c] for c in ("R-EAST", "R-NORTH", "HQ")]
    units += [i for i, k in enumerate(data.kinds) if k == "person"][:3]
    empty = page.data
    page.data = None  # the same page, nothing to draw: the paint alone
    paint_empty = statistics.median(_ms(page.repaint) for _ in range(RUNS))
    page.data = empty

    def switch_unit(i=[0]):  # noqa: B006 - a counter across calls
        page.unit = units[i[0] % len(units)]
        i[0] += 1
        page.redraw()

    def switch_month(i=[0]):  # noqa: B006
        page.month = data.months[i[0] % len(data.months)]
        i[0] += 1
        page.redraw()

    unit_ms = statistics.median(_ms(switch_unit) for _ in range(RUNS))
    month_ms = statistics.median(_ms(switch_month) for _ in range(RUNS))
    unit_paint = statistics.median(_ms(lambda: (switch_unit(), page.repaint()))
                                   for _ in range(RUNS))
    with capsys.disabled():
        print(f"\nreview on the demo: opens in {opened_ms:.0f} ms (every month in "
              f"{complete_ms:.0f} ms); empty page paint "
              f"{paint_empty:.1f} ms; unit switch {unit_ms:.1f} ms "
              f"({unit_ms / paint_empty:.1f}x), month switch {month_ms:.1f} ms "
              f"({month_ms / paint_empty:.1f}x), unit switch + paint {unit_paint:.1f} ms "
              f"({unit_paint / paint_empty:.1f}x); frame {FRAME_MS:.0f} ms")
    assert unit_ms < FRAME_MS and month_ms < FRAME_MS
    assert opened_ms < 1000


BIG_OPEN_SECONDS = 3.0


@pytest.fixture(scope="session")
def big_workspace(tmp_path_factory):
    """Built once per session (about a minute); TARGETFLOW_100K names one to reuse."""
    import os
    from pathlib import Path

    from desktop.demo import generate

    given = os.environ.get("TARGETFLOW_100K")
    if given and Path(given).exists():
        return Path(given)
    path = tmp_path_factory.mktemp("review100k") / "big.tfw"
    generate(path, scale=100_000)
    return path


def test_review_opens_on_100000_units(qtbot, qapp, big_workspace, capsys):
    document = WorkspaceDocument()
    window = MainWindow(document)
    document.setParent(window)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    with qtbot.waitSignal(window.document.designLoaded, timeout=300_000):
        window.document.open(big_workspace)
    # tab shown -> first drawing, as the user sees it: the page is built on its first
    # show and starts the load; the designer's own jobs may still be running
    started = time.perf_counter()
    window.tabs.setCurrentWidget(window.review)
    page = window.review.page
    if page.data is None:
        with qtbot.waitSignal(page.refreshed, timeout=300_000):
            pass
    opened_ms = (time.perf_counter() - started) * 1000
    page.repaint()
    shown_months = list(page.data.months)
    # the earlier periods arrive in the background, then the month picker has them all
    if not page.loader.is_complete:
        with qtbot.waitSignal(page.loader.loaded, timeout=300_000,
                              check_params_cb=lambda data: not data.pending):
            pass
    complete_ms = (time.perf_counter() - started) * 1000
    assert page.month_box.count() == len(page.data.months) > len(shown_months) > 0
    units = [page.data.row_of_code[c] for c in ("R-EAST", "R-NORTH")]
    unit_ms = statistics.median(
        _ms(lambda u=u: (setattr(page, "unit", u), page.redraw())) for u in units * 3)
    shown, page.data = page.data, None  # the same page, nothing to draw: the paint alone
    paint_empty = statistics.median(_ms(page.repaint) for _ in range(RUNS))
    page.data = shown
    with capsys.disabled():
        print(f"\nreview on {page.data.n} units: opens in {opened_ms:.0f} ms "
              f"({opened_ms / paint_empty:.0f}x the empty page's paint, {paint_empty:.1f} ms)"
              f" showing {', '.join(shown_months)}; every month in {complete_ms:.0f} ms;"
              f" unit switch {unit_ms:.1f} ms; limit {BIG_OPEN_SECONDS * 1000:.0f} ms")
    # the 100 000-row tables come from columnar copies (store/column_copies, fact_cache),
    # the review has its own worker thread, and shares the latest cascade with the
    # designer's pace status (computed right after the design loads, as here)
    assert opened_ms < BIG_OPEN_SECONDS * 1000
