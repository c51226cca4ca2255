"""The canvas items: a card per target node, a path per cascade edge, a rule label per
sibling group. Items are keyed by node id and read what they show from the model
(``CascadeDesign.card``) when they paint; they hold no numbers of their own.

Level of detail: below LOD_TEXT a card is a coloured box, below LOD_FULL it shows only
the unit's name (large); edge labels appear at LOD_FULL. Cards paint into a
device-coordinate cache, so panning and repaints of neighbours cost a blit.
"""

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem

from desktop.canvas.text import (  # noqa: F401 (re-exported: the cards' words)
    compact,
    factor_label,
    problem_title,
    rule_label,
    short_name,
)
from desktop.canvas.unit_kinds import kind_label

CARD_W, CARD_H = 172.0, 92.0
LOD_FULL, LOD_TEXT = 0.5, 0.22
TOGGLE_R = 7.0
STACK = 4.0  # an aggregate card (a collapsed subtree) shows a stack of cards behind it

METRIC_COLOURS = ("#1f5fbf", "#2a9d8f", "#e9a23b", "#8e5bb5", "#d0453a", "#5b6573")
INK, MUTED, BORDER = QColor("#1d2530"), QColor("#5b6573"), QColor("#c3ccd6")
SELECTED, PROBLEM, DROP = QColor("#1f5fbf"), QColor("#c8372d"), QColor("#2a9d8f")
UP, DOWN = QColor("#1e8e4e"), QColor("#c46a12")
EDGE = QColor("#8a96a3")
# the stripe at a card's left: its key metric's pace (the review's greens and reds)
STATUS_COLOURS = {"on_track": "#2e9b57", "at_risk": "#e0a21b", "off_track": "#d23c3c",
                  "outdated": "#9aa4af"}
NO_STATUS = "#d5dbe2"


class _Fonts:
    """Fonts are made once a QApplication exists (first paint), then shared."""

    ready = False

    @classmethod
    def make(cls) -> None:
        base = QFont()
        cls.name = QFont(base)
        cls.name.setPointSizeF(9.5)
        cls.name.setBold(True)
        cls.small = QFont(base)
        cls.small.setPointSizeF(7.5)
        cls.value = QFont(base)
        cls.value.setPointSizeF(9.5)
        cls.value.setBold(True)
        cls.computing = QFont(base)
        cls.computing.setPointSizeF(8.5)
        cls.computing.setItalic(True)
        cls.big = QFont(base)
        cls.big.setPixelSize(30)
        cls.big.setBold(True)
        cls.label = QFont(base)
        cls.label.setPointSizeF(7.5)
        cls.name_metrics = QFontMetricsF(cls.name)
        cls.small_metrics = QFontMetricsF(cls.small)
        cls.big_metrics = QFontMetricsF(cls.big)
        cls.ready = True


