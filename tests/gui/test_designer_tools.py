"""The designer's navigation and arranging tools on the demo cascade: the page built
after the first paint, the search box, the minimap, align and distribute, copy and paste
of a subtree (each edit one undo step)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from tests.gui.designer_helpers import regions, select

ROOT = Path(__file__).resolve().parents[2]


def test_designer_is_not_built_before_the_first_paint(tmp_path):
    """Start-up imports and builds no canvas: only the designer's QActions exist."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QApplication
        from desktop.document import WorkspaceDocument
        from desktop.widgets.main_window import MainWindow

        app = QApplication([])
        window = MainWindow(WorkspaceDocument())
        loaded = [m for m in ("desktop.canvas.scene", "desktop.canvas.items",
                              "desktop.widgets.designer", "desktop.widgets.inspector")
                  if m in sys.modules]
        print(loaded, window.cascade.built, window.cascade.actions.fit_action.text())
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split("] ")[0] == "[" and "False Zoom to &Fit" in result.stdout


def test_the_page_is_built_when_the_tab_is_shown(window):
    assert not window.cascade.built
    window.tabs.setCurrentWidget(window.cascade.tab)
    assert window.cascade.built and window.tabs.currentWidget() is window.cascade.page
    assert window.cascade.inspector.toggleViewAction() in window.view_menu.actions()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Designer"


def test_search_jumps_to_a_unit_inside_a_collapsed_subtree(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    east = regions(design)[0]
    team = design.children(east)[0]
    rep = design.children(team)[0]
    select(designer, east)
    page.collapse_action.trigger()
    assert not page.scene.nodes[rep].isVisible()
    page.view.set_scale(0.1)  # far out: the jump comes close enough to read

    page.find_action.trigger()
    assert page.search.hasFocus()
    unit = design.unit_of(rep)
    page.search.completer_.setCompletionPrefix(unit.code)
    assert page.search.completer_.completionCount() >= 1
    qtbot.keyClicks(page.search, unit.code)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)

    assert page.scene.selected_nodes() == [rep]
    assert page.scene.nodes[rep].isVisible() and not design.card(east).collapsed
    # centred as far as the scene's edge lets the view scroll
    shown = page.view.mapToScene(page.view.viewport().rect()).boundingRect()
    assert shown.contains(page.scene.nodes[rep].sceneBoundingRect())
    assert page.view.scale_factor() >= 0.5


def test_search_by_name_and_no_match(qtbot, designer):
    page, design = designer.cascade.page, designer.document.design
    south = regions(design)[1]
    name = design.unit_of(south).name
    page.search.setText(name)
    page.search.returnPressed.emit()
    assert page.scene.selected_nodes() == [south]
    page.search.setText("no such unit at all")
    page.search.returnPressed.emit()
    assert page.banner.isVisible() and "no such unit" in page.banner.text()


def test_minimap_shows_the_view_and_moves_it(qtbot, designer):
    page = designer.cascade.page
    minimap = page.minimap
    assert minimap.isVisible() and minimap.scene() is page.scene
    view = page.view
    view.set_scale(1.0)
    qtbot.wait(80)  # the minimap refits after a short pause
    shown = minimap.shown_rect()
    frame = minimap.mapFromScene(shown).boundingRect()
    assert minimap.viewport().rect().intersects(frame)
    # press in a corner of the minimap, then drag to the opposite corner
    target = minimap.viewport().rect().bottomRight() - QPoint(20, 20)
    qtbot.mousePress(minimap.viewport(), Qt.MouseButton.LeftButton,
                     pos=minimap.viewport().rect().topLeft() + QPoint(20, 20))
    qtbot.mouseMove(minimap.viewport(), pos=target)
    qtbot.mouseRelease(minimap.viewport(), Qt.MouseButton.LeftButton, pos=target)
    centre = view.mapToScene(view.viewport().rect().center())
    expected = minimap.mapToScene(target)
    assert abs(centre.x() - expected.x()) < 200 / view.scale_factor() or \
        view.horizontalScrollBar().value() == view.horizontalScrollBar().maximum()
    assert minimap.shown_rect() != shown
    page.minimap_action.trigger()  # Ctrl+M hides it
    assert not minimap.isVisible()
    page.minimap_action.trigger()
    assert minimap.isVisible()


def _positions(design, nodes):
    return {n: (design.cascade.nodes[n].x, design.cascade.nodes[n].y) for n in nodes}


def test_align_and_distribute_are_one_undo_step_each(designer):
    page, design = designer.cascade.page, designer.document.design
    stack = designer.document.undo_stack
    chosen = regions(design)[:4]
    design.move_nodes({n: (100.0 * k, 37.0 * k * k) for k, n in enumerate(chosen)})
    before = _positions(design, chosen)
    page.select_only(chosen)
    assert page.align_actions["top"].isEnabled()
    page.align_actions["top"].trigger()
    assert {y for _, y in _positions(design, chosen).values()} == {0.0}
    assert stack.undoText().startswith("Align")
    page.align_actions["right"].trigger()
    assert {x for x, _ in _positions(design, chosen).values()} == {300.0}
    stack.undo()
    stack.undo()
    assert _positions(design, chosen) == before

    page.distribute_actions["vertical"].trigger()
    ys = sorted(y for _, y in _positions(design, chosen).values())
    assert ys == [0.0, 111.0, 222.0, 333.0]
    assert page.scene.nodes[chosen[1]].y() == design.cascade.nodes[chosen[1]].y
    stack.undo()
    assert _positions(design, chosen) == before
    page.select_only(chosen[:2])
    assert not page.distribute_actions["vertical"].isEnabled()


def test_copy_and_paste_a_subtree(designer):
    page, design = designer.cascade.page, designer.document.design
    stack = designer.document.undo_stack
    east, south = regions(design)[:2]
    team = design.children(east)[0]
    size = len(design.subtree(team))
    count = len(design.cascade.nodes)
    select(designer, team)
    page.copy_action.trigger()
    assert page.banner.isVisible()
    select(designer, south)
    assert page.paste_action.isEnabled()
    page.paste_action.trigger()

    assert len(design.cascade.nodes) == count + size
    (pasted,) = page.scene.selected_nodes()
    assert design.parent(pasted) == south
    old, new = design.unit_of(team), design.unit_of(pasted)
    assert new.id != old.id and new.code.startswith(old.code + "-C") and new.name == old.name
    assert new.factors == old.factors
    codes = [u.code for u in design.context.units.values()]
    assert len(codes) == len(set(codes))
    below_old = [design.unit_of(n) for n in design.subtree(team)[1:]]
    below_new = [design.unit_of(n) for n in design.subtree(pasted)[1:]]
    assert [u.name for u in below_new] == [u.name for u in below_old]
    assert [design.rule_of(n).id for n in design.subtree(pasted)[1:]] == \
        [design.rule_of(n).id for n in design.subtree(team)[1:]]
    assert all(n in page.scene.nodes for n in design.subtree(pasted))
    assert design.numbers(pasted)[1][0] > 0  # recomputed with its new siblings
    assert stack.undoText().startswith("Paste")

    stack.undo()  # one step removes the whole pasted subtree
    assert len(design.cascade.nodes) == count and pasted not in page.scene.nodes
    stack.redo()
    assert len(design.cascade.nodes) == count + size and pasted in page.scene.nodes


def test_copy_and_paste_shortcuts_are_the_standard_ones(designer):
    page = designer.cascade.page
    assert QKeySequence(QKeySequence.StandardKey.Copy) in page.copy_action.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Paste) in page.paste_action.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Find) in page.find_action.shortcuts()
