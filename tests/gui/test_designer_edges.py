"""Edges in the designer (issue 5): a rule template dropped on an edge, an edge's parent
end dragged onto another card (reparent), and a card's port dragged onto a card without
a parent (connect). Driven through the real view: drag events and QTest mouse events on
its viewport; each edit is one undo step, undone and redone."""

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.canvas.edge_drag import PORT
from desktop.canvas.items import CARD_H, LOD_TEXT
from desktop.canvas.scene_drops import RULE_MIME
from desktop.canvas.text import rule_label
from tests.gui.designer_helpers import card_point, regions, select


def _show(view, *things) -> None:
    """Bring these cards, edges' handles or points into the viewport, close enough to
    grab."""
    rect = QRectF()
    for thing in things:
        if hasattr(thing, "handle_point"):
            thing = thing.handle_point()
        if isinstance(thing, QPointF):
            rect = rect.united(QRectF(thing.x() - 20, thing.y() - 20, 40, 40))
        else:
            rect = rect.united(thing.sceneBoundingRect())
    view.fit(rect, max_scale=0.8)
    assert view.scale_factor() >= LOD_TEXT


def _rule_mime(rule_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(RULE_MIME, rule_id.encode())
    return data


def _drag_over(view, point: QPoint, mime: QMimeData) -> bool:
    """A palette drag entering the canvas and moving to ``point``: accepted there?"""
    action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    nothing = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(point, action, mime, buttons,
                                                            nothing))
    move = QDragMoveEvent(point, action, mime, buttons, nothing)
    QApplication.sendEvent(view.viewport(), move)
    return move.isAccepted()


def _drop_at(view, point: QPoint, mime: QMimeData) -> bool:
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      QEvent.Type.Drop)
    QApplication.sendEvent(view.viewport(), drop)
    return drop.isAccepted()


def _leg_point(view, edge, off_pixels: int = 0) -> QPoint:
    """The middle of an edge's own leg, ``off_pixels`` beside it on screen."""
    start, end = edge.own_leg()
    return view.mapFromScene((start + end) / 2) + QPoint(off_pixels, 0)


def _a_team_and_rep(design):
    east = regions(design)[0]
    team = next(t for t in design.children(east) if len(design.children(t)) >= 3)
    return east, team, design.children(team)


def test_drop_a_rule_on_an_edge_sets_its_rule_in_one_step(designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    stack = designer.document.undo_stack
    _east, team, reps = _a_team_and_rep(design)
    rep, sibling = reps[1], reps[0]
    edges = design.cascade.edges
    standard = edges[rep].rule_id
    assert standard is not None and scene.edges[rep].own_label == ""
    before = design.card(rep).key_value
    _show(view, scene.nodes[rep], scene.nodes[team])
    # a thin line: 6 screen pixels beside it still takes the drop, and it lights up
    point = _leg_point(view, scene.edges[rep], off_pixels=6)
    assert _drag_over(view, point, _rule_mime(""))
    assert scene.edges[rep].drop_target and not scene.edges[sibling].drop_target
    assert _drop_at(view, point, _rule_mime(""))
    assert not scene.edges[rep].drop_target
    assert stack.count() == 1 and edges[rep].rule_id is None
    assert edges[sibling].rule_id == standard  # that edge only
    assert design.card(rep).key_value != before  # recomputed under the default rule
    QApplication.processEvents()  # the labels follow the model after its signals
    default = rule_label(design.context.default_rule)
    assert scene.edges[rep].own_label == default  # "70%" on that edge
    assert scene.edges[sibling].own_label == ""
    assert scene.labels[team].text == rule_label(design.context.rules[standard])
    assert scene.edges[rep].boundingRect().contains(scene.edges[rep].label_rect)
    stack.undo()
    QApplication.processEvents()
    assert edges[rep].rule_id == standard and design.card(rep).key_value == before
    assert scene.edges[rep].own_label == ""
    stack.redo()
    QApplication.processEvents()
    assert edges[rep].rule_id is None and scene.edges[rep].own_label == default


def test_a_rule_dropped_away_from_cards_and_edges_changes_nothing(designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    top = scene.nodes[design.cascade.roots()[0]]
    empty = view.mapFromScene(QPointF(top.x() - 400, top.y() + 10))
    assert not scene.items(view.mapToScene(empty))
    assert not _drag_over(view, empty, _rule_mime(""))
    assert not _drop_at(view, empty, _rule_mime(""))
    assert designer.document.undo_stack.count() == 0
    assert not any(e.drop_target for e in scene.edges.values())
    # the palette says so when its drag ends with no taker
    chip = page.rule_palette.chips[""]
    chip.drag_ended(Qt.DropAction.IgnoreAction)
    note = page.rule_palette.note
    assert not note.isHidden() and "Nothing changed" in note.text()


def _two_teams(design):
    """Two teams of one region, the first with reps under it."""
    east = regions(design)[0]
    first, second = design.children(east)[:2]
    return east, first, second, design.children(first)


def _drag_handle(qtbot, view, edge, to: QPoint) -> None:
    viewport = view.viewport()
    grip = view.mapFromScene(edge.handle_point())
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grip)
    for k in range(1, 5):
        qtbot.mouseMove(viewport, pos=grip + (to - grip) * k / 4)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=to)


