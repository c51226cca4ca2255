"""Structure edits by dragging an edge end or a card's port (issue 5), driven by the view.

- The handle on an edge's own leg (shown on hover, and for the selected card's edge)
  dragged onto another card moves the child, with its subtree, under that card. A drop
  that would make a loop is refused with a message; a drop on empty canvas (or Escape)
  cancels.
- The port at a card's bottom dragged onto a card without a parent connects that card
  under it. A card that already has a parent is refused: its edge is what moves it.

Either is one ``MoveUnderCommand``, which also moves the cards when no clear edge could
be drawn to where they are (beside or above the new parent, or behind other cards).
A dashed line follows the pointer, the card under it is highlighted, and the line turns
red over a card the drop would be refused on. Hit areas are in screen pixels (edges are
thin at any zoom). Hit tests also serve the rule drops (``edge_at``).
"""

import math
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem
from shiboken6 import isValid

from desktop.canvas.edge_items import route_points
from desktop.canvas.items import CARD_H, CARD_W, DROP, LOD_TEXT, PROBLEM, SELECTED, NodeItem
from desktop.commands.cascade_edges import MoveUnderCommand

translate = QCoreApplication.translate

HIT_PX = 8.0  # how near (screen pixels) a press must be to a handle or a port
NEAR_PX = 12.0  # how near a held rule template must be to an edge to drop on it
PORT = QPointF(CARD_W - 18, CARD_H)  # a card's port, in the card's coordinates
PORT_R = 5.5
HANDLE_R = 5.0


def _segment_distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx
                                                   + (p.y() - a.y()) * dy) / length))
    return math.hypot(p.x() - a.x() - t * dx, p.y() - a.y() - t * dy)


def _path_distance(p: QPointF, points: list[QPointF]) -> float:
    return min((_segment_distance(p, a, b) for a, b in pairwise(points)),
               default=math.inf)


def _items_near(scene, point: QPointF, radius: float):
    return scene.items(QRectF(point.x() - radius, point.y() - radius, 2 * radius, 2 * radius))


def edge_at(scene, point: QPointF, radius: float):
    """The edge within ``radius`` of ``point``. Siblings share their parent's rail, so
    of the edges that pass near, the one whose own leg is nearest."""
    best, best_distance = None, math.inf
    for item in _items_near(scene, point, radius):
        if not (hasattr(item, "own_leg") and item.isVisible() and item.points):
            continue
        if _path_distance(point, item.points) > radius:
            continue
        distance = _segment_distance(point, *item.own_leg())
        if distance < best_distance:
            best, best_distance = item, distance
    return best


def handle_at(scene, point: QPointF, radius: float):
    """The edge whose handle is within ``radius`` of ``point`` (the nearest)."""
    best, best_distance = None, radius
    for item in _items_near(scene, point, radius):
        if hasattr(item, "handle_point") and item.isVisible():
            handle = item.handle_point()
            if handle is not None:
                distance = QLineF(handle, point).length()
                if distance <= best_distance:
                    best, best_distance = item, distance
    return best


def port_at(scene, point: QPointF, radius: float) -> NodeItem | None:
    for item in _items_near(scene, point, radius):
        if isinstance(item, NodeItem) and item.isVisible() and \
                QLineF(item.pos() + PORT, point).length() <= radius:
            return item
    return None


def card_at(scene, point: QPointF) -> NodeItem | None:
    for item in scene.items(point):
        if isinstance(item, NodeItem) and item.isVisible():
            return item
    return None


class PortItem(QGraphicsItem):
    """The port drawn on the hovered (or selected) card: one item, moved from card to
    card as a child of the card (so it follows a drag and goes when the card goes)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view handles presses
        self.setPos(PORT)
        self.setZValue(1)

    def boundingRect(self) -> QRectF:
        r = PORT_R + 1.5
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(QPen(SELECTED, 1.5))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QPointF(0, 0), PORT_R, PORT_R)
        painter.setPen(QPen(SELECTED, 1.4))
        painter.drawLine(QPointF(-2.5, 0), QPointF(2.5, 0))
        painter.drawLine(QPointF(0, -2.5), QPointF(0, 2.5))


class HandleItem(QGraphicsItem):
    """The grip on a hovered or selected edge, where its own leg leaves the parent's
    rail; above the cards and labels (the group's label can sit on that spot)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view handles presses
        self.setZValue(3)

    def boundingRect(self) -> QRectF:
        r = HANDLE_R + 1.5
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(QPen(SELECTED, 1.6))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QPointF(0, 0), HANDLE_R, HANDLE_R)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SELECTED)
        painter.drawEllipse(QPointF(0, 0), 2.0, 2.0)


