"""The review's exports: the monthly review PDF read back (page count, the case figures,
region names), `targetflow report` without a screen, PNG of a chart; and screenshot
tests of the radar and the trend (drawn, not blank, legend present, both themes)."""

import re
import time

import numpy as np
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor

from desktop import cli
from desktop.charts.radar import RadarChart, RadarSeries
from desktop.charts.trend import AlertMarks, TrendChart
from tests.gui.review_helpers import open_review


def _text(path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def test_review_pdf_reads_back(qtbot, window, demo_path, tmp_path):
    page = open_review(qtbot, window, demo_path)
    out = tmp_path / "review.pdf"
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    started = time.perf_counter()
    export = page.write_pdf(out)
    with qtbot.waitSignal(export.finished, timeout=60_000):
        pass
    timer.stop()
    took = time.perf_counter() - started
    # the GUI thread kept turning: the timer fired all along, no gap near the whole export
    gaps = np.diff([started, *ticks])
    assert len(ticks) >= 5 and gaps.max() < max(0.25, took / 3), (took, gaps.max())
    pages, text = _text(out)
    assert pages >= 4  # cover, radars, trends, alerts
    assert "Monthly review 2025-06" in text
    for figure in ("Target communication latency", "Strategic action consistency",
                   "Incentive misallocation rate"):
        assert figure in text
    assert "9.9 days 6.7 days -3.2 days" in text  # company latency Q1 -> Q2, change
    assert "53% 73% +19 pts" in text
    for region in ("East China", "华东大区", "Northeast China", "东北大区"):
        assert region in text
    assert "Open alerts (134)" in text
    assert not list(tmp_path.glob(".*.tmp"))  # written beside, then renamed
    assert f"{pages} pages" in page.status.text()
    assert "Won deals with the largest impact" in text and "High-margin" in text


@pytest.mark.parametrize("when", ["charts", "pages"])
def test_cancelled_export_leaves_no_file(qtbot, window, demo_path, tmp_path, when):
    page = open_review(qtbot, window, demo_path)
    out = tmp_path / "review.pdf"
    export = page.write_pdf(out)
    if when == "charts":  # cancelled while the charts are being drawn
        with qtbot.waitSignal(export.progress, timeout=10_000):
            pass
        export.cancel()
    else:  # cancelled while the worker paints: it stops at the next row
        qtbot.waitUntil(lambda: export.thread is not None, timeout=30_000)
        export.cancel()
    if not export.done:
        with qtbot.waitSignal(export.cancelled, timeout=30_000):
            pass
    export.wait()
    if "Wrote" not in page.status.text():  # the worker may have finished first
        assert not out.exists()
        assert not list(tmp_path.glob(".*.tmp"))
        assert page.status.text() == "Export cancelled"
    assert page.pdf_button.isEnabled()


def test_report_command_writes_the_same_pdf_headless(qapp, demo_path, tmp_path, capsys):
    out = tmp_path / "cli" / "review.pdf"
    assert cli.main(["report", str(demo_path), "--month", "2025-05", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    pages, text = _text(out)
    assert pages >= 4 and "Monthly review 2025-05" in text and "South China" in text


def test_report_command_refuses_an_unknown_month(qapp, demo_path, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert cli.main(["report", str(demo_path), "--month", "2024-01", "--out", str(out)]) == 2
    assert "2024-01" in capsys.readouterr().err and not out.exists()


def _colours(image) -> int:
    small = image.scaled(120, 80)
    return len({small.pixel(x, y) for x in range(small.width())
                for y in range(small.height())})


AXES = ["Sync timeliness", "Path soundness", "Resource match", "Feedback speed"]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_radar_screenshot(qtbot, theme, tmp_path):
    chart = RadarChart(theme_name=theme)
    qtbot.addWidget(chart)
    chart.resize(420, 360)
    chart.set_axes(AXES)
    chart.set_data([RadarSeries("East", np.array([90, 100, 80, np.nan])),
                    RadarSeries("North", np.array([40, 100, 60, 55]))],
                   RadarSeries("Company", np.array([60, 100, 70, 65])))
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    assert _colours(image) > 20  # drawn, not blank
    corner = QColor(image.pixel(2, 2))
    assert (corner.lightness() > 200) == (theme == "light")
    assert chart.series_names() == ["East", "North", "Company"]
    assert chart.hover_text(0, 0.9) == "East\nSync timeliness: 90"
    assert chart.hover_text(-0.0, 0.0).endswith(": —")  # NaN sits at the centre
    assert chart.save_png(tmp_path / "radar.png")
    assert (tmp_path / "radar.png").stat().st_size > 1000


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_trend_screenshot(qtbot, theme):
    chart = TrendChart(theme_name=theme)
    qtbot.addWidget(chart)
    chart.resize(640, 320)
    weeks = [f"2025-W{w:02d}" for w in range(1, 53)] * 4  # four years of weeks
    chart.set_weeks(weeks)
    chart.set_band(0.15)
    x = np.arange(len(weeks))
    chart.set_data(["Collections", "Contracts"], [1 + 0.2 * np.sin(x / 5), 0.9 + 0 * x])
    chart.set_alerts(AlertMarks(np.array([7.0]), np.array([0.8]), np.array([12.0]),
                                np.array([1.0])), "alert raised", "alert resolved")
    chart.set_highlight(20, 24)
    chart.show()
    qtbot.waitExposed(chart)
    assert _colours(chart.grab().toImage()) > 20
    assert chart.series_names() == ["Collections", "Contracts", "alert raised",
                                    "alert resolved"]
    assert chart.readout_text(1) == "2025-W02\nCollections 104%\nContracts 90%"
    assert chart.plot.clipToViewMode() and chart.plot.downsampleMode()[1]
