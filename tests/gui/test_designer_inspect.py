"""The inspector (rule, targets, locks, provenance), what-if and publish, File ▸ Save,
recovery after a crash, and pictures of the designer."""

import json
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from desktop.document import WorkspaceDocument
from desktop.services.design import recovery_path
from desktop.widgets.main_window import MainWindow
from tests.gui.designer_helpers import (
    regions,
    select,
)


def _rows(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_rule_edit_in_the_inspector_recomputes_the_cards(designer):
    design, inspector = designer.document.design, designer.cascade.inspector
    stack = designer.document.undo_stack
    east, south = regions(design)[:2]
    select(designer, east)
    assert inspector.node_id == east and inspector.title.text() == design.unit_of(east).name
    before = {n: design.card(n).key_value for n in regions(design)}
    weights_before = design.card(east).weights
    for value in (0.4, 0.6, 0.8):  # typing: one undo step
        inspector.beta.setValue(value)
    assert stack.count() == 1
    after = {n: design.card(n).key_value for n in regions(design)}
    assert after != before  # the engine's new targets, on the cards
    i = design.row(south)
    assert design.card(south).key_value == design.result.targets[i, design.key_metric]
    inspector.alpha.setValue(50)  # another field: another step; weights move
    assert stack.count() == 2 and design.card(east).weights != weights_before
    table = inspector.table
    assert table.item(0, 1).background().color() == QColor("#fff1b8")  # changed: marked
    stack.undo()
    stack.undo()
    assert {n: design.card(n).key_value for n in regions(design)} == before
    assert inspector.beta.value() == 0.2 and inspector.alpha.value() == 70


def test_lock_and_set_a_target_in_the_inspector(designer):
    design, inspector = designer.document.design, designer.cascade.inspector
    east, south = regions(design)[:2]
    select(designer, east)
    south_before = design.card(south).key_value
    lock = inspector.table.item(0, 3)
    lock.setCheckState(Qt.CheckState.Checked)
    assert design.card(east).locked
    inspector.table.item(0, 2).setText("9000000")
    assert design.card(east).key_value == 9_000_000
    assert design.card(south).key_value < south_before  # the rest is spread over siblings
    designer.document.undo_stack.undo()
    designer.document.undo_stack.undo()
    assert not design.card(east).locked and design.card(south).key_value == south_before


def test_why_opens_the_provenance(qtbot, designer):
    design, inspector = designer.document.design, designer.cascade.inspector
    east = regions(design)[0]
    select(designer, east)
    inspector.table.cellWidget(0, 4).click()
    dialog = designer.cascade.provenance
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "inherited  70%" in text and "× share" in text
    dialog.close()


def test_what_if_then_publish(qtbot, designer, demo_path):
    design, controls = designer.document.design, designer.cascade
    versions = _rows(demo_path, "select count(*) from cascade_version")[0][0]
    east = regions(design)[0]
    select(designer, east)
    controls.inspector.beta.setValue(0.6)
    controls.what_if_action.trigger()
    dock = controls.what_if_dock
    assert dock.isVisible() and dock.model.rowCount() > 0
    assert design.card(east).delta is not None  # coloured on the canvas
    dock.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # sortable
    dock.publish_button.click()
    dialog = controls.publish_dialog
    assert dialog is not None
    dialog.note.setPlainText("More weight on local factors")
    with qtbot.waitSignal(designer.document.published, timeout=30_000):
        dialog.publish.click()
    rows = _rows(demo_path, "select number, note from cascade_version order by number")
    assert len(rows) == versions + 1 and rows[-1][1] == "More weight on local factors"
    assert not designer.isWindowModified()  # saved before publishing
    qtbot.waitUntil(lambda: dock.model.rowCount() == 0)  # nothing differs any more
    assert design.card(east).delta is None


def test_save_writes_one_transaction(qtbot, designer, demo_path):
    design, page = designer.document.design, designer.cascade.page
    logged = _rows(demo_path, "select count(*) from change_log")[0][0]
    east = regions(design)[0]
    select(designer, east)
    page.add_actions["person"].trigger()
    select(designer, east)
    designer.cascade.inspector.alpha.setValue(60)
    page.layout_down_action.trigger()
    assert designer.cascade.save_action.isEnabled()
    with qtbot.waitSignal(designer.document.saved, timeout=30_000):
        designer.cascade.save_action.trigger()
    assert not designer.isWindowModified()
    new = _rows(demo_path, f"select txn_id, entity from change_log limit -1 offset {logged}")
    assert len({txn for txn, _ in new}) == 1  # one transaction
    entities = {entity for _, entity in new}
    assert {"org_unit", "target_node", "cascade_edge", "rule"} <= entities
    assert _rows(demo_path, "select alpha from rule")[0][0] == 0.6
    assert "Saved" in designer.status.currentMessage()


def test_recover_after_a_crash(qtbot, demo_path):
    # a session that edits, autosaves, and then dies without saving or closing
    lost = WorkspaceDocument()
    with qtbot.waitSignal(lost.designLoaded, timeout=30_000):
        lost.open(demo_path)
    design = lost.design
    east = regions(design)[0]
    from desktop.commands.cascade import EditRuleCommand

    rule = design.cascade.edges[east].rule_id
    lost.undo_stack.push(EditRuleCommand(design, rule, "alpha", 0.55))
    lost.autosave()
    lost.wait()
    assert json.loads(recovery_path(demo_path).read_text("utf-8"))["rules"][0]["alpha"] == 0.55
    lost.autosave_timer.stop()
    lost.workspace.engine.dispose()  # the crash: nothing else runs

    document = WorkspaceDocument()
    window = MainWindow(document)
    document.setParent(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(document.recoveryFound, timeout=30_000):
        document.open(demo_path)
    box = window.cascade.recovery_box
    assert box is not None
    recover = next(b for b in box.buttons() if b.text() == "Recover")
    recover.click()
    assert document.design.context.rules[rule].alpha == 0.55
    assert window.isWindowModified()
    document.undo_stack.undo()  # the recovery itself is one undo step
    assert document.design.context.rules[rule].alpha == 0.7
    document.undo_stack.redo()
    with qtbot.waitSignal(document.saved, timeout=30_000):
        document.save()
    assert not recovery_path(demo_path).exists()
    assert _rows(demo_path, "select alpha from rule")[0][0] == 0.55


def test_discarding_a_recovery_deletes_it(qtbot, window, demo_path):
    path = recovery_path(demo_path)
    path.write_text(json.dumps({"format": "targetflow-design-recovery", "version": 1,
                                "saved_at": "2025-05-01T10:00:00", "cascade": {"id": "x"}}))
    with qtbot.waitSignal(window.document.designLoaded, timeout=30_000):
        window.document.open(demo_path)
    assert window.cascade.recovery_box is None  # another cascade's file: not offered
    assert path.exists()


def _not_blank(image: QImage) -> int:
    colours = set()
    small = image.scaled(200, 120)
    for y in range(small.height()):
        for x in range(small.width()):
            colours.add(small.pixel(x, y))
    return len(colours)


def test_designer_screenshot_is_not_blank(qtbot, designer, tmp_path):
    page = designer.cascade.page
    page.layout_down_action.trigger()
    page.view.set_scale(0.8)
    page.view.centerOn(page.scene.nodes[designer.document.design.cascade.roots()[0]])
    out = tmp_path / "designer.png"
    assert page.grab().save(str(out))
    image = QImage(str(out))
    assert image.width() > 400 and _not_blank(image) > 40


def test_designer_in_chinese(qtbot, designer):
    from desktop.widgets import language

    language.apply("zh_CN")
    try:
        qtbot.waitUntil(lambda: designer.tabs.tabText(1) == "设计器")
        assert designer.cascade.page.palette_buttons["region"].text() == "+ 大区"
        assert designer.cascade.inspector.windowTitle() == "检查器"
    finally:
        language.apply("en")
