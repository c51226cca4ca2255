"""The review page's deals: the won deals of the selected unit's subtree with the largest
impact on the company figure (``services.deal_impact``); picking one shows its impact on
the impact card ("this deal moved the high-margin share by +0.03 points")."""

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.widgets.review_alerts import RowsModel, _table

TOP = 8


class DealsPanel(QWidget):
    """``show_deals(period, rows, names)``; ``dealPicked(deal index)`` (-1: none)."""

    dealPicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.model = RowsModel(self)
        self.view = _table(self, self.model, "reviewDeals")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentRowChanged.connect(self._picked)
        self._metric = ""
        self._count = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.model.set_headers([self.tr("Deal"), self.tr("Owner"), self.tr("Amount"),
                                self.tr("Impact")])
        self._heading()

    def _heading(self) -> None:
        self.heading.setText(self.tr("Won deals by impact on {metric} ({count})").format(
            metric=self._metric or "—", count=self._count))

    def show_deals(self, period: Any, inside: np.ndarray, names: list[str]) -> None:
        """The top deals among ``inside`` (bool mask over the period's deals)."""
        deals = period.deals
        ratio = np.flatnonzero(period.ratio)
        column = int(ratio[0]) if len(ratio) else None
        self._metric = period.metric_names[column] if column is not None else ""
        rows, payload = [], []
        if deals is not None and len(deals):
            picked = deals.top(inside, TOP)
            self._count = int(inside.sum())
            for i in picked.tolist():
                owner = int(deals.owner_row[i])
                value = float(deals.impact[i, column]) if column is not None else math.nan
                rows.append([deals.names[i], names[owner] if owner >= 0 else "—",
                             f"{deals.amount[i]:,.0f}",
                             "—" if math.isnan(value) else self.tr("{points} pts").format(
                                 points=f"{value:+.2f}")])
                payload.append(i)
        else:
            self._count = 0
        self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows, payload)
        self.view.selectionModel().blockSignals(False)
        self.view.resizeColumnToContents(2)
        self._heading()

    def _picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        self.dealPicked.emit(self.model.payload[row] if 0 <= row < len(self.model.payload)
                             else -1)

    def pick(self, row: int) -> None:
        self.view.selectRow(row)