def test_drag_an_edge_end_onto_another_card_moves_the_child(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    stack = designer.document.undo_stack
    _east, first, second, reps = _two_teams(design)
    rep = reps[0]
    edge = scene.edges[rep]
    _show(view, edge, scene.nodes[second])
    grip = view.mapFromScene(edge.handle_point())
    viewport = view.viewport()
    qtbot.mouseMove(viewport, pos=grip)  # hovering shows the handle
    assert edge.hot
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grip)
    target = card_point(view, scene.nodes[second])
    qtbot.mouseMove(viewport, pos=(grip + target) / 2)
    qtbot.mouseMove(viewport, pos=target)
    assert scene.nodes[second].drop_target  # the card under the pointer lights up
    line = view.edge_drags.line
    assert line is not None and line.scene() is scene
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert design.parent(rep) == second
    assert not scene.nodes[second].drop_target and view.edge_drags.line is None
    assert stack.count() == 1 and stack.text(0).startswith("Move")
    assert not scene.selected_nodes()  # the press went to the handle, not the cards
    # the edge now starts at the new parent's card (re-routed: its handle with it)
    card = scene.nodes[second].sceneBoundingRect().adjusted(-1, -1, 1, 1)
    assert card.contains(scene.edges[rep].points[0])
    stack.undo()
    assert design.parent(rep) == first
    stack.redo()
    assert design.parent(rep) == second


def test_an_edge_moved_onto_a_card_beside_it_moves_the_cards_too(qtbot, designer):
    """A rep moved under its neighbour rep: no edge could be drawn along the row, so
    the rep's card goes below its new parent, in the same undo step."""
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    stack = designer.document.undo_stack
    _east, first, _second, reps = _two_teams(design)
    rep, neighbour = reps[0], reps[1]
    nodes = design.cascade.nodes
    before = (nodes[rep].x, nodes[rep].y)
    _show(view, scene.edges[rep], scene.nodes[neighbour])
    _drag_handle(qtbot, view, scene.edges[rep], card_point(view, scene.nodes[neighbour]))
    assert design.parent(rep) == neighbour and stack.count() == 1
    assert (nodes[rep].x, nodes[rep].y) == (nodes[neighbour].x,
                                            nodes[neighbour].y + CARD_H + 64)
    assert scene.nodes[rep].pos() == QPointF(nodes[rep].x, nodes[rep].y)
    assert len(scene.edges[rep].points) == 4  # drawn down into the rep's card
    stack.undo()
    assert design.parent(rep) == first and (nodes[rep].x, nodes[rep].y) == before
    stack.redo()
    assert design.parent(rep) == neighbour and nodes[rep].y > nodes[neighbour].y