class EdgeDrags(QObject):
    """The view's gestures on edge handles and ports (see the module's text)."""

    def __init__(self, view, scene) -> None:
        super().__init__(view)
        self.view, self.scene = view, scene
        self.port: PortItem | None = None
        self.line: QGraphicsLineItem | None = None
        self._hover_edge = self._selected_edge = None
        self._hot: list = []  # the edges showing a handle
        self._hover_card = None
        self._cursor = False
        # a gesture: ("edge", child id) or ("port", parent id), from a scene point
        self.gesture: tuple[str, str] | None = None
        self._origin = QPointF()
        self._target: NodeItem | None = None
        scene.selectionChanged.connect(self._selection_changed)
        design = getattr(scene, "design", None)
        if design is not None:  # an edge or card that went takes its handle with it
            for signal in (design.edgeRemoved, design.nodeRemoved, design.loaded):
                signal.connect(self._prune)

    # --- what is shown --------------------------------------------------------------
    def _live(self, item) -> bool:
        return item is not None and isValid(item) and item.scene() is self.scene

    def _radius(self, pixels: float) -> float:
        return pixels / max(self.view.transform().m11(), 1e-6)

    def _usable(self) -> bool:
        return (isValid(self.scene) and getattr(self.scene, "design", None) is not None
                # (not while a large cascade loads: a drag would be an edit of it)
                and self.scene.design.is_editable
                and not getattr(self.scene, "overview_on", False)
                and self.view.transform().m11() >= LOD_TEXT)

    def _set_edges(self, hover, selected) -> None:
        wanted = [e for e in (hover, selected) if self._live(e)]
        for edge in [e for e in self._hot if e not in wanted]:
            self._cool(edge)
        for edge in wanted:
            if edge not in self._hot and edge.handle_point() is not None:
                grip = edge.grip = HandleItem()
                self.scene.addItem(grip)
                grip.setPos(edge.handle_point())
                self._hot.append(edge)
        self._hover_edge, self._selected_edge = hover, selected

    def _cool(self, edge) -> None:
        self._hot.remove(edge)
        if not isValid(edge):
            return  # the scene was rebuilt: its items (the grip too) are gone
        grip, edge.grip = edge.grip, None
        if grip is not None and isValid(grip) and grip.scene() is not None:
            grip.scene().removeItem(grip)

    def _prune(self, *_args) -> None:
        for edge in [e for e in self._hot if not self._live(e)]:
            self._cool(edge)
        if not self._live(self._hover_card):
            self._hover_card = None

    def _show_port(self, card) -> None:
        if not self._live(card):
            card = None
        port = self.port if self.port is not None and isValid(self.port) else None
        if card is None:
            if port is not None:
                port.hide()
            return
        if port is None:
            port = self.port = PortItem()
        if port.parentItem() is not card:
            port.setParentItem(card)
        port.show()

    def _selected(self):
        chosen = self.scene.selected_nodes() if self._usable() else []
        return self.scene.nodes.get(chosen[0]) if len(chosen) == 1 else None

    def _selection_changed(self) -> None:
        if self.gesture is not None or not isValid(self.scene):
            return  # (a scene being destroyed drops its selection too)
        card = self._selected()
        edge = self.scene.edges.get(card.node_id) if card is not None else None
        self._set_edges(self._hover_edge if self._live(self._hover_edge) else None, edge)
        self._show_port(self._hover_card if self._live(self._hover_card) else card)

    def hover(self, point: QPointF) -> None:
        """The pointer moved with no button held: show what could be grabbed here."""
        if not self._usable():
            self.leave()
            return
        radius = self._radius(HIT_PX)
        handle = handle_at(self.scene, point, radius)
        port = None if handle is not None else port_at(self.scene, point, radius)
        edge = handle or edge_at(self.scene, point, radius)
        card = port or card_at(self.scene, point)
        selected = self._selected_edge if self._live(self._selected_edge) else None
        self._set_edges(edge, selected)
        self._hover_card = card
        self._show_port(card or self._selected())
        self._set_cursor(Qt.CursorShape.OpenHandCursor if handle is not None
                         else Qt.CursorShape.CrossCursor if port is not None else None)

    def leave(self) -> None:
        if self.gesture is not None:
            return
        self._hover_card = None
        selected = self._selected_edge if self._live(self._selected_edge) else None
        self._set_edges(None, selected)
        self._show_port(self._selected() if self._usable() else None)
        self._set_cursor(None)

    def _set_cursor(self, shape) -> None:
        if shape is not None:
            self.view.viewport().setCursor(shape)
            self._cursor = True
        elif self._cursor:
            self.view.viewport().unsetCursor()
            self._cursor = False

    # --- the gesture ----------------------------------------------------------------
    def press(self, point: QPointF) -> bool:
        """A left press: True when it grabbed an edge handle or a port."""
        if not self._usable():
            return False
        radius = self._radius(HIT_PX)
        edge = handle_at(self.scene, point, radius)
        if edge is not None:
            self.gesture, self._origin = ("edge", edge.child_id), edge.handle_point()
            self._set_edges(edge, self._selected_edge if self._live(self._selected_edge)
                            else None)
        else:
            card = port_at(self.scene, point, radius)
            if card is None:
                return False
            self.gesture, self._origin = ("port", card.node_id), card.pos() + PORT
            self._show_port(card)
        self.line = QGraphicsLineItem()
        self.line.setZValue(5)
        self.scene.addItem(self.line)
        self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self._cursor = True
        self.move(point)
        return True

    def move(self, point: QPointF) -> None:
        target = card_at(self.scene, point)
        if target is not self._target:
            for item in (self._target, target):
                if self._live(item):
                    item.drop_target = item is target
                    item.update()
            self._target = target
        refused = target is not None and self._refusal(target.node_id) is not None
        colour = PROBLEM if refused else DROP if target is not None else SELECTED
        pen = QPen(colour, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        if self._live(self.line):
            self.line.setPen(pen)
            self.line.setLine(QLineF(self._origin, point))

    def release(self, point: QPointF) -> None:
        self.move(point)
        gesture, target = self.gesture, self._target
        self.cancel()
        if target is None or gesture is None:
            return  # dropped on empty canvas: nothing changes
        kind, node_id = gesture
        if node_id not in self.scene.design.cascade.nodes:
            return
        problem = self._refusal(target.node_id, gesture)
        if problem:
            self.scene.refused.emit(problem)
            return
        design = self.scene.design
        child, parent = (node_id, target.node_id) if kind == "edge" \
            else (target.node_id, node_id)
        if design.parent(child) == parent or child == parent:
            return  # put back where it was: nothing to do
        self.scene.stack.push(MoveUnderCommand(design, child, parent,
                                               self.scene._rule_for_new_child(parent),
                                               self._place_for(child, parent)))

    def _place_for(self, child: str, parent: str) -> tuple[float, float] | None:
        """Where the child's card goes under its new parent: nowhere new when an edge
        can be drawn to where it is (below or right of the parent), else after the
        parent's last child, or below the parent (as a new child goes)."""
        nodes = self.scene.design.cascade.nodes
        points = route_points(QRectF(nodes[parent].x, nodes[parent].y, CARD_W, CARD_H),
                              QRectF(nodes[child].x, nodes[child].y, CARD_W, CARD_H))
        if len(points) > 2 and not self._crosses_cards(points, {parent, child}):
            return None
        kids = [k for k in self.scene.design.children(parent) if k != child]
        if kids:
            last = max((nodes[k] for k in kids), key=lambda n: (n.x, n.y))
            return last.x + CARD_W + 28, last.y
        return nodes[parent].x, nodes[parent].y + CARD_H + 64

    def _crosses_cards(self, points: list[QPointF], ends: set[str]) -> bool:
        """Would an edge along ``points`` run under a card (other than its ends)?"""
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        stroker = QPainterPathStroker()
        stroker.setWidth(2)
        return any(isinstance(item, NodeItem) and item.isVisible() and item.node_id not in ends
                   for item in self.scene.items(stroker.createStroke(path)))

    def _refusal(self, target: str, gesture: tuple[str, str] | None = None) -> str | None:
        """Why a drop on ``target`` is refused (None: it is not; nor is a drop that
        would change nothing, which just cancels)."""
        kind, node_id = gesture or self.gesture or ("", "")
        design = self.scene.design
        if node_id not in design.cascade.nodes or target == node_id:
            return None
        if kind == "edge":
            if design.parent(node_id) == target:
                return None
            return design.attach_problem(node_id, target)
        if design.parent(target) == node_id:
            return None
        if design.parent(target) is not None:
            return translate("CascadeCanvas", "“{name}” already has a parent — drag its "
                             "edge to move it.").format(name=design.unit_of(target).name)
        return design.attach_problem(target, node_id)

    def cancel(self) -> None:
        """End the gesture without an edit (Escape, or the end of a drop)."""
        if self._live(self._target):
            self._target.drop_target = False
            self._target.update()
        self._target = None
        if self._live(self.line):
            self.scene.removeItem(self.line)
        self.line = None
        self.gesture = None
        self._set_cursor(None)
        self._selection_changed()
