"""The designer at scale and its drag sources (issue 5): a large cascade opens as
aggregate cards (semantic zoom) and builds the cards of a subtree when it is expanded;
rule templates and unit kinds are dragged from the palettes onto cards."""

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop import document_cascade_open
from desktop.canvas.items import CARD_H, CARD_W
from desktop.canvas.scene_drops import KIND_MIME, RULE_MIME
from desktop.canvas.text import rule_label
from tests.gui.conftest import open_design
from tests.gui.designer_helpers import regions


def test_the_demo_opens_fully_expanded(designer):
    page, design = designer.cascade.page, designer.document.design
    assert not design.aggregated
    assert len(page.scene.nodes) == len(design.cascade.nodes) == 112
    assert not any(n.collapsed for n in design.cascade.nodes.values())


@pytest.fixture
def aggregated(qtbot, window, demo_path, monkeypatch):
    """The demo opened as if it were large: the thresholds lowered to its size."""
    monkeypatch.setattr(document_cascade_open, "AGGREGATE_ABOVE", 50)
    monkeypatch.setattr(document_cascade_open, "OPEN_CARDS", 10)
    open_design(qtbot, window, demo_path)
    return window


def test_a_large_cascade_opens_as_aggregate_cards(aggregated):
    page, design = aggregated.cascade.page, aggregated.document.design
    scene = page.scene
    assert design.aggregated
    top = design.cascade.roots()[0]
    east = regions(design)[0]
    assert set(scene.nodes) == {top, *regions(design)}  # 7 cards, not 112
    card = design.card(east)
    assert card.collapsed and card.below == len(design.subtree(east)) - 1 > 0
    assert card.key_value > 0
    assert not aggregated.isWindowModified()  # the open layout is not an edit
    # the regions side by side under the top card, not stacked in a column
    ys = {design.cascade.nodes[r].y for r in regions(design)}
    assert len(ys) == 1
    # expanding builds the region's cards (its teams, themselves aggregates)
    scene.toggle_collapsed(east)
    teams = design.children(east)
    assert all(t in scene.nodes and scene.nodes[t].isVisible() for t in teams)
    assert all(t in scene.edges for t in teams) and east in scene.labels
    assert design.card(teams[0]).collapsed and design.card(teams[0]).below > 0
    # the teams are placed under their region, clear of the region beside it
    nodes = design.cascade.nodes
    assert all(nodes[t].y > nodes[east].y + CARD_H for t in teams)
    south = regions(design)[1]
    assert all(nodes[t].x + CARD_W <= nodes[south].x for t in teams)
    # collapsing hides them again; the search opens the way down to a rep
    scene.toggle_collapsed(east)
    assert not scene.nodes[teams[0]].isVisible()
    rep = design.children(design.children(regions(design)[2])[0])[0]
    page.jump_to(rep)
    assert rep in scene.nodes and scene.nodes[rep].isVisible()
    assert scene.selected_nodes() == [rep]


def _drop(view, node_item, mime: QMimeData, shift: bool = False) -> bool:
    """Drag ``mime`` over a card and drop it, as a drag from a palette does."""
    viewport = view.viewport()
    point = view.mapFromScene(QPointF(node_item.x() + CARD_W * 0.4,
                                      node_item.y() + CARD_H * 0.4)).toPointF()
    modifiers = (Qt.KeyboardModifier.ShiftModifier if shift
                 else Qt.KeyboardModifier.NoModifier)
    buttons, action = Qt.MouseButton.LeftButton, Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point.toPoint(), action, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point.toPoint(), action, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(point, action, mime, buttons, modifiers, QEvent.Type.Drop)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def _rule_mime(rule_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(RULE_MIME, rule_id.encode())
    return data


def test_the_rule_palette_lists_the_rule_templates(designer):
    page, design = designer.cascade.page, designer.document.design
    chips = page.rule_palette.chips
    assert "" in chips and chips[""].text().startswith("Default:")
    (rule,) = design.context.rules.values()
    assert chips[rule.id].text() == rule_label(rule)
    assert chips[rule.id].mime().data(RULE_MIME).data().decode() == rule.id


def test_drop_a_rule_on_a_card_then_on_a_subtree(designer):
    page, design = designer.cascade.page, designer.document.design
    stack = designer.document.undo_stack
    edges = design.cascade.edges
    east = regions(design)[0]
    team = design.children(east)[0]
    standard = edges[team].rule_id
    assert standard is not None
    before = design.card(team).key_value
    count = stack.count()
    assert _drop(page.view, page.scene.nodes[team], _rule_mime(""))
    assert stack.count() == count + 1 and edges[team].rule_id is None
    assert edges[design.children(team)[0]].rule_id == standard  # only the one edge
    assert design.card(team).key_value != before  # recomputed with the default rule
    # with Shift: every edge of the region's subtree, one step; the labels follow
    assert _drop(page.view, page.scene.nodes[east], _rule_mime(""), shift=True)
    assert stack.count() == count + 2
    assert all(edges[n].rule_id is None for n in design.subtree(east))
    QApplication.processEvents()
    default = rule_label(design.context.default_rule)
    assert page.scene.labels[east].text == default
    assert page.scene.labels[team].text == default
    stack.undo()
    assert all(edges[n].rule_id == standard for n in design.subtree(east) if n != team)
    assert edges[team].rule_id is None
    stack.undo()
    assert edges[team].rule_id == standard and design.card(team).key_value == before
    QApplication.processEvents()
    assert page.scene.labels[east].text == rule_label(design.context.rules[standard])


def test_a_rule_is_not_dropped_on_the_top_card_without_shift(designer):
    page, design = designer.cascade.page, designer.document.design
    stack = designer.document.undo_stack
    top = design.cascade.roots()[0]
    count = stack.count()
    assert not _drop(page.view, page.scene.nodes[top], _rule_mime(""))
    assert stack.count() == count


def test_drag_a_unit_kind_onto_a_card_adds_a_child(designer):
    page, design = designer.cascade.page, designer.document.design
    stack = designer.document.undo_stack
    team = design.children(regions(design)[0])[0]
    kids, count = len(design.children(team)), stack.count()
    button = page.palette_buttons["person"]
    assert _drop(page.view, page.scene.nodes[team], button.mime())
    assert len(design.children(team)) == kids + 1 and stack.count() == count + 1
    new = design.children(team)[-1]
    assert design.unit_of(new).kind == "person" and page.scene.selected_nodes() == [new]
    stack.undo()
    assert len(design.children(team)) == kids
    data = QMimeData()
    data.setData(KIND_MIME, b"team")
    assert _drop(page.view, page.scene.nodes[team], data)
    assert design.unit_of(design.children(team)[-1]).kind == "team"
