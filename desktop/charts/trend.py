"""Weekly achievement against plan: one line per metric around the plan (1.0), the ±θ
band shaded, markers where alerts were raised and resolved, an optional highlighted span
(the month under review) and a crosshair with a read-out of every series at that week.

Passive: ``set_weeks`` / ``set_data`` / ``set_alerts`` take arrays. Downsampling and clip
to view are on, so years of weekly history stay smooth; items are reused between calls.
"""

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.charts.theme import (
    ChartTheme,
    fit_legend,
    legend_label,
    series_colour,
    set_legend,
    theme,
)

MAX_TICKS = 9


class _PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):
        return [f"{v:.0%}" for v in values]


class _WeekAxis(pg.AxisItem):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.labels: list[str] = []

    def tickValues(self, minVal, maxVal, size):
        n = len(self.labels)
        if not n:
            return []
        lo, hi = max(0, int(np.ceil(minVal))), min(n - 1, int(np.floor(maxVal)))
        step = max(1, int(np.ceil((hi - lo + 1) / MAX_TICKS)))
        return [(step, list(range(lo, hi + 1, step)))]

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            i = round(v)
            label = self.labels[i] if 0 <= i < len(self.labels) else ""
            out.append(label.split("-", 1)[-1])  # "2025-W20" -> "W20"
        return out


@dataclass(frozen=True, slots=True)
class AlertMarks:
    raised_x: np.ndarray
    raised_y: np.ndarray
    resolved_x: np.ndarray
    resolved_y: np.ndarray


