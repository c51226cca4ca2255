"""The monthly review as a PDF (issue 6): a cover with the case-figure table and the
health of the regions, a radar per region against the company, the trends, and the open
alerts with their action packs. Written with Qt's PDF writer (QPdfWriter + QPainter),
which needs no screen: `targetflow report` runs it offscreen.

It lives with the widgets because it draws the review's charts; the exchange layer (no
Qt) stays free of it. Written to a temporary file beside the target and renamed.

Two steps, so that the page can export off the GUI thread: ``review_export.chart_steps``
draws each chart to a QImage (widgets: the GUI thread, one chart a step), and
``paint_pdf`` here paints text and those images with QPdfWriter — no widget, so it may
run in a worker thread; it checks ``cancelled()`` between rows and leaves no file when
told to stop.
"""

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from desktop.domain.settings import HEALTH_DIMENSIONS
from desktop.services.review_asof import as_of
from desktop.widgets.review_labels import (
    DIRECTIONS,
    FIGURES,
    STATES,
    change_text,
    day_text,
    dimension_labels,
    figure_text,
    impact_text,
    word,
)

DPI = 96
PAGE_W, PAGE_H = 794, 1123  # A4 at 96 dpi
MARGIN = 48
LINE = 18


RADAR_H, TREND_H = 300, 380
TOP_DEALS = 10
translate = QCoreApplication.translate


class Cancelled(Exception):
    """The export was cancelled; no file was left."""


