"""The cascade's edges on the canvas (split from items.py, which still exports them):
the path from a parent card to a child card, and the rule label of a group of edges.

An edge's own leg (the part no sibling shares, into its child) carries two things: the
handle that moves the child under another card (an item of its own, drawn over the
labels, shown on hover or when the child is selected: see edge_drag.py; the edge keeps
it on its route), and its own rule label when its rule differs from the group's, so a rule
dropped on one edge shows where it went.
"""

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem

from desktop.canvas.items import CARD_W, DROP, EDGE, LOD_FULL, LOD_TEXT, MUTED, _Fonts, _lod
from desktop.canvas.text import rule_label

EDGE_Z, DROP_Z = 0.0, 0.5  # a highlighted edge is drawn over its siblings' shared rail
LABEL_LINE, LABEL_FILL = QColor("#d5dbe2"), QColor("#f7f9fb")

_LABEL_SIZES: dict[str, tuple[float, float]] = {}


def label_size(text: str) -> tuple[float, float]:
    """A rule label's box: wrapped to a card's width (measured once per text)."""
    if not _Fonts.ready:
        _Fonts.make()
    size = _LABEL_SIZES.get(text)
    if size is None:
        bound = QFontMetricsF(_Fonts.label).boundingRect(
            QRectF(0, 0, CARD_W - 12, 200), Qt.TextFlag.TextWordWrap, text)
        size = _LABEL_SIZES[text] = (bound.width() + 10, bound.height() + 4)
    return size


def paint_label(painter: QPainter, rect: QRectF, text: str, line: QColor = LABEL_LINE) -> None:
    painter.setPen(QPen(line, 1))
    painter.setBrush(QBrush(LABEL_FILL))
    painter.drawRoundedRect(rect, 4, 4)
    painter.setPen(MUTED)
    painter.setFont(_Fonts.label)
    painter.drawText(rect.adjusted(5, 2, -5, -2),
                     Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter, text)


def route_points(parent: QRectF, child: QRectF) -> list[QPointF]:
    """Orthogonal routes: down a rail into a stacked child's side, down and across into
    a child below, or right and across into a child to the right."""
    if child.top() > parent.bottom() and parent.left() + 8 <= child.left() <= \
            parent.left() + 40:
        x, y = parent.left() + 14, child.center().y()
        return [QPointF(x, parent.bottom()), QPointF(x, y), QPointF(child.left(), y)]
    if child.top() > parent.bottom():
        mid = parent.bottom() + (child.top() - parent.bottom()) / 2
        px, cx = parent.center().x(), child.center().x()
        return [QPointF(px, parent.bottom()), QPointF(px, mid), QPointF(cx, mid),
                QPointF(cx, child.top())]
    if child.left() > parent.right():
        mid = parent.right() + (child.left() - parent.right()) / 2
        py, cy = parent.center().y(), child.center().y()
        return [QPointF(parent.right(), py), QPointF(mid, py), QPointF(mid, cy),
                QPointF(child.left(), cy)]
    return [parent.center(), child.center()]


