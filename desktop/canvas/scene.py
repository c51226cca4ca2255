"""The cascade scene: a projection of ``CascadeDesign`` (items keyed by node id).

The scene mirrors the model's signals; it never changes the model itself except through
undo commands pushed on the document's stack: one drag is one ``MoveNodesCommand``;
dropping a single card on another card puts it under that card (``AttachCommand``), or
is refused with a message (``refused``) and the card goes back.
"""


from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QToolTip

from desktop.canvas.items import (
    CARD_H,
    CARD_W,
    EdgeItem,
    NodeItem,
    OverviewItem,
    RuleLabelItem,
    problem_title,
    rule_label,
)
from desktop.canvas.scene_drops import SceneDrops
from desktop.canvas.scene_overview import SceneOverview
from desktop.canvas.scene_tree import TOGGLE_GAP, SceneTree
from desktop.canvas.text import pace_line
from desktop.commands.cascade import AttachCommand, MoveNodesCommand
from desktop.document_cascade import CascadeDesign


class CascadeScene(SceneDrops, SceneTree, SceneOverview, QGraphicsScene):
    refused = Signal(str)  # an edit the model refused, in words for the user
    nodeSelected = Signal(object)  # the selected node id, or None
    kindDropped = Signal(str, str)  # a unit kind dropped on a card: (node id, kind)

    def __init__(self, design: CascadeDesign, stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.design, self.stack = design, stack
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.labels: dict[str, RuleLabelItem] = {}
        self._drag_start: dict[str, tuple[float, float]] = {}
        self._drop: NodeItem | None = None
        self._dirty_labels: set[str] = set()
        self._relabel_timer = QTimer(self)
        self._relabel_timer.setSingleShot(True)
        self._relabel_timer.setInterval(0)
        self._relabel_timer.timeout.connect(self._relabel_all)
        self._building = False
        self._tree_hidden: set[str] = set()
        self._kept_selection: list[str] = []
        self._switching = False
        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.setInterval(0)
        self._label_timer.timeout.connect(self._flush_labels)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.overview_on = False
        self._overview_dirty = True
        self._new_layers()
        design.loaded.connect(self.rebuild)
        design.nodeAdded.connect(self._add_node)
        design.nodeRemoved.connect(self._remove_node)
        design.nodeMoved.connect(self._move_node)
        design.nodeChanged.connect(self._node_changed)
        design.edgeAdded.connect(self._add_edge)
        design.edgeRemoved.connect(self._remove_edge)
        design.edgeChanged.connect(self._edge_changed)
        design.ruleChanged.connect(self._relabel_later)
        design.numbersChanged.connect(self._numbers_changed)
        design.editable.connect(self._became_editable)
        self.selectionChanged.connect(self._selection_changed)

    # --- building -------------------------------------------------------------------
    def _new_layers(self) -> None:
        """The batched ``overview`` replaces the cards, edges and labels when zoomed far
        out. (The detail items stay top-level items, so the scene's index finds the few
        in view; a common parent item would make every render visit all of them.)"""
        self.overview = OverviewItem()
        self.addItem(self.overview)
        self.overview.setVisible(self.overview_on)

    def _add(self, item: QGraphicsItem) -> None:
        self.addItem(item)
        if self.overview_on:
            item.setVisible(False)

    def _label_shown(self, parent: str) -> bool:
        return self._shown(parent) and not self.design.cascade.nodes[parent].collapsed

    def rebuild(self) -> None:
        self.clearSelection()
        self.clear()
        self.nodes.clear()
        self.edges.clear()
        self.labels.clear()
        self._new_layers()
        self._overview_dirty = True
        if self.design.context is None:
            return
        self._building = True
        try:
            self._build_open()  # cards for what is open; the rest when expanded
            self._relabel_all()
            self.apply_visibility()
        finally:
            self._building = False
        bounds = QRectF()
        for item in self.nodes.values():
            bounds = bounds.united(item.sceneBoundingRect())
        self.setSceneRect(bounds.adjusted(-400, -300, 400, 300))
        self._refresh_overview()

    def _changed(self) -> None:
        self._overview_dirty = True
        if self.overview_on:
            self._label_timer.start()

    def helpEvent(self, event) -> None:
        """Tooltips are made when asked for (not kept on 10 000 items)."""
        for item in self.items(event.scenePos()):
            text = ""
            if isinstance(item, NodeItem) and item.isVisible():
                text = self._tooltip(item.node_id)
            elif isinstance(item, RuleLabelItem) and item.isVisible():
                text = item.tooltip
            if text:
                QToolTip.showText(event.screenPos(), text, event.widget())
                event.accept()
                return
        QToolTip.hideText()
        event.ignore()

    def _add_node(self, node_id: str) -> None:
        node = self.design.cascade.nodes[node_id]
        item = NodeItem(node_id)
        # a large cascade's open cards, shown before its whole model: not to be dragged
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, self.design.is_editable)
        item.setPos(node.x, node.y)
        self.nodes[node_id] = item
        self._add(item)
        self._grow_rect(item)
        self._changed()

    def _remove_node(self, node_id: str) -> None:
        item = self.nodes.pop(node_id, None)
        if item is not None:
            self.removeItem(item)
        label = self.labels.pop(node_id, None)
        if label is not None:
            self.removeItem(label)
        self._changed()

    def _add_edge(self, child: str, relabel: bool = True) -> None:
        if child not in self.nodes:
            return  # not built yet (under a collapsed card): made when it opens
        item = EdgeItem(child)
        self.edges[child] = item
        self._add(item)
        self._route(child)
        self._changed()
        if relabel:
            self._relabel(self.design.parent(child))

    def _remove_edge(self, child: str) -> None:
        item = self.edges.pop(child, None)
        if item is not None:
            self.removeItem(item)
        self._relabel_later()
        self._changed()

    def _edge_changed(self, child: str) -> None:
        self._changed()
        self._route(child)
        self._relabel_later()
        if child in self.nodes:
            self.apply_visibility(child)

    def _move_node(self, node_id: str) -> None:
        node, item = self.design.cascade.nodes[node_id], self.nodes.get(node_id)
        if item is not None and (item.x(), item.y()) != (node.x, node.y):
            item.setPos(node.x, node.y)  # itemChange re-routes the edges
        self._grow_rect(item)
        self._changed()

    def _node_changed(self, node_id: str) -> None:
        item = self.nodes.get(node_id)
        if item is None:
            return
        self._changed()
        item.update()
        if self.design.card(node_id).collapsed != self._hidden_below(node_id):
            self.apply_visibility(node_id)

    def _became_editable(self) -> None:
        """The whole model of the cascade whose open cards are shown: the same cards at
        the same places, now with what lies under them (nothing is laid out again)."""
        for item in self.nodes.values():
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
            item.update()
        self.apply_visibility()
        self._relabel_all()

    def _numbers_changed(self, node_ids: set[str]) -> None:
        self._changed()
        for node_id in node_ids:
            item = self.nodes.get(node_id)
            if item is not None:
                item.update()

    def _tooltip(self, node_id: str) -> str:
        card = self.design.card(node_id)
        lines = [f"<b>{card.name}</b> · {card.code}"]
        if card.status is not None or card.health is not None:
            lines.append("<br>" + pace_line(card.status, card.health))
        lines += [f"<br><b style='color:#c8372d'>{problem_title(code)}</b>: {message}"
                  for code, message in card.problems]
        return "".join(lines)

    # --- geometry -------------------------------------------------------------------
    def _route(self, child: str) -> None:
        edge = self.edges.get(child)
        parent = self.design.parent(child)
        if edge is None or parent is None or parent not in self.nodes \
                or child not in self.nodes:
            return
        edge.route(_card_rect(self.nodes[parent]), _card_rect(self.nodes[child]))

    def node_item_moved(self, item: NodeItem) -> None:
        """A card moved (a drag in progress, or the model moved it): follow it."""
        node_id = item.node_id
        if node_id in self.edges:
            self._route(node_id)
        for child in self.design.children(node_id):
            self._route(child)
        self._dirty_labels.add(node_id)
        parent = self.design.parent(node_id)
        if parent is not None:
            self._dirty_labels.add(parent)
        self._changed()
        self._label_timer.start()

    def _flush_labels(self) -> None:
        """Labels follow moved cards, once per batch of moves (an auto-layout moves
        every card)."""
        for node_id in self._dirty_labels:
            self._relabel(node_id)
        self._dirty_labels.clear()
        self._refresh_overview()

    def _grow_rect(self, item: NodeItem | None) -> None:
        if self._building:
            return  # sceneRect() would be recomputed over all items for every card
        if item is not None and not self.sceneRect().contains(item.sceneBoundingRect()):
            self.setSceneRect(self.sceneRect().united(
                item.sceneBoundingRect().adjusted(-400, -300, 400, 300)))

    def _relabel_later(self, *_args) -> None:
        """Relabel every group once, after the current batch of model signals."""
        self._relabel_timer.start()

    def _relabel_all(self) -> None:
        self._relabel_timer.stop()
        for node_id in list(self.nodes):
            self._relabel(node_id)

    def _relabel(self, parent: str | None) -> None:
        """One label per parent for its children's most common rule."""
        if parent is None or parent not in self.nodes:
            return
        kids = self.design.children(parent)
        label = self.labels.get(parent)
        if not kids:
            if label is not None:
                self.removeItem(self.labels.pop(parent))
            return
        if kids[0] not in self.nodes:  # collapsed, never opened: no label to show
            return
        rules = [self.design.rule_of(k) for k in kids]
        common = max({r.id: r for r in rules}.values(),
                     key=lambda r: sum(x.id == r.id for x in rules))
        if label is None:
            label = self.labels[parent] = RuleLabelItem(parent)
            self._add(label)
        rect = _card_rect(self.nodes[parent])
        first = _card_rect(self.nodes[kids[0]])
        if first.left() > rect.right():  # left-right layout: beside the parent
            anchor, centred = QPointF(rect.right() + 8, rect.bottom() + 4), False
        elif rect.left() + 8 <= first.left() <= rect.left() + 40:  # a stacked column
            anchor, centred = QPointF(rect.left() + 20, rect.bottom() + TOGGLE_GAP), False
        else:
            anchor, centred = QPointF(rect.center().x(), rect.bottom() + TOGGLE_GAP), True
        label.set_text(rule_label(common), common.name, anchor, centred)
        label.setVisible(not self.overview_on and self._label_shown(parent))

    def visible_bounds(self) -> QRectF:
        rect = QRectF()
        for node_id, item in self.nodes.items():
            if self._shown(node_id):
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # --- selection and drags --------------------------------------------------------
    def selected_nodes(self) -> list[str]:
        if self.overview_on:
            return list(self._kept_selection)
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def _selection_changed(self) -> None:
        self._changed()
        if self._switching:
            return
        chosen = self.selected_nodes()
        self.nodeSelected.emit(chosen[0] if len(chosen) == 1 else None)

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        self._drag_start = {i.node_id: (i.x(), i.y()) for i in self.selectedItems()
                            if isinstance(i, NodeItem)}

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        if len(self._drag_start) == 1 and event.buttons():
            (dragged,) = self._drag_start
            target = self._card_at(event.scenePos(), exclude=dragged)
            if target is not self._drop:
                for item in (self._drop, target):
                    if item is not None:
                        item.drop_target = item is target
                        item.update()
                self._drop = target

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        start, self._drag_start = self._drag_start, {}
        drop, self._drop = self._drop, None
        if drop is not None:
            drop.drop_target = False
            drop.update()
            (child,) = start
            self._put_back(start)
            problem = self.design.attach_problem(child, drop.node_id)
            if problem:
                self.refused.emit(problem)
            else:
                self.stack.push(AttachCommand(self.design, child, drop.node_id,
                                              self._rule_for_new_child(drop.node_id)))
            return
        after = {n: (self.nodes[n].x(), self.nodes[n].y()) for n in start if n in self.nodes}
        if any(after[n] != start[n] for n in after):
            self.stack.push(MoveNodesCommand(self.design, start, after))

    def _rule_for_new_child(self, parent: str) -> str | None:
        kids = self.design.children(parent)
        edges = self.design.cascade.edges
        if kids:
            return edges[kids[0]].rule_id
        return edges[parent].rule_id if parent in edges else None

    def _put_back(self, start: dict[str, tuple[float, float]]) -> None:
        for node_id, (x, y) in start.items():
            if node_id in self.nodes:
                self.nodes[node_id].setPos(x, y)

    def _card_at(self, point: QPointF, exclude: str) -> NodeItem | None:
        for item in self.items(point):
            if isinstance(item, NodeItem) and item.node_id != exclude and item.isVisible():
                return item
        return None


def _card_rect(item: NodeItem) -> QRectF:
    return QRectF(item.x(), item.y(), CARD_W, CARD_H)
