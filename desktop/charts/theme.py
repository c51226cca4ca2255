"""Colours of the review charts, light and dark. Plain data: the charts read it, the
stylesheet's palette (resources/styles) matches the light one."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChartTheme:
    name: str
    background: str
    foreground: str  # text and axes
    grid: str  # rings, spokes, grid lines
    muted: str  # ring labels, secondary text
    reference: str  # the parent's outline, the plan line
    band: tuple[int, int, int, int]  # the ±θ band
    highlight: tuple[int, int, int, int]  # the selected month
    raised: str
    resolved: str
    series: tuple[str, ...]


LIGHT = ChartTheme(
    "light", "#ffffff", "#1d2530", "#d5dbe3", "#7a8594", "#4a5565",
    (31, 95, 191, 26), (255, 196, 0, 34), "#d23c3c", "#2e9b57",
    ("#1f5fbf", "#e07b00", "#2e9b57", "#8e44ad", "#d23c3c", "#0097a7", "#6d4c41",
     "#c2185b"))

DARK = ChartTheme(
    "dark", "#1b1f24", "#e6e9ee", "#3a424d", "#9aa4b1", "#c9d1db",
    (110, 160, 255, 34), (255, 220, 120, 22), "#ff6b6b", "#4cd07d",
    ("#6ea0ff", "#ffa94d", "#4cd07d", "#c58af9", "#ff6b6b", "#3bc9db", "#d7a77b",
     "#f783ac"))

THEMES = {"light": LIGHT, "dark": DARK}


def theme(name: str) -> ChartTheme:
    return THEMES.get(name, LIGHT)


def series_colour(chart_theme: ChartTheme, index: int) -> str:
    return chart_theme.series[index % len(chart_theme.series)]


def legend_label(name: str, limit: int = 24) -> str:
    """A legend entry short enough not to push the chart out of its widget (the full
    name is in the hover text and the read-out)."""
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def set_legend(legend, entries: list[tuple[object, str]], colour: str) -> bool:
    """Show ``entries`` (plot item, text) in a pyqtgraph LegendItem. When the legend
    already holds the same items in the same order only the texts change (a unit switch
    renames the radar's series): set in place — clearing and re-adding creates and lays
    out new graphics widgets, most of a switch's time. Returns whether it rebuilt."""
    held = [sample.item for sample, _label in legend.items]
    if held == [item for item, _text in entries]:
        renamed = False
        for (_sample, label), (_item, text) in zip(legend.items, entries, strict=True):
            if label.text != text:
                label.setText(text, color=colour)
                renamed = True
        if renamed:  # the labels' widths changed: the legend's size follows them
            legend.updateSize()
        return False
    legend.clear()
    for item, text in entries:
        legend.addItem(item, text)
    for _sample, label in legend.items:
        label.setText(label.text, color=colour)
    return True


def fit_legend(chart, most: int = 3) -> None:
    """Lay a chart's (pyqtgraph GraphicsLayoutWidget's) legend out in as many columns (up
    to ``most``) as fit its width, then bring the chart's layout back to the view: a
    resize reaches the layout before the legend is refitted, and the layout grows to
    the legend's earlier, wider columns (it then stayed wider than the widget and
    clipped the radar's right-hand axis name)."""
    legend, width = chart.legend, chart.width()
    for columns in range(most, 0, -1):
        legend.setColumnCount(columns)
        if legend.layout.preferredWidth() <= width - 24:
            break
    chart.ci.setGeometry(chart.range)
