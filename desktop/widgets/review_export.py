"""Exporting the monthly review PDF without freezing the window (issue 6): the charts are
drawn to images on the GUI thread one per event-loop turn (they are widgets), then a
worker thread paints the PDF (``review_report.paint_pdf``: text and images, no widget),
written to a temporary name and renamed. ``cancel()`` stops either step and leaves no
file. ``write_review_pdf`` does both at once, for the command line.
"""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView

from desktop.charts.radar import RadarChart, RadarSeries
from desktop.charts.trend import TrendChart
from desktop.widgets.review_labels import dimension_labels
from desktop.widgets.review_report import (
    MARGIN,
    PAGE_W,
    RADAR_H,
    TREND_H,
    Cancelled,
    paint_pdf,
)


def write_review_pdf(data: Any, month: str | None, path: Path, theme_name: str = "light") -> int:
    """Write the review of ``month`` (default: the latest) to ``path``, all at once on the
    calling (GUI) thread — the command line's way; the page count."""
    images: dict[str, QImage] = {}
    for _left in chart_steps(data, month, theme_name, images):
        pass
    return paint_pdf(data, month, path, images, QFont(QApplication.font()))


def chart_count(data: Any) -> int:
    return len(data.regions()) + 2


def chart_steps(data: Any, month: str | None, theme_name: str, images: dict[str, QImage]
                ) -> Iterator[int]:
    """Draw the report's charts into ``images``, one chart per step (GUI thread); yields
    the number of charts drawn so far."""
    month = month or data.months[-1]
    p_i, k = data.month_at(month)
    period = data.periods[p_i]
    labels = dimension_labels()
    radar_w = (PAGE_W - 2 * MARGIN) / 2 - 6
    trend_w = PAGE_W - 2 * MARGIN
    jobs: list = []
    for r in data.regions():
        def radar(r=r):
            chart = RadarChart(theme_name=theme_name)
            chart.set_axes(labels)
            chart.set_data([RadarSeries(data.names[r], period.health[k, r])],
                           RadarSeries(data.names[0], period.health[k, 0]))
            return chart
        jobs.append((f"radar-{r}", radar, radar_w, RADAR_H))

    def trend(names, series):
        chart = TrendChart(theme_name=theme_name)
        chart.set_weeks(period.week_labels)
        chart.set_band(period.threshold)
        chart.set_highlight(0, -1)
        chart.set_data(names, series)
        return chart

    values = period.achievement[:, 0, :]
    regions = data.regions()
    jobs.append(("trend-company", lambda: trend(
        period.metric_names, [values[:, j] for j in range(values.shape[1])]), trend_w, TREND_H))
    jobs.append(("trend-regions", lambda: trend(
        [data.names[r] for r in regions], [period.score[:, r] for r in regions]), trend_w,
        TREND_H))
    for done, (key, build, width, height) in enumerate(jobs, 1):
        chart = build()
        try:
            images[key] = _render(chart, int(width), int(height))
        finally:
            chart.close()
            chart.deleteLater()
        yield done