class EdgeItem(QGraphicsItem):
    """The path from a parent card down (or across) to a child card."""

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.path = QPainterPath()
        self.points: list[QPointF] = []
        self.grip: QGraphicsItem | None = None  # its handle, while shown (EdgeDrags)
        self.drop_target = False  # a rule template is held over it
        self.own_label = ""  # its rule, when not the one its group's label shows
        self.label_rect = QRectF()
        self._parent_size = (0.0, 0.0)
        self.setZValue(EDGE_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)

    def route(self, parent: QRectF, child: QRectF) -> None:
        self.prepareGeometryChange()
        self.points = route_points(parent, child)
        self._parent_size = (parent.width(), parent.height())
        path = QPainterPath(self.points[0])
        for point in self.points[1:]:
            path.lineTo(point)
        self.path = path
        self._place_label()
        if self.grip is not None:
            self.grip.setPos(self.handle_point())

    def own_leg(self) -> tuple[QPointF, QPointF] | None:
        """The part of the route its siblings do not share (they share the rail)."""
        if not self.points:
            return None
        return (self.points[-2], self.points[-1]) if len(self.points) > 2 else \
            (self.points[0], self.points[1])

    def handle_point(self) -> QPointF | None:
        """Where the own leg leaves the parent's rail (the edge's parent end, as far as
        it is this edge's alone); where a straight edge leaves the parent's card."""
        leg = self.own_leg()
        if leg is None:
            return None
        if len(self.points) > 2:
            return leg[0]
        (start, end), (w, h) = leg, self._parent_size
        dx, dy = end.x() - start.x(), end.y() - start.y()
        t = min(w / 2 / abs(dx) if dx else 1.0, h / 2 / abs(dy) if dy else 1.0, 0.5)
        return QPointF(start.x() + t * dx, start.y() + t * dy)

    @property
    def hot(self) -> bool:
        """Hovered, or its child selected: its handle shows."""
        return self.grip is not None

    def set_drop_target(self, on: bool) -> None:
        if self.drop_target != on:
            self.drop_target = on
            self.setZValue(DROP_Z if on else EDGE_Z)
            self.update()

    def set_own_label(self, text: str) -> None:
        if text != self.own_label:
            self.prepareGeometryChange()
            self.own_label = text
            self._place_label()
            self.update()

    def _place_label(self) -> None:
        """Beside the own leg, clear of the child card and of the parent's rail."""
        leg = self.own_leg()
        if not self.own_label or leg is None:
            self.label_rect = QRectF()
            return
        w, h = label_size(self.own_label)
        start, end = leg
        if len(self.points) == 4 and start.x() == end.x():  # down into the child's top
            rect = QRectF(end.x() - w / 2, end.y() - h - 3, w, h)
        elif len(self.points) == 4:  # across into the child's side (left-right layout)
            rect = QRectF(end.x() - 4 - w, end.y() - h - 3, w, h)
        elif len(self.points) == 3:  # a stacked column: left of the rail
            rect = QRectF(start.x() - 6 - w, end.y() - h / 2, w, h)
        else:
            middle = (start + end) / 2
            rect = QRectF(middle.x() - w / 2, middle.y() - h / 2, w, h)
        self.label_rect = rect

    def boundingRect(self) -> QRectF:
        return self.path.boundingRect().adjusted(-3, -3, 3, 3).united(self.label_rect)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(self.path)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        lod = _lod(painter)
        pen = QPen(DROP, 3.0) if self.drop_target else QPen(EDGE, 1.4)
        pen.setCosmetic(lod < LOD_TEXT)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        if self.own_label and lod >= LOD_FULL:
            paint_label(painter, self.label_rect, self.own_label,
                        DROP if self.drop_target else LABEL_LINE)


class RuleLabelItem(QGraphicsItem):
    """The rule of a group of edges (e.g. "70% · competition intensity, customer
    density"), drawn once under the parent; edges with another rule get their own."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.text = ""
        self.tooltip = ""
        self.rect = QRectF()
        self.setZValue(2)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_text(self, text: str, tooltip: str, anchor: QPointF, centred: bool) -> None:
        if self.text != text:
            self.text = text
            self.tooltip = tooltip
            self.update()
        w, h = label_size(text)
        if self.rect != QRectF(0, 0, w, h):
            self.prepareGeometryChange()
            self.rect = QRectF(0, 0, w, h)
        self.setPos(anchor.x() - (w / 2 if centred else 0), anchor.y())
        self._label_odd_edges()

    def _label_odd_edges(self) -> None:
        """The scene relabels a group whenever a rule, an edge or the group changes:
        then each edge whose rule reads otherwise than this label shows its own."""
        scene = self.scene()
        edges = getattr(scene, "edges", None)
        if edges is None:
            return
        design = scene.design
        texts: dict[str, str] = {}
        for child in design.children(self.key):
            edge = edges.get(child)
            if edge is None:
                continue
            rule = design.rule_of(child)
            if rule is None:
                edge.set_own_label("")
                continue
            own = texts.get(rule.id)
            if own is None:
                own = texts[rule.id] = rule_label(rule)
            edge.set_own_label("" if own == self.text else own)

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if _lod(painter) < LOD_FULL or not self.text:
            return
        paint_label(painter, self.rect, self.text)
