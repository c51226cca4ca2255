"""The review page's cards: the three case figures of the period with the change against
the previous period (the pilot's before/after table), and the selected unit's impact on
the company figure."""

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.widgets.review_labels import FIGURES, change_text, figure_text, impact_text, word

GOOD, BAD, NEUTRAL = "#2e9b57", "#d23c3c", "#5b6573"


class FigureCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        self.title = QLabel()
        self.title.setObjectName("reviewCardTitle")
        self.title.setWordWrap(True)
        self.value = QLabel()
        self.value.setObjectName("reviewCardValue")
        self.detail = QLabel()
        self.detail.setObjectName("reviewCardDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.title, self.value, self.detail):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_values(self, title: str, value: str, detail: str) -> None:
        self.title.setText(title)
        self.value.setText(value)
        self.detail.setText(detail)


class CaseFigureCards(QWidget):
    """``show(figures, previous, scope_name)`` with CaseFigures rows (None: no data)."""

    KEYS = ("latency", "consistency", "misallocation")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.cards = {key: FigureCard(self) for key in self.KEYS}
        for card in self.cards.values():
            layout.addWidget(card, 3)
        self.impact = FigureCard(self)
        self.impact.setObjectName("reviewImpactCard")
        layout.addWidget(self.impact, 5)

    def show_figures(self, current, previous, scope: str, period: str,
                     previous_period: str | None) -> None:
        for key, card in self.cards.items():
            now = _value(current, key)
            before = _value(previous, key)
            change, better = change_text(key, before, now)
            colour = NEUTRAL if better is None else (GOOD if better else BAD)
            if previous_period is None:
                detail = self.tr("{scope}, {period}").format(scope=scope, period=period)
            else:
                detail = self.tr("{scope}: {before} in {previous} → "
                            "<span style='color:{colour}'><b>{change}</b></span>").format(
                    scope=scope, before=figure_text(key, before), previous=previous_period,
                    colour=colour, change=change)
            card.show_values(word(FIGURES, key), figure_text(key, now), detail)

    def show_impact(self, unit_name: str, is_company: bool, rows: list[tuple[str, float,
                                                                             bool]]) -> None:
        """``rows``: (metric name, impact, is ratio) — share of the company's actual, or
        points the unit moves the company's ratio by."""
        if is_company:
            self.impact.show_values(self.tr("Impact on the company figure: share of its "
                                            "actual"), unit_name,
                                    self.tr("The company itself: select a region, team or "
                                       "person to see its contribution."))
            return
        cells = []
        for name, value, ratio in rows:
            if isinstance(value, float) and math.isnan(value):
                continue
            if ratio:
                cells.append(self.tr("{metric}: moves it <b>{points}</b> pts").format(
                    metric=name, points=f"{value:+.2f}"))
            else:
                cells.append(self.tr("{metric}: <b>{share}</b>").format(
                    share=f"{value:.1%}", metric=name))
        self.impact.show_values(
            self.tr("Impact on the company figure: share of its actual"), unit_name,
            "<br>".join(cells) if cells else "—")


    def show_deal(self, deal: str, owner: str, rows: list[tuple[str, float, bool]]) -> None:
        """A picked deal's impact: ``rows`` (metric name, impact, is ratio)."""
        cells = [impact_text(name, value, ratio) for name, value, ratio in rows]
        cells = [c for c in cells if c]
        self.impact.show_values(
            self.tr("Impact of the deal on the company figure"), deal,
            self.tr("Won by {owner}: {impacts}").format(owner=owner,
                                                       impacts="; ".join(cells) or "—"))


def _value(row, key: str):
    if row is None:
        return None
    return {"latency": row.latency_days, "consistency": row.consistency,
            "misallocation": row.misallocation}[key]