def _render(widget: QGraphicsView, width: int, height: int, scale: int = 2) -> QImage:
    """The chart laid out at the size of its slot on the page (``width`` × ``height``,
    1/96 inch each) and drawn ``scale`` times as sharp: laid out larger and shrunk onto
    the page, its labels printed at half their point size, too small to read."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    widget.resize(width, height)
    widget.show()
    QApplication.processEvents()
    image = QImage(width * scale, height * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.backgroundBrush().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # the view's own render: vector items at the image's resolution (a widget grab
    # ignores the device pixel ratio offscreen)
    widget.render(painter, QRectF(0, 0, width, height), widget.viewport().rect())
    painter.end()
    widget.hide()
    return image


class _Painter(QThread):
    painted = Signal(int)  # page count
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, job: tuple, stop: threading.Event, parent: QObject) -> None:
        super().__init__(parent)
        self.job, self.stop = job, stop

    def run(self) -> None:
        data, month, path, images, font = self.job
        try:
            pages = paint_pdf(data, month, path, images, font, self.stop.is_set)
        except Cancelled:
            self.stopped.emit()
        except OSError as exc:
            self.failed.emit(str(exc))
        else:
            self.painted.emit(pages)


class PdfExport(QObject):
    """One export: ``start()``; ``progress(done, total)``; then exactly one of
    ``finished(pages)``, ``failed(problem)``, ``cancelled()``."""

    progress = Signal(int, int)
    finished = Signal(int)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, data: Any, month: str | None, path: Path, theme_name: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data, self.month, self.path = data, month, Path(path)
        self.total = chart_count(data) + 1  # the charts, then the painting
        self.images: dict[str, QImage] = {}
        self._steps = chart_steps(data, month, theme_name, self.images)
        self._stop = threading.Event()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self.thread: _Painter | None = None
        self.done = False

    def start(self) -> None:
        self.progress.emit(0, self.total)
        self._timer.start()

    def cancel(self) -> None:
        if self.done:
            return
        self._stop.set()
        if self.thread is None:  # still drawing charts: nothing written yet
            self._timer.stop()
            self._end(self.cancelled)

    def _step(self) -> None:
        if self._stop.is_set():
            return
        try:
            done = next(self._steps)
        except StopIteration:
            self._timer.stop()
            self._paint()
            return
        self.progress.emit(done, self.total)

    def _paint(self) -> None:
        job = (self.data, self.month, self.path, self.images, QFont(QApplication.font()))
        self.thread = _Painter(job, self._stop, self)
        self.thread.painted.connect(lambda pages: self._end(self.finished, pages))
        self.thread.failed.connect(lambda problem: self._end(self.failed, problem))
        self.thread.stopped.connect(lambda: self._end(self.cancelled))
        self.thread.start()

    def _end(self, signal, *args) -> None:
        if self.done:
            return
        self.done = True
        if self.thread is not None:
            self.thread.wait()
        if signal is self.finished:
            self.progress.emit(self.total, self.total)
        signal.emit(*args)

    def wait(self) -> None:
        """Block until the painting thread is over (tests, closing the window)."""
        if self.thread is not None:
            self.thread.wait()


def start_export(page: Any, path: Path) -> tuple["PdfExport", Any]:
    """Export the review ``page`` shows to ``path`` with a progress dialog and Cancel,
    reporting on the page's status line; (the export, its dialog)."""
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    translate = QCoreApplication.translate
    export = PdfExport(page.data, page.month, Path(path), page.theme_name, page)
    dialog = QProgressDialog(translate("ReviewPage", "Exporting the monthly review…"),
                             translate("ReviewPage", "Cancel"), 0, export.total, page)
    dialog.setObjectName("pdfProgress")
    dialog.setWindowTitle(translate("ReviewPage", "Export PDF"))
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(export.cancel)
    export.progress.connect(lambda done, total: (
        dialog.setValue(done), dialog.setLabelText(
            translate("ReviewPage", "Drawing charts ({done} of {total})…").format(done=done,
                                                                   total=total - 1)
            if done < total - 1 else translate("ReviewPage", "Writing the pages…"))))

    def finished(pages: int) -> None:
        dialog.close()
        page.status.setText(translate("ReviewPage", "Wrote {path} ({pages} pages)").format(
            path=path.name, pages=pages))

    def failed(problem: str) -> None:
        dialog.close()
        QMessageBox.warning(page, "TargetFlow", translate(
            "ReviewPage", "Could not write {path}: {problem}").format(path=path,
                                                                     problem=problem))

    def cancelled() -> None:
        dialog.close()
        page.status.setText(translate("ReviewPage", "Export cancelled"))

    export.finished.connect(finished)
    export.failed.connect(failed)
    export.cancelled.connect(cancelled)
    page.pdf_button.setEnabled(False)
    for signal in (export.finished, export.failed, export.cancelled):
        signal.connect(lambda *_: page.pdf_button.setEnabled(True))
    export.start()
    return export, dialog

