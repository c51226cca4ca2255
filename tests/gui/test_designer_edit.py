"""The designer on the demo cascade: structure edits with the mouse and the palette,
each undone and redone through the document's undo stack."""

import math

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMessageBox

from tests.gui.designer_helpers import (
    card_point,
    drag,
    regions,
    select,
)


def test_designer_shows_the_demo_cascade(designer):
    page = designer.cascade.page
    design = designer.document.design
    assert designer.tabs.currentWidget() is page
    assert len(page.scene.nodes) == 112 and len(page.scene.edges) == 111
    root = design.cascade.roots()[0]
    card = design.card(root)
    assert card.locked and card.key_value == 32_000_000
    label = page.scene.labels[root]
    assert label.text.startswith("70% · competition intensity")
    assert not designer.isWindowModified()


def test_add_child_from_the_palette_then_undo_and_redo(designer):
    page, design = designer.cascade.page, designer.document.design
    stack = designer.document.undo_stack
    east = regions(design)[0]
    select(designer, east)
    assert page.palette_buttons["team"].isEnabled()
    page.palette_buttons["team"].click()
    assert len(design.cascade.nodes) == 113
    (new,) = [n for n in design.children(east) if n not in page.scene.edges or
              design.unit_of(n).name == "New Team"]
    assert design.unit_of(new).kind == "team" and new in page.scene.nodes
    weights, targets = design.numbers(new)  # the engine computed it with its siblings
    assert math.isclose(sum(weights), 1.0) and targets[0] > 0
    assert designer.isWindowModified()
    stack.undo()
    assert len(design.cascade.nodes) == 112 and new not in page.scene.nodes
    assert not designer.isWindowModified()
    stack.redo()
    assert new in page.scene.nodes and design.parent(new) == east


def test_reparent_by_dragging_a_card_onto_another(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    east, south = regions(design)[:2]
    team = design.children(east)[0]
    before_south = design.card(south).children
    drag(qtbot, view, card_point(view, scene.nodes[team]), card_point(view, scene.nodes[south]))
    assert design.parent(team) == south
    assert design.card(south).children == before_south + 1
    stack = designer.document.undo_stack
    assert stack.count() == 1 and "Move" in stack.text(0)
    assert (scene.nodes[team].x(), scene.nodes[team].y()) == (
        design.cascade.nodes[team].x, design.cascade.nodes[team].y)
    stack.undo()
    assert design.parent(team) == east
    stack.redo()
    assert design.parent(team) == south


def test_a_cycle_is_refused_with_a_message(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    east = regions(design)[0]
    team = design.children(east)[0]
    drag(qtbot, view, card_point(view, scene.nodes[east]), card_point(view, scene.nodes[team]))
    assert design.parent(east) == design.cascade.roots()[0]
    assert designer.document.undo_stack.count() == 0
    assert page.banner.isVisible() and "loop" in page.banner.text()
    node = design.cascade.nodes[east]
    assert (scene.nodes[east].x(), scene.nodes[east].y()) == (node.x, node.y)


def test_detach_then_connect_by_drag(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    stack = designer.document.undo_stack
    east, south = regions(design)[:2]
    team = design.children(east)[0]
    select(designer, team)
    page.detach_action.trigger()
    assert design.parent(team) is None and len(design.cascade.roots()) == 2
    assert any(p.code == "root_target_missing" for p in design.problems_of(team))
    assert design.card(team).problems  # the validation overlay shows it on the card
    drag(qtbot, view, card_point(view, scene.nodes[team]), card_point(view, scene.nodes[south]))
    assert design.parent(team) == south and len(design.cascade.roots()) == 1
    assert stack.count() == 2 and stack.text(1).startswith("Connect")
    assert not design.card(team).problems
    stack.undo()
    assert design.parent(team) is None
    stack.undo()
    assert design.parent(team) == east
    stack.redo()
    stack.redo()
    assert design.parent(team) == south


def test_a_drag_is_one_undo_step(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    view, scene = page.view, page.scene
    root = design.cascade.roots()[0]
    before = (design.cascade.nodes[root].x, design.cascade.nodes[root].y)
    start = card_point(view, scene.nodes[root])
    drag(qtbot, view, start, start + QPoint(0, -40), steps=8)
    after = (design.cascade.nodes[root].x, design.cascade.nodes[root].y)
    assert after != before and after == (scene.nodes[root].x(), scene.nodes[root].y())
    stack = designer.document.undo_stack
    assert stack.count() == 1
    stack.undo()
    assert (scene.nodes[root].x(), scene.nodes[root].y()) == before


def test_auto_layout_is_one_undo_step(designer):
    page, design = designer.cascade.page, designer.document.design
    before = {n: (node.x, node.y) for n, node in design.cascade.nodes.items()}
    page.layout_down_action.trigger()
    stack = designer.document.undo_stack
    assert stack.count() == 1
    moved = {n: (node.x, node.y) for n, node in design.cascade.nodes.items()}
    assert moved != before
    rects = [page.scene.nodes[n].sceneBoundingRect().adjusted(3, 3, -3, -10)
             for n in design.cascade.nodes]
    assert not any(a.intersects(b) for k, a in enumerate(rects) for b in rects[k + 1:])
    page.layout_right_action.trigger()
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert {n: (node.x, node.y) for n, node in design.cascade.nodes.items()} == before


def test_delete_a_subtree_asks_first_and_undoes(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    east = regions(design)[0]
    size = len(design.subtree(east))
    select(designer, east)
    page.delete_action.trigger()
    box = page.confirm_box
    assert box is not None and str(size - 1) in box.text()
    delete = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    delete.click()
    assert len(design.cascade.nodes) == 112 - size and east not in page.scene.nodes
    designer.document.undo_stack.undo()
    assert len(design.cascade.nodes) == 112 and len(page.scene.edges) == 111
    assert design.children(east) and east in page.scene.nodes


def test_collapse_hides_the_subtree(designer):
    page, design = designer.cascade.page, designer.document.design
    east = regions(design)[0]
    below = design.subtree(east)[1:]
    select(designer, east)
    page.collapse_action.trigger()
    assert not any(page.scene.nodes[n].isVisible() for n in below)
    assert design.card(east).collapsed
    page.collapse_action.trigger()
    assert all(page.scene.nodes[n].isVisible() for n in below)