class _Pages:
    """A painter on the PDF with a cursor that opens a new page when full."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, font: QFont,
                 images: dict[str, QImage], cancelled: Callable[[], bool]) -> None:
        self.writer, self.painter, self.font = writer, painter, font
        self.images, self.cancelled = images, cancelled
        self.y = MARGIN
        self.count = 1
        self.width = PAGE_W - 2 * MARGIN

    def new_page(self) -> None:
        self.check()
        self.writer.newPage()
        self.count += 1
        self.y = MARGIN

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled

    def need(self, height: float) -> None:
        if self.y + height > PAGE_H - MARGIN:
            self.new_page()

    def text(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: str = "#1d2530",
        x: float = 0,
        width: float | None = None,
        advance: bool = True,
    ) -> float:
        font = QFont(self.font)
        font.setPointSizeF(size)
        font.setBold(bold)
        self.painter.setFont(font)
        self.painter.setPen(QColor(colour))
        rect = QRectF(MARGIN + x, self.y, width or self.width - x, PAGE_H)
        flags = int(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        )
        used = self.painter.boundingRect(rect, flags, text).height()
        self.need(used)
        rect.moveTop(self.y)
        self.painter.drawText(rect, flags, text)
        if advance:
            self.y += used + 2
        return used

    def row(
        self, cells: list[str], widths: list[float], bold: bool = False, size: float = 9
    ) -> None:
        self.check()
        self.need(LINE)
        x = 0.0
        height = LINE
        for cell, w in zip(cells, widths, strict=True):
            height = max(height, self.text(cell, size, bold, x=x, width=w - 6, advance=False))
            x += w
        self.y += height + 2
        self.painter.setPen(QPen(QColor("#dde2e8")))
        self.painter.drawLine(MARGIN, int(self.y - 1), MARGIN + int(self.width), int(self.y - 1))

    def image(
        self,
        key: str,
        height: float,
        x: float = 0,
        width: float | None = None,
        advance: bool = True,
    ) -> None:
        width = width or self.width
        self.need(height)
        picture = self.images[key]
        self.painter.drawImage(QRectF(MARGIN + x, self.y, width, height), picture)
        if advance:
            self.y += height + 8


def paint_pdf(data: Any, month: str | None, path: Path, images: dict[str, QImage],
              font: QFont, cancelled: Callable[[], bool] = lambda: False) -> int:
    """Paint the review to ``path`` (text and the drawn ``images``; no widget, so any
    thread); the page count. Raises ``Cancelled`` (no file left) when ``cancelled()``."""
    path = Path(path)
    month = month or data.months[-1]
    p_i, k = data.month_at(month)
    period = data.periods[p_i]
    previous = data.periods[p_i - 1] if p_i > 0 else None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    writer = QPdfWriter(str(temporary))
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(translate("ReviewReport", "Monthly review {month}").format(month=month))
    writer.setCreator("TargetFlow")
    painter = QPainter(writer)
    try:
        pages = _Pages(writer, painter, font, images, cancelled)
        _cover(pages, data, month, period, previous, k)
        _radars(pages, data, month)
        _trends(pages, period)
        _alerts(pages, data, period, month)
        _deals(pages, data, period)
        count = pages.count
    except Cancelled:
        painter.end()
        del painter, writer
        temporary.unlink(missing_ok=True)
        raise
    painter.end()
    del painter, writer  # the writer closes the file
    if not temporary.exists():
        raise OSError(f"Qt could not write {path}")
    os.replace(temporary, path)
    return count


def _cover(pages: _Pages, data, month, period, previous, k) -> None:
    pages.text(translate("ReviewReport", "Monthly review {month}").format(month=month), 22, True)
    pages.text(data.name, 13, colour="#1f5fbf")
    pages.text(
        translate("ReviewReport", "Period {period} · generated {day} · {path}").format(
            period=period.code, day=dt.date.today().isoformat(), path=Path(data.path).name
        ),
        9,
        colour="#5b6573",
    )
    pages.y += 12
    pages.text(translate("ReviewReport", "Case figures"), 14, True)
    before = previous.code if previous is not None else "—"
    widths = [250, 130, 130, 188]
    pages.row(
        [
            translate("ReviewReport", "Figure"),
            before,
            period.code,
            translate("ReviewReport", "Change"),
        ],
        widths,
        bold=True,
    )
    company_now = data.figures_of(period.code, 0)
    company_before = data.figures_of(previous.code, 0) if previous is not None else None
    for key, attr in (
        ("latency", "latency_days"),
        ("consistency", "consistency"),
        ("misallocation", "misallocation"),
    ):
        now = getattr(company_now, attr) if company_now is not None else None
        was = getattr(company_before, attr) if company_before is not None else None
        pages.row(
            [
                word(FIGURES, key),
                figure_text(key, was),
                figure_text(key, now),
                change_text(key, was, now)[0],
            ],
            widths,
        )
    pages.y += 10
    pages.text(
        translate("ReviewReport", "Case figures per region, {period}").format(period=period.code),
        12,
        True,
    )
    widths = [250, 150, 150, 148]
    pages.row(
        [
            translate("ReviewReport", "Region"),
            word(FIGURES, "latency"),
            word(FIGURES, "consistency"),
            word(FIGURES, "misallocation"),
        ],
        widths,
        bold=True,
        size=8,
    )
    for r in data.regions():
        f = data.figures_of(period.code, r)
        if f is not None:
            pages.row(
                [
                    data.names[r],
                    figure_text("latency", f.latency_days),
                    figure_text("consistency", f.consistency),
                    figure_text("misallocation", f.misallocation),
                ],
                widths,
            )
    pages.y += 10
    pages.text(translate("ReviewReport", "Health {month} (0–100)").format(month=month), 12, True)
    widths = [230, 94, 94, 94, 94, 92]
    pages.row(
        [
            translate("ReviewReport", "Unit"),
            *dimension_labels(),
            translate("ReviewReport", "Overall"),
        ],
        widths,
        bold=True,
        size=8,
    )
    for r in [0, *data.regions()]:
        scores = period.health[k, r]
        pages.row(
            [data.names[r], *[_score(s) for s in scores], _score(period.overall[k, r])], widths
        )


def _radars(pages: _Pages, data, month) -> None:
    pages.new_page()
    pages.text(
        translate(
            "ReviewReport", "Health per region, {month}: each region against the company (dashed)"
        ).format(month=month),
        14,
        True,
    )
    width = pages.width / 2 - 6
    regions = data.regions()
    for n, r in enumerate(regions):
        left = n % 2 == 0
        if left:
            pages.need(RADAR_H)
        pages.image(
            f"radar-{r}",
            RADAR_H,
            x=0 if left else width + 12,
            width=width,
            advance=not left or n == len(regions) - 1,
        )
    assert len(HEALTH_DIMENSIONS) == len(dimension_labels())


def _trends(pages: _Pages, period) -> None:
    pages.new_page()
    pages.text(
        translate("ReviewReport", "Weekly achievement against plan, {period}: the company").format(
            period=period.code
        ),
        14,
        True,
    )
    pages.image("trend-company", TREND_H)
    pages.text(translate("ReviewReport", "Weighted achievement per region"), 14, True)
    pages.image("trend-regions", TREND_H)


def _alerts(pages: _Pages, data, period, month) -> None:
    pages.new_page()
    state = as_of(data, data.history, month)
    if state is not None and not state.live:  # a past month: the alerts open at its end
        alerts = state.alerts
        title = translate("ReviewReport", "Open alerts as of {day} ({count}) and their "
                                          "action packs").format(day=day_text(state.moment),
                                                                 count=len(alerts))
    elif state is not None:
        alerts = data.alerts
        title = translate("ReviewReport", "Open alerts ({count}) and their action packs"
                          ).format(count=len(alerts))
    else:  # the history of a past month was not read: say whose alerts these are
        alerts = data.alerts
        title = translate("ReviewReport", "Open alerts today ({count}) and their action "
                                          "packs").format(count=len(alerts))
    pages.text(title, 14, True)
    names = dict(zip(period.metric_codes, period.metric_names, strict=True))
    widths = [200, 200, 70, 70, 80, 78]
    pages.row(
        [
            translate("ReviewReport", "Unit"),
            translate("ReviewReport", "Metric"),
            translate("ReviewReport", "Direction"),
            translate("ReviewReport", "Deviation"),
            translate("ReviewReport", "Since"),
            translate("ReviewReport", "State"),
        ],
        widths,
        bold=True,
        size=8,
    )
    for a in alerts:
        deviation = a.trigger[-1] if a.trigger else float("nan")
        pages.need(LINE * 3)
        pages.row(
            [
                a.unit_name,
                names.get(a.metric, a.metric),
                word(DIRECTIONS, a.direction),
                f"{deviation:+.0%}",
                a.raised_week,
                word(STATES, a.state),
            ],
            widths,
        )
        for s in a.suggestions:
            pages.text(f"▸ {s.rule}: " + "; ".join(s.actions), 8, colour="#333c48", x=16)
        for at, _who, text in a.actions:
            pages.text(
                translate("ReviewReport", "✓ taken {day}: {action}").format(
                    day=at[:10], action=text
                ),
                8,
                colour="#2e9b57",
                x=16,
            )


def _deals(pages: _Pages, data, period) -> None:
    deals = period.deals
    if deals is None or not len(deals):
        return
    pages.y += 12
    pages.need(LINE * 4)
    pages.text(translate("ReviewReport", "Won deals with the largest impact on the company "
                                         "figure, {period}").format(period=period.code),
               14, True)
    widths = [250, 130, 90, 228]
    pages.row([translate("ReviewReport", "Deal"), translate("ReviewReport", "Owner"),
               translate("ReviewReport", "Amount"), translate("ReviewReport", "Impact")],
              widths, bold=True, size=8)
    for i in range(min(TOP_DEALS, len(deals))):
        owner = int(deals.owner_row[i])
        cells = [impact_text(name, float(deals.impact[i, j]), bool(period.ratio[j]))
                 for j, name in enumerate(period.metric_names)]
        impact = "; ".join(c for c in cells if c).replace("<b>", "").replace("</b>", "")
        pages.row([deals.names[i], data.names[owner] if owner >= 0 else "—",
                   f"{deals.amount[i]:,.0f}", impact], widths, size=8)


def _score(x) -> str:
    return "—" if x is None or np.isnan(x) else f"{x:.0f}"