def _lod(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


class NodeItem(QGraphicsItem):
    def __init__(self, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.drop_target = False
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsSelectable | flags.ItemIsMovable
                      | flags.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, CARD_W + 6 + STACK, CARD_H + TOGGLE_R + 6)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(0, 0, CARD_W, CARD_H + TOGGLE_R))
        return path

    def toggle_rect(self) -> QRectF:
        return QRectF(CARD_W / 2 - TOGGLE_R, CARD_H - TOGGLE_R, 2 * TOGGLE_R, 2 * TOGGLE_R)

    def card(self):
        return self.scene().design.card(self.node_id)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene():
            self.scene().node_item_moved(self)
        return super().itemChange(change, value)

    def mousePressEvent(self, event) -> None:
        card = self.card()
        if card.children and self.toggle_rect().contains(event.pos()):
            self.scene().toggle_collapsed(self.node_id)
            event.accept()
            return
        super().mousePressEvent(event)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not _Fonts.ready:
            _Fonts.make()
        card = self.card()
        lod = _lod(painter)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = QRectF(0, 0, CARD_W, CARD_H)
        border = (DROP if self.drop_target else SELECTED if selected
                  else PROBLEM if card.problems else BORDER)
        fill = QColor("#ffffff")
        if card.delta is not None:
            fill = QColor("#eaf6ee") if card.delta > 0 else QColor("#fbf0e4")
        if lod < LOD_TEXT:  # a box: colour only
            painter.fillRect(rect, border if (selected or card.problems) else fill)
            painter.fillRect(QRectF(0, 0, 8, CARD_H), self._stripe(card))
            return
        width = 3.0 if (selected or self.drop_target) else 1.6 if card.problems else 1.0
        if card.below:
            painter.setPen(QPen(BORDER, 1))
            painter.setBrush(QColor("#eef2f6"))
            painter.drawRoundedRect(rect.translated(STACK, STACK * 0.75), 6, 6)
            painter.drawRoundedRect(rect.translated(STACK / 2, STACK * 0.375), 6, 6)
        painter.setPen(QPen(border, width))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 6, 6)
        painter.fillRect(QRectF(1, 6, 4, CARD_H - 12), self._stripe(card))
        if card.children:
            self._paint_toggle(painter, card)
        if lod < LOD_FULL:  # the name only, large enough to read at this zoom
            painter.setFont(_Fonts.big)
            painter.setPen(INK)
            painter.drawText(QRectF(12, 4, CARD_W - 18, CARD_H - 8),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                             | Qt.TextFlag.TextWordWrap, short_name(card.name))
            return
        self._paint_full(painter, card)

    def _stripe(self, card) -> QColor:
        return QColor(STATUS_COLOURS.get(card.status or "", NO_STATUS))

    def _paint_toggle(self, painter: QPainter, card) -> None:
        r = self.toggle_rect()
        painter.setPen(QPen(BORDER, 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(r)
        painter.setPen(QPen(MUTED, 1.4))
        c = r.center()
        painter.drawLine(QPointF(c.x() - 3.5, c.y()), QPointF(c.x() + 3.5, c.y()))
        if card.collapsed:
            painter.drawLine(QPointF(c.x(), c.y() - 3.5), QPointF(c.x(), c.y() + 3.5))
            painter.setFont(_Fonts.small)
            painter.drawText(QRectF(r.right() + 3, r.top() - 2, 60, r.height() + 4),
                             Qt.AlignmentFlag.AlignVCenter, f"+{card.children}")

    def _paint_full(self, painter: QPainter, card) -> None:
        left, inner = 12.0, CARD_W - 20.0
        badges = self._paint_badges(painter, card)
        painter.setFont(_Fonts.name)
        painter.setPen(INK)
        name = _Fonts.name_metrics.elidedText(card.name, Qt.TextElideMode.ElideRight,
                                              inner - badges)
        painter.drawText(QRectF(left, 7, inner - badges, 18), Qt.AlignmentFlag.AlignVCenter,
                         name)
        painter.setFont(_Fonts.small)
        painter.setPen(MUTED)
        painter.drawText(QRectF(left, 25, inner, 14), Qt.AlignmentFlag.AlignVCenter,
                         f"{kind_label(card.kind)} · {card.code}")
        # the metric weights as one stacked bar
        x, bar_y = left, 44.0
        if card.computing:  # the bar's place, empty until the weights are computed
            painter.fillRect(QRectF(left, bar_y, inner, 5), QColor("#e6eaef"))
        total = sum(w for w in card.weights if w == w and w > 0) or 1.0
        for k, w in enumerate(card.weights):
            if not (w == w and w > 0):
                continue
            span = inner * w / total
            painter.fillRect(QRectF(x, bar_y, max(span - 1, 0.5), 5),
                             QColor(METRIC_COLOURS[k % len(METRIC_COLOURS)]))
            x += span
        painter.setFont(_Fonts.small)
        painter.setPen(MUTED)
        label = _Fonts.small_metrics.elidedText(short_name(card.key_label),
                                                Qt.TextElideMode.ElideRight, inner * 0.5)
        painter.drawText(QRectF(left, 56, inner, 14), Qt.AlignmentFlag.AlignVCenter, label)
        if card.computing:  # a large cascade opening: its figures are on their way
            painter.setFont(_Fonts.computing)
            painter.setPen(MUTED)
            painter.drawText(QRectF(left, 54, inner, 18),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             QCoreApplication.translate("CascadeCanvas", "computing…"))
        else:
            painter.setFont(_Fonts.value)
            painter.setPen(INK)
            painter.drawText(QRectF(left, 54, inner, 18),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             compact(card.key_value, card.key_unit))
        if card.below:
            self._paint_aggregate(painter, card, left, inner)
        if card.delta is None and card.health is not None:
            painter.setFont(_Fonts.small)
            painter.setPen(MUTED)
            painter.drawText(QRectF(left, 71, inner, 14),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             QCoreApplication.translate("CascadeCanvas", "Health {score}")
                             .format(score=f"{card.health:.0f}"))
        if card.delta is not None:
            painter.setFont(_Fonts.small)
            painter.setPen(UP if card.delta > 0 else DOWN)
            arrow = "▲" if card.delta > 0 else "▼"
            text = f"{arrow} {abs(card.delta) * 100:.1f}%" if math.isfinite(card.delta) \
                else arrow
            painter.drawText(QRectF(left, 71, inner, 14),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)

    def _paint_aggregate(self, painter: QPainter, card, left: float, inner: float) -> None:
        """What a collapsed subtree holds: its units, and how many fail a check."""
        painter.setFont(_Fonts.small)
        painter.setPen(MUTED)
        text = QCoreApplication.translate("CascadeCanvas", "{count} units below").format(
            count=f"{card.below:,}")
        if card.problems_below:
            painter.setPen(PROBLEM)
            text += " · " + QCoreApplication.translate(
                "CascadeCanvas", "{count} with problems").format(
                count=f"{card.problems_below:,}")
        painter.drawText(QRectF(left, 71, inner * 0.7, 14), Qt.AlignmentFlag.AlignVCenter,
                         text)

    def _paint_badges(self, painter: QPainter, card) -> float:
        """Lock, manual target and problem badges at the top right; returns their width."""
        x = CARD_W - 10
        if card.problems:
            x -= 15
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PROBLEM)
            painter.drawEllipse(QRectF(x, 9, 14, 14))
            painter.setPen(QColor("#ffffff"))
            painter.setFont(_Fonts.value)
            painter.drawText(QRectF(x, 9, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")
        elif card.problems_below:  # an aggregate: a problem somewhere below
            x -= 15
            painter.setPen(QPen(PROBLEM, 1.4))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QRectF(x, 9, 14, 14))
            painter.setPen(PROBLEM)
            painter.setFont(_Fonts.value)
            painter.drawText(QRectF(x, 9, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")
        if card.locked:
            x -= 15
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(MUTED, 1.5))
            painter.drawArc(QRectF(x + 3.5, 8, 7, 8), 0, 180 * 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(MUTED)
            painter.drawRoundedRect(QRectF(x + 2, 12.5, 10, 8.5), 1.5, 1.5)
        if card.manual:
            x -= 15
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e9a23b"))
            painter.drawRoundedRect(QRectF(x + 1, 10, 12, 12), 2, 2)
            painter.setPen(QColor("#ffffff"))
            painter.setFont(_Fonts.small)
            painter.drawText(QRectF(x + 1, 10, 12, 12), Qt.AlignmentFlag.AlignCenter, "M")
        return CARD_W - 10 - x


class OverviewItem(QGraphicsItem):
    """The whole cascade in a few batched draw calls, shown instead of the cards when
    zoomed out below LOD_TEXT (semantic zoom): 10 000 cards cost what one item costs.
    The scene hands it rectangles by colour and edge segments when they change."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)
        self.bounds = QRectF()
        self.boxes: dict[str, list[QRectF]] = {}
        self.lines: list = []

    def set_geometry(self, boxes: dict[str, list[QRectF]], lines: list,
                     bounds: QRectF) -> None:
        self.prepareGeometryChange()
        self.boxes, self.lines, self.bounds = boxes, lines, bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self.bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        pen = QPen(EDGE, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(self.lines)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, rects in self.boxes.items():
            painter.setBrush(QColor(colour))
            painter.drawRects(rects)


_EDGE_NAMES = ("EdgeItem", "RuleLabelItem", "route_points")


def __getattr__(name: str):
    """The edge items live in edge_items.py, which imports this module's look (fonts,
    colours, sizes): fetched on first use, so either module can be imported first."""
    if name in _EDGE_NAMES:
        from desktop.canvas import edge_items

        return getattr(edge_items, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
