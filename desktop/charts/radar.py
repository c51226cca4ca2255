"""A radar (spider) chart for pyqtgraph, which has none: N axes from the centre, rings at
0/25/50/75/100, several series overlaid with a legend, an optional reference series (the
parent) drawn as a dashed outline, values on hover, light and dark themes.

Passive: ``set_data`` takes names and value arrays; nothing here knows the workspace.
A value that is NaN ("not scored") is drawn at the centre and named so on hover. Items
are created once and updated in place, so a new selection costs a few ``setData`` calls.
"""

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QToolTip, QWidget

from desktop.charts.theme import (
    ChartTheme,
    fit_legend,
    legend_label,
    series_colour,
    set_legend,
    theme,
)

RINGS = (25, 50, 75, 100)
HOVER_RADIUS = 0.09  # in chart units (100 = 1.0)
LABEL_GAP_PX = 9  # between the outer ring and an axis name
EDGE_PX = 4  # between an axis name and the edge of the plot


@dataclass(frozen=True, slots=True)
class RadarSeries:
    name: str
    values: np.ndarray  # (N,) 0–100, NaN: not scored


class _Series:
    """The items of one drawn series: a filled polygon, an outline with its vertices."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.fill = QGraphicsPolygonItem()
        self.fill.setPen(QPen(Qt.PenStyle.NoPen))
        plot.addItem(self.fill)
        self.line = pg.PlotDataItem(antialias=True)
        plot.addItem(self.line)
        self.series: RadarSeries | None = None

    def remove(self, plot: pg.PlotItem) -> None:
        plot.removeItem(self.fill)
        plot.removeItem(self.line)


class RadarChart(pg.GraphicsLayoutWidget):
    """``set_axes(labels)`` then ``set_data(series, reference=None)``."""

    def __init__(self, parent: QWidget | None = None, theme_name: str = "light") -> None:
        super().__init__(parent)
        self.setObjectName("radarChart")
        self.plot = self.addPlot(row=0, col=0)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(False, False)
        self.plot.setAspectLocked(True)
        self.plot.vb.setDefaultPadding(0.0)
        self.plot.setRange(xRange=(-2.1, 2.1), yRange=(-1.75, 1.7), padding=0)
        self.legend = pg.LegendItem(labelTextSize="8pt", colCount=2, verSpacing=-6,
                                    frame=False)
        self.addItem(self.legend, row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 4)
        self.ci.layout.setRowStretchFactor(1, 0)
        self.ci.layout.setContentsMargins(2, 2, 2, 2)
        self.title = ""
        self._theme = theme(theme_name)
        self._labels: list[str] = []
        self._grid_items: list = []
        self._series: list[_Series] = []
        self._reference = pg.PlotDataItem(antialias=True)
        self.plot.addItem(self._reference)
        self._reference_series: RadarSeries | None = None
        self._legend_entries: tuple = ()
        self._axis_labels: list[tuple[pg.TextItem, float, float]] = []  # item, cos, sin
        self._ring_labels: list[tuple[int, pg.TextItem]] = []
        self.scene().sigMouseMoved.connect(self._hover)
        self._apply_theme()

    # --- data -------------------------------------------------------------------------
    def set_axes(self, labels: list[str]) -> None:
        """The axis names (clockwise from the top)."""
        self._labels = list(labels)
        self._draw_grid()

    def set_data(self, series: list[RadarSeries], reference: RadarSeries | None = None
                 ) -> None:
        while len(self._series) > len(series):
            self._series.pop().remove(self.plot)
        while len(self._series) < len(series):
            self._series.append(_Series(self.plot))
        t = self._theme
        for k, (drawn, s) in enumerate(zip(self._series, series, strict=True)):
            colour = QColor(series_colour(t, k))
            x, y = self._xy(s.values)
            drawn.series = s
            drawn.line.setData(np.append(x, x[:1]), np.append(y, y[:1]),
                               pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                               symbolBrush=colour, symbolPen=colour)
            fill = QColor(colour)
            fill.setAlpha(40 if len(series) <= 2 else 18)
            drawn.fill.setBrush(QBrush(fill))
            drawn.fill.setPolygon(QPolygonF([QPointF(a, b) for a, b in zip(x, y,
                                                                             strict=True)]))
        self._reference_series = reference
        if reference is None:
            self._reference.setData([], [])
        else:
            x, y = self._xy(reference.values)
            self._reference.setData(np.append(x, x[:1]), np.append(y, y[:1]),
                                    pen=pg.mkPen(t.reference, width=1.6,
                                                 style=Qt.PenStyle.DashLine))
        self._rebuild_legend()

    def set_theme(self, name: str) -> None:
        self._theme = theme(name)
        self._apply_theme()
        if self._series or self._reference_series is not None:
            self.set_data([s.series for s in self._series if s.series is not None],
                          self._reference_series)

    @property
    def theme(self) -> ChartTheme:
        return self._theme

    def series_names(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    # --- hover ------------------------------------------------------------------------
    def hover_text(self, x: float, y: float) -> str:
        """The value under chart coordinates (x, y), or "" when no vertex is near."""
        best, text = HOVER_RADIUS, ""
        drawn = [(d.series, False) for d in self._series if d.series is not None]
        if self._reference_series is not None:
            drawn.append((self._reference_series, True))
        for s, _is_ref in drawn:
            vx, vy = self._xy(s.values)
            distance = np.hypot(vx - x, vy - y)
            i = int(np.argmin(distance))
            if distance[i] < best:
                best = float(distance[i])
                value = s.values[i]
                shown = ("—" if np.isnan(value) else f"{value:.0f}")
                text = f"{s.name}\n{self._labels[i]}: {shown}"
        return text

    def _hover(self, pos) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.vb.mapSceneToView(pos)
        text = self.hover_text(point.x(), point.y())
        if text:
            global_pos = self.mapToGlobal(self.mapFromScene(pos).toPoint())
            QToolTip.showText(global_pos, text, self)
        else:
            QToolTip.hideText()

    # --- drawing ----------------------------------------------------------------------
    def _angles(self) -> np.ndarray:
        n = max(len(self._labels), 1)
        return math.pi / 2 - 2 * math.pi * np.arange(n) / n

    def _xy(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = np.nan_to_num(np.clip(np.asarray(values, dtype=float), 0, 100), nan=0.0) / 100
        a = self._angles()
        return r * np.cos(a), r * np.sin(a)

    def _draw_grid(self) -> None:
        for item in self._grid_items:
            self.plot.removeItem(item)
        self._grid_items.clear()
        self._axis_labels.clear()
        self._ring_labels.clear()
        if not self._labels:
            return
        t = self._theme
        a = self._angles()
        pen = pg.mkPen(t.grid, width=1)
        for ring in RINGS:
            r = ring / 100
            x, y = r * np.cos(a), r * np.sin(a)
            item = pg.PlotDataItem(np.append(x, x[:1]), np.append(y, y[:1]), pen=pen)
            item.setZValue(-10)
            self._add_grid(item)
            label = pg.TextItem(str(ring), color=t.muted, anchor=(0.0, 0.5))
            label.setPos(0.015, r)
            label.setZValue(-5)
            self._add_grid(label)
            self._ring_labels.append((ring, label))
        centre = pg.TextItem("0", color=t.muted, anchor=(0.5, 0.0))
        centre.setPos(0, 0)
        self._add_grid(centre)
        for angle, text in zip(a, self._labels, strict=True):
            spoke = pg.PlotDataItem([0, math.cos(angle)], [0, math.sin(angle)], pen=pen)
            spoke.setZValue(-10)
            self._add_grid(spoke)
            cx, cy = math.cos(angle), math.sin(angle)
            anchor = (0.5 - 0.5 * round(cx, 3), 0.5 + 0.5 * round(cy, 3))
            side = abs(cx) > 0.5  # names left and right wrap; above and below need height
            label = pg.TextItem(_wrap(text) if side else text, color=t.foreground,
                                anchor=anchor)
            self._add_grid(label)
            self._axis_labels.append((label, cx, cy))
        self._fit_range()

    def _add_grid(self, item) -> None:
        self.plot.addItem(item)
        self._grid_items.append(item)

    def _rebuild_legend(self) -> None:
        names = tuple(d.series.name for d in self._series if d.series is not None)
        entries = (names, self._reference_series.name if self._reference_series else None,
                   self._theme.name)
        if entries == self._legend_entries:
            return  # relaying a legend out costs more than the data
        theme_changed = entries[2] != (self._legend_entries[2] if self._legend_entries
                                       else None)
        self._legend_entries = entries
        shown = [(d.line, legend_label(d.series.name)) for d in self._series
                 if d.series is not None]
        if self._reference_series is not None:
            shown.append((self._reference, legend_label(self._reference_series.name)))
        if theme_changed:
            self.legend.clear()  # every label takes the theme's colour anew
        set_legend(self.legend, shown, self._theme.foreground)
        self._fit_legend()

    def _apply_theme(self) -> None:
        t = self._theme
        self.setBackground(t.background)
        self._draw_grid()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()
        self._fit_range()

    def _fit_range(self) -> None:
        """Scale the radar to the plot's size in pixels so that every axis name fits
        beside it (names keep their size in pixels; a fixed range clipped them on a
        narrow or short chart)."""
        labels = getattr(self, "_axis_labels", None)
        if not labels:
            return
        self.ci.layout.activate()
        width, height = self.plot.vb.width(), self.plot.vb.height()
        if width < 10 or height < 10:
            return
        scale = min(width, height) / 2  # pixels per unit (the outer ring is 1)
        for item, cx, cy in labels:
            box = item.textItem.boundingRect()
            for c, half, size in ((abs(cx), width / 2, box.width()),
                                  (abs(cy), height / 2, box.height())):
                room = half - EDGE_PX - (0.5 + 0.5 * c) * size
                if c > 0.01:
                    scale = min(scale, (room - LABEL_GAP_PX * c) / c)
        scale = max(scale, 10.0)
        step = 25 if scale * 0.25 >= 13 else (50 if scale * 0.5 >= 13 else 100)
        for ring, item in self._ring_labels:  # no ring names on top of each other
            item.setVisible(ring % step == 0)
        for item, cx, cy in labels:
            reach = 1 + LABEL_GAP_PX / scale
            item.setPos(reach * cx, reach * cy)
        self.plot.setRange(xRange=(-width / 2 / scale, width / 2 / scale),
                           yRange=(-height / 2 / scale, height / 2 / scale), padding=0)

    def _fit_legend(self) -> None:
        """As many legend columns as the width allows (a legend wider than the widget
        would push the plot out of view)."""
        legend = getattr(self, "legend", None)  # resized once while being built
        if legend is not None:
            fit_legend(self)
            self._fit_range()

    def save_png(self, path: str) -> bool:
        return self.grab().save(str(path), "PNG")


def _wrap(text: str, width: int = 11) -> str:
    """Long axis names on two lines (the first space after the middle), so the labels
    left and right of the chart need less room."""
    if " " not in text:
        wide = sum(1 for c in text if ord(c) > 0x2E80)  # CJK: about two columns each
        if wide > 4 and len(text) > 4:
            return text[:len(text) // 2] + "\n" + text[len(text) // 2:]
        return text
    if len(text) <= width:
        return text
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]