class TrendChart(pg.GraphicsLayoutWidget):
    """The legend sits above the plot, never over the lines."""

    def __init__(self, parent: QWidget | None = None, theme_name: str = "light") -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self._week_axis = _WeekAxis("bottom")
        self.legend = pg.LegendItem(labelTextSize="8pt", colCount=2, verSpacing=-6,
                                    frame=False)
        self.addItem(self.legend, row=0, col=0)
        plot = self.plot = self.addPlot(row=1, col=0, axisItems={
            "bottom": self._week_axis, "left": _PercentAxis("left")})
        plot.getAxis("left").setWidth(46)
        self.ci.layout.setRowStretchFactor(1, 4)
        self.ci.layout.setContentsMargins(2, 2, 6, 2)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=True, y=False)
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.showGrid(x=False, y=True, alpha=0.25)
        self._theme = theme(theme_name)
        self.band = pg.LinearRegionItem((0.85, 1.15), orientation="horizontal",
                                        movable=False)
        self.band.setZValue(-20)
        for line in self.band.lines:
            line.setPen(pg.mkPen(None))
        plot.addItem(self.band)
        self.month = pg.LinearRegionItem((0, 0), movable=False)
        self.month.setZValue(-21)
        for line in self.month.lines:
            line.setPen(pg.mkPen(None))
        plot.addItem(self.month)
        self.plan = pg.InfiniteLine(pos=1.0, angle=0, movable=False)
        plot.addItem(self.plan)
        self.lines: list[pg.PlotDataItem] = []
        self.raised = pg.ScatterPlotItem(symbol="t", size=11)
        self.resolved = pg.ScatterPlotItem(symbol="o", size=9)
        plot.addItem(self.raised)
        plot.addItem(self.resolved)
        self.cross = pg.InfiniteLine(angle=90, movable=False)
        self.cross.setVisible(False)
        plot.addItem(self.cross, ignoreBounds=True)
        self.readout = pg.TextItem("", anchor=(0, 1))
        self.readout.setZValue(50)
        plot.addItem(self.readout, ignoreBounds=True)
        self._names: list[str] = []
        self._values: list[np.ndarray] = []
        self._legend_alerts: tuple[str, str] = ("", "")
        self._legend_entries: tuple = ()
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        self._apply_theme()

    # --- data -------------------------------------------------------------------------
    def set_weeks(self, labels: list[str]) -> None:
        self._week_axis.labels = list(labels)
        self._week_axis.picture = None
        self.plot.setXRange(-0.5, max(len(labels) - 0.5, 0.5), padding=0)

    def set_band(self, threshold: float) -> None:
        self.band.setRegion((1 - threshold, 1 + threshold))

    def set_highlight(self, first: int, last: int) -> None:
        """Shade weeks ``first``..``last`` (inclusive); last < first hides it."""
        self.month.setVisible(last >= first)
        self.month.setRegion((first - 0.5, last + 0.5))

    def set_data(self, names: list[str], values: list[np.ndarray]) -> None:
        """One line per series, y = achievement (1.0 = on plan), x = week index."""
        plot = self.plot
        while len(self.lines) > len(names):
            plot.removeItem(self.lines.pop())
        while len(self.lines) < len(names):
            line = pg.PlotDataItem(antialias=True)
            plot.addItem(line)
            self.lines.append(line)
        self._names, self._values = list(names), [np.asarray(v, float) for v in values]
        finite = []
        for k, (line, y) in enumerate(zip(self.lines, self._values, strict=True)):
            colour = series_colour(self._theme, k)
            line.setData(np.arange(len(y)), y, pen=pg.mkPen(colour, width=2),
                         symbol="o" if len(y) <= 30 else None, symbolSize=4,
                         symbolBrush=colour, symbolPen=colour, connect="finite")
            finite.append(y[np.isfinite(y)])
        known = np.concatenate(finite) if finite else np.zeros(0)
        lo = min(float(known.min()) if len(known) else 0.8, self.band.getRegion()[0]) - 0.05
        hi = max(float(known.max()) if len(known) else 1.2, self.band.getRegion()[1]) + 0.08
        plot.setYRange(lo, hi, padding=0)
        self._rebuild_legend()

    def set_alerts(self, marks: AlertMarks, raised_name: str, resolved_name: str) -> None:
        self.raised.setData(marks.raised_x, marks.raised_y)
        self.resolved.setData(marks.resolved_x, marks.resolved_y)
        self._legend_alerts = (raised_name, resolved_name)
        self._rebuild_legend()

    def set_theme(self, name: str) -> None:
        self._theme = theme(name)
        self._apply_theme()
        self.set_data(self._names, self._values)

    @property
    def theme(self) -> ChartTheme:
        return self._theme

    def series_names(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    # --- crosshair --------------------------------------------------------------------
    def readout_text(self, x: float) -> str:
        """What the crosshair says at week ``x``: the week and every series' value."""
        labels = self._week_axis.labels
        i = round(x)
        if not 0 <= i < len(labels):
            return ""
        parts = [labels[i]]
        for name, y in zip(self._names, self._values, strict=True):
            if i < len(y) and np.isfinite(y[i]):
                parts.append(f"{name} {y[i]:.0%}")
        return "\n".join(parts)

    def _mouse_moved(self, pos) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            self.cross.setVisible(False)
            self.readout.setText("")
            return
        point = self.plot.vb.mapSceneToView(pos)
        text = self.readout_text(point.x())
        self.cross.setVisible(bool(text))
        self.cross.setPos(round(point.x()))
        (x0, x1), (_y0, y1) = self.plot.vb.viewRange()
        self.readout.setText(text, color=self._theme.foreground)
        right = point.x() > (x0 + x1) / 2
        self.readout.setAnchor((1, 1) if right else (0, 1))
        self.readout.setPos(round(point.x()), y1)
        self.readout.setAnchor((1, 0) if right else (0, 0))

    # --- drawing ----------------------------------------------------------------------
    def _rebuild_legend(self, force: bool = False) -> None:
        """Only when the entries change: relaying a legend out costs more than the data."""
        raised, resolved = self._legend_alerts
        raised = raised if len(self.raised.data) else ""
        resolved = resolved if len(self.resolved.data) else ""
        entries = (tuple(self._names), raised, resolved, self._theme.name)
        if entries == self._legend_entries and not force:
            return
        theme_changed = entries[3] != (self._legend_entries[3] if self._legend_entries
                                       else None)
        self._legend_entries = entries
        shown = [(line, legend_label(name))
                 for line, name in zip(self.lines, self._names, strict=True)]
        if raised:
            shown.append((self.raised, raised))
        if resolved:
            shown.append((self.resolved, resolved))
        if theme_changed or force:
            self.legend.clear()  # every label takes the theme's colour anew
        set_legend(self.legend, shown, self._theme.foreground)
        self._fit_legend()

    def _apply_theme(self) -> None:
        t = self._theme
        self.setBackground(t.background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(t.muted))
            axis.setTextPen(pg.mkPen(t.foreground))
        self.band.setBrush(pg.mkBrush(*t.band))
        self.month.setBrush(pg.mkBrush(*t.highlight))
        self.plan.setPen(pg.mkPen(t.reference, width=1.2, style=Qt.PenStyle.DashLine))
        self.raised.setBrush(pg.mkBrush(t.raised))
        self.raised.setPen(pg.mkPen(t.raised))
        self.resolved.setBrush(pg.mkBrush(t.resolved))
        self.resolved.setPen(pg.mkPen(t.resolved))
        self.cross.setPen(pg.mkPen(t.muted, style=Qt.PenStyle.DotLine))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def _fit_legend(self) -> None:
        """As many legend columns as the width allows (a legend wider than the widget
        would push the plot out of view)."""
        legend = getattr(self, "legend", None)  # resized once while being built
        if legend is not None:
            fit_legend(self)

    def save_png(self, path: str) -> bool:
        return self.grab().save(str(path), "PNG")