def test_an_edge_dropped_into_its_own_subtree_is_refused(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    east, first, _second, reps = _two_teams(design)
    _show(view, scene.edges[first], scene.nodes[reps[0]], scene.nodes[first])
    _drag_handle(qtbot, view, scene.edges[first], card_point(view, scene.nodes[reps[0]]))
    assert design.parent(first) == east
    assert designer.document.undo_stack.count() == 0
    assert page.banner.isVisible() and "loop" in page.banner.text()
    page.banner.hide()
    _drag_handle(qtbot, view, scene.edges[first], card_point(view, scene.nodes[first]))
    assert design.parent(first) == east and designer.document.undo_stack.count() == 0
    assert not page.banner.isVisible()  # dropped back on its own card: just cancelled


def test_an_edge_dropped_on_empty_canvas_or_escaped_cancels(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    _east, first, second, reps = _two_teams(design)
    rep = reps[0]
    below = scene.nodes[rep].pos() + QPointF(0, 260)  # under the leaves: empty
    _show(view, scene.edges[rep], scene.nodes[second], below)
    empty = view.mapFromScene(below)
    assert not scene.items(view.mapToScene(empty))
    _drag_handle(qtbot, view, scene.edges[rep], empty)
    assert design.parent(rep) == first and designer.document.undo_stack.count() == 0
    assert not page.banner.isVisible()
    viewport = view.viewport()
    grip = view.mapFromScene(scene.edges[rep].handle_point())
    target = card_point(view, scene.nodes[second])
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(viewport, pos=target)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.edge_drags.gesture is None and view.edge_drags.line is None
    assert not scene.nodes[second].drop_target
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert design.parent(rep) == first and designer.document.undo_stack.count() == 0


def _port_point(view, card_item) -> QPoint:
    return view.mapFromScene(card_item.pos() + PORT)


def _drag(qtbot, view, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_drag_from_a_port_connects_a_card_without_a_parent(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    stack = designer.document.undo_stack
    east, first, second, _reps = _two_teams(design)
    select(designer, first)
    page.detach_action.trigger()
    assert design.parent(first) is None
    scene.clearSelection()
    _show(view, scene.nodes[first], scene.nodes[second])
    port = _port_point(view, scene.nodes[second])
    qtbot.mouseMove(view.viewport(), pos=port)  # hovering a card shows its port
    shown = view.edge_drags.port
    assert shown is not None and shown.isVisible()
    assert shown.parentItem() is scene.nodes[second]
    _drag(qtbot, view, port, card_point(view, scene.nodes[first]))
    assert design.parent(first) == second
    assert stack.count() == 2 and stack.text(1).startswith("Connect")
    assert first in scene.edges
    stack.undo()
    assert design.parent(first) is None and first not in scene.edges
    stack.redo()
    assert design.parent(first) == second
    stack.undo()
    stack.undo()
    assert design.parent(first) == east


def test_a_port_dragged_onto_a_card_with_a_parent_is_refused(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    stack = designer.document.undo_stack
    east, first, second, reps = _two_teams(design)
    _show(view, scene.nodes[first], scene.nodes[second], scene.nodes[reps[0]])
    _drag(qtbot, view, _port_point(view, scene.nodes[second]),
          card_point(view, scene.nodes[reps[0]]))
    assert design.parent(reps[0]) == first and stack.count() == 0
    assert page.banner.isVisible() and "already has a parent" in page.banner.text()
    # a loop is refused too: a region without a parent under one of its own teams
    select(designer, east)
    page.detach_action.trigger()
    scene.clearSelection()
    _show(view, scene.nodes[east], scene.nodes[first])
    _drag(qtbot, view, _port_point(view, scene.nodes[first]),
          card_point(view, scene.nodes[east]))
    assert design.parent(east) is None and stack.count() == 1
    assert "loop" in page.banner.text()


def test_the_selected_cards_edge_shows_its_handle(designer):
    page, design = designer.cascade.page, designer.document.design
    scene = page.scene
    east, south = regions(design)[:2]
    select(designer, east)
    assert scene.edges[east].hot and not scene.edges[south].hot
    port = page.view.edge_drags.port
    assert port is not None and port.isVisible() and port.parentItem() is scene.nodes[east]
    select(designer, south)
    assert scene.edges[south].hot and not scene.edges[east].hot
    scene.clearSelection()
    assert not scene.edges[south].hot and not port.isVisible()
