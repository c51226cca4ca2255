"""The monthly review page (SPEC §2 executive, §6, §8; issue 6): a unit tree and a month
picker; the three case figures against the previous period and the unit's impact on the
company figure; the unit's health radar next to its parent's and the regions' radar; the
weekly trend against plan; the open alerts with their action packs and the "what must I
do now" queue.

The review is loaded once (``ReviewLoader``, on the document's worker thread); picking a
unit or a month only slices the loaded arrays and updates the charts' items in place.
"""

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.charts.radar import RadarChart, RadarSeries
from desktop.charts.trend import AlertMarks, TrendChart
from desktop.document import problem_text
from desktop.document_review import ReviewLoader
from desktop.widgets.org_tree import NAME, OrgTreeModel
from desktop.widgets.review_alerts import AlertPanel, HistoryLoader, QueuePanel
from desktop.widgets.review_cards import CaseFigureCards
from desktop.widgets.review_deals import DealsPanel
from desktop.widgets.review_labels import dimension_labels
from desktop.widgets.review_months import fill_month_box, month_to_draw, show_alerts_and_queue


class ReviewPage(QWidget):
    refreshed = Signal()  # after every redraw (tests and benchmarks wait on it)

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.document = document
        self.loader = ReviewLoader(document, self)
        self.data: Any = None
        self.unit = 0
        self.month: str | None = None
        self._awaited: str | None = None  # a month picked, of a period still loading
        self._regions_month: str | None = None
        self.theme_name = "light"
        self.export: Any = None  # the PDF export under way (review_export.PdfExport)
        self.progress_dialog: Any = None

        self.unit_label = QLabel()
        self.unit_label.setObjectName("reviewUnit")
        self.month_label = QLabel()
        self.month_box = QComboBox()
        self.month_box.setObjectName("reviewMonth")
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("reviewTheme")
        self.png_button = QToolButton()
        self.png_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.png_menu = QMenu(self)
        self.png_button.setMenu(self.png_menu)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("exportPdfButton")
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        top = QHBoxLayout()
        top.addWidget(self.unit_label, 1)
        top.addWidget(self.status)
        top.addWidget(self.month_label)
        top.addWidget(self.month_box)
        top.addWidget(self.theme_box)
        top.addWidget(self.png_button)
        top.addWidget(self.pdf_button)

        self.tree_model = OrgTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("reviewTree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderHidden(True)
        for column in range(1, self.tree_model.columnCount()):
            self.tree.hideColumn(column)
        self.cards = CaseFigureCards()
        self.unit_radar = RadarChart()
        self.region_radar = RadarChart()
        self.trend = TrendChart()
        self.alerts = AlertPanel()
        self.queue = QueuePanel()
        self.history = HistoryLoader(document, self)  # of the alerts, for past months
        self.history.ready.connect(self.redraw)
        self.deals = DealsPanel()
        self.unit_radar_title, self.region_radar_title, self.trend_title = (
            QLabel(), QLabel(), QLabel())
        for label in (self.unit_radar_title, self.region_radar_title, self.trend_title):
            label.setObjectName("sectionHeading")
        for chart in (self.unit_radar, self.region_radar, self.trend):
            chart.setMinimumSize(220, 200)
        self.cards.setMinimumHeight(132)

        charts = QSplitter(Qt.Orientation.Horizontal)
        for title, chart, stretch in ((self.unit_radar_title, self.unit_radar, 3),
                                      (self.region_radar_title, self.region_radar, 3),
                                      (self.trend_title, self.trend, 5)):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(title)
            column.addWidget(chart, 1)
            charts.addWidget(box)
            charts.setStretchFactor(charts.count() - 1, stretch)
        charts.setSizes([270, 320, 470])
        charts.setChildrenCollapsible(False)
        lists = QSplitter(Qt.Orientation.Horizontal)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.queue)
        side.addWidget(self.deals)
        side.setChildrenCollapsible(False)
        lists.addWidget(self.alerts)
        lists.addWidget(side)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.cards)
        body.addWidget(charts)
        body.addWidget(lists)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 5)
        body.setStretchFactor(2, 3)
        body.setChildrenCollapsible(False)
        body.setSizes([132, 316, 236])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.tree)
        main.addWidget(body)
        main.setStretchFactor(0, 0)
        main.setStretchFactor(1, 1)
        main.setSizes([200, 1060])
        self.splitter = main
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(main, 1)

        self.loader.loaded.connect(self.show_review)
        self.loader.failed.connect(self._failed)
        self.loader.busyChanged.connect(self._busy)
        self.tree.selectionModel().currentChanged.connect(self._tree_changed)
        self.month_box.currentIndexChanged.connect(self._month_changed)
        self.theme_box.currentIndexChanged.connect(self._theme_changed)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.alerts.acknowledgeRequested.connect(self.loader.acknowledge)
        self.alerts.actionRequested.connect(self.loader.record_action)
        self.deals.dealPicked.connect(self.show_deal)
        self.retranslate()

    # --- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        summary = self.document.summary
        if summary is None:
            return
        self.loader.load()  # first: the worker reads while the unit tree is built here
        if self.tree_model.rowCount() == 0 or self.data is None:
            self.tree_model.set_outline(summary.org)
            self.tree.expand(self.tree_model.index(0, 0))

    def show_review(self, data: Any) -> None:
        first = self.data is None or data.path != self.data.path
        self.data = data
        if first:
            self.tree_model.set_outline(self.document.summary.org)
            root = self.tree_model.index(0, 0)
            self.tree.expand(root)
            self.unit = 0
            self.month = self._awaited = None  # the latest month
            self.tree.setCurrentIndex(root)
        self.month, self._awaited = month_to_draw(self._awaited or self.month, data.months,
                                                  bool(data.pending))
        fill_month_box(self.month_box, data.months, self.month)
        self._regions_month = None
        if data.pending or self.status.text() == self._earlier_text():
            self.status.setText(self._earlier_text() if data.pending else "")
        self.redraw()

    def _earlier_text(self) -> str:
        return self.tr("Loading earlier months…")

    def _failed(self, job: str, exc: BaseException) -> None:
        self.status.setText(self.tr("Could not load the review: {problem}").format(
            problem=problem_text(exc)) if job == "load" else self.tr(
            "Could not record it: {problem}").format(problem=problem_text(exc)))

    def _busy(self, busy: bool) -> None:
        self.status.setText(self.tr("Loading…") if busy else "")
        self.alerts.set_busy(busy)

    # --- selection --------------------------------------------------------------------
    def select_unit(self, code: str) -> None:
        """Select a unit by code (as a click in the tree does)."""
        columns = self.tree_model._outline.columns
        unit = list(columns.code).index(code)
        chain = []
        while unit >= 0:
            chain.append(unit)
            unit = columns.parent_index[unit]
        index = QModelIndex()
        for unit in reversed(chain):
            index = self.tree_model.index(self.tree_model._outline.row[unit], NAME, index)
            self.tree.expand(index)
        self.tree.setCurrentIndex(index)

    def select_month(self, month: str) -> None:
        self.month_box.setCurrentIndex(self.month_box.findText(month))

    def _tree_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.data is None or not current.isValid():
            return
        code = self.tree_model._outline.columns.code[self.tree_model.unit_at(current)]
        row = self.data.row_of_code.get(code)
        if row is not None and row != self.unit:
            self.unit = row
            self.redraw()

    def _month_changed(self, index: int) -> None:
        if self.data is None or index < 0:
            return
        self.month, self._awaited = self.month_box.itemText(index), None
        self.redraw()

    def _theme_changed(self, index: int) -> None:
        self.theme_name = "dark" if index == 1 else "light"
        for chart in (self.unit_radar, self.region_radar, self.trend):
            chart.set_theme(self.theme_name)

    # --- drawing ----------------------------------------------------------------------
    def redraw(self) -> None:
        d = self.data
        if d is None or self.month is None:
            return
        u = self.unit
        p_i, k = d.month_at(self.month)
        period = d.periods[p_i]
        previous = d.periods[p_i - 1] if p_i > 0 else None
        chain = [d.names[int(a)] for a in d.ancestors[u][::-1] if a >= 0]
        self.unit_label.setText(" › ".join(chain))
        # cards: the case figures of the unit's region (the company's above)
        current = d.figures_of(period.code, u)
        before = d.figures_of(previous.code, u) if previous is not None else None
        scope = current.region_name if current is not None else d.names[0]
        self.cards.show_figures(current, before, scope, period.code,
                                previous.code if previous is not None else None)
        self.cards.show_impact(d.names[u], u == 0, [
            (name, float(period.impact[u, j]), bool(period.ratio[j]))
            for j, name in enumerate(period.metric_names)])
        # the unit's health next to its parent's
        parent = int(d.parent[u])
        self.unit_radar.set_data([RadarSeries(d.names[u], period.health[k, u])],
                                 RadarSeries(d.names[parent], period.health[k, parent])
                                 if parent >= 0 else None)
        self.unit_radar_title.setText(self.tr("Health {month}, overall {score}")
                                      .format(month=self.month,
                                              score=_score(period.overall[k, u])))
        if self._regions_month != self.month:
            regions = d.regions()
            self.region_radar.set_data(
                [RadarSeries(d.names[r], period.health[k, r]) for r in regions],
                RadarSeries(d.names[0], period.health[k, 0]))
            self._regions_month = self.month
        # trend of the period, the month shaded, the unit's own alerts marked
        self.trend.set_weeks(period.week_labels)
        self.trend.set_band(period.threshold)
        weeks = [w for w, m in enumerate(period.week_month) if m == self.month]
        self.trend.set_highlight(weeks[0] if weeks else 0, weeks[-1] if weeks else -1)
        values = period.achievement[:, u, :]
        self.trend.set_data(period.metric_names, [values[:, j] for j in
                                                  range(values.shape[1])])
        self.trend.set_alerts(_marks(period, u, values), self.tr("alert raised"),
                              self.tr("alert resolved"))
        self.trend_title.setText(self.tr("Weekly achievement against plan, {period}")
                                 .format(period=period.code))
        show_alerts_and_queue(self.alerts, self.queue, self.history, d, u, period, self.month)
        if period.deals is not None:
            self.deals.show_deals(period, d.in_subtree(period.deals.owner_row, u), d.names)
        self.refreshed.emit()

    def show_deal(self, deal: int) -> None:
        """The impact card shows a picked deal's impact (-1: back to the unit's)."""
        d = self.data
        if d is None or self.month is None:
            return
        period = d.periods[d.month_at(self.month)[0]]
        deals = period.deals
        if deal < 0 or deals is None:
            u = self.unit
            self.cards.show_impact(d.names[u], u == 0, [
                (name, float(period.impact[u, j]), bool(period.ratio[j]))
                for j, name in enumerate(period.metric_names)])
            return
        owner = int(deals.owner_row[deal])
        self.cards.show_deal(deals.names[deal], d.names[owner] if owner >= 0 else "—", [
            (name, float(deals.impact[deal, j]), bool(period.ratio[j]))
            for j, name in enumerate(period.metric_names)])

    # --- export -----------------------------------------------------------------------
    def charts(self) -> dict[str, QWidget]:
        return {self.tr("Unit health radar"): self.unit_radar,
                self.tr("Regions health radar"): self.region_radar,
                self.tr("Trend"): self.trend}

    def _rebuild_png_menu(self) -> None:
        self.png_menu.clear()
        for name, chart in self.charts().items():
            self.png_menu.addAction(name, lambda c=chart, n=name: self.save_png(c, n))

    def save_png(self, chart: Any, name: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Chart as PNG"),
                                              str(Path.home() / f"{name}.png"),
                                              self.tr("PNG images (*.png)"))
        if path and not chart.save_png(path):
            self.status.setText(self.tr("Could not write {path}").format(path=path))

    def export_pdf(self) -> None:
        if self.data is None:
            return
        suggestion = Path.home() / f"review-{self.month}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Monthly Review"),
                                              str(suggestion), self.tr("PDF files (*.pdf)"))
        if path:
            self.write_pdf(Path(path))

    def write_pdf(self, path: Path) -> Any:
        """Export to ``path`` off the GUI thread with a progress dialog and Cancel; the
        ``PdfExport`` (its ``finished``/``failed``/``cancelled`` signals)."""
        from desktop.widgets.review_export import start_export

        if self.export is None or self.export.done:
            self.export, self.progress_dialog = start_export(self, Path(path))
        return self.export

    # --- language ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self.month_label.setText(self.tr("Month:"))
        self.pdf_button.setText(self.tr("Export PDF…"))
        self.png_button.setText(self.tr("Save chart as PNG"))
        self.theme_box.blockSignals(True)
        self.theme_box.clear()
        self.theme_box.addItems([self.tr("Light charts"), self.tr("Dark charts")])
        self.theme_box.setCurrentIndex(1 if self.theme_name == "dark" else 0)
        self.theme_box.blockSignals(False)
        self.region_radar_title.setText(self.tr("Health of the regions"))
        self._rebuild_png_menu()
        labels = dimension_labels()
        self.unit_radar.set_axes(labels)
        self.region_radar.set_axes(labels)
        self.alerts.retranslate()
        self.queue.retranslate()
        self.deals.retranslate()
        self.tree_model.retranslate()
        self._regions_month = None
        self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _score(x: float) -> str:
    return "—" if np.isnan(x) else f"{x:.0f}"


def _marks(period: Any, u: int, values: np.ndarray) -> AlertMarks:
    mine = period.alert_row == u
    metric = period.alert_metric[mine]
    raised = period.alert_raised[mine]
    resolved = period.alert_resolved[mine]
    ok = (raised >= 0) & (metric >= 0)
    done = ok & (resolved >= 0)
    return AlertMarks(raised[ok].astype(float), values[raised[ok], metric[ok]],
                      resolved[done].astype(float), values[resolved[done], metric[done]])
