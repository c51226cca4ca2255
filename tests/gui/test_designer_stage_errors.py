"""What goes wrong around a large cascade's staged opening: gestures before it is
editable, a Save As or an editing stage that fails, another file opened (or the window
closed) half-way, a summary that could not be completed; and that a small cascade's
workspace is shown before its cascade is loaded. The demo stands in for a large cascade
with the thresholds lowered to its size."""

import logging
import shutil
import threading
import time

import pytest
from PySide6.QtCore import QMimeData, QPointF

from desktop import document_cascade_open, document_cascade_stage
from desktop.commands.cascade import RenameUnitCommand
from desktop.commands.cascade_edges import MoveUnderCommand
from desktop.document_cascade_load import CARDS, EDITABLE, FIGURES
from tests.gui.designer_helpers import regions


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(document_cascade_open, "AGGREGATE_ABOVE", 50)
    monkeypatch.setattr(document_cascade_open, "OPEN_CARDS", 10)


def _hold(monkeypatch, name: str) -> tuple[threading.Event, list]:
    """Stage ``name`` of document_cascade_stage waits for the event; the calls'
    workspaces are recorded."""
    go_on, real, calls = threading.Event(), getattr(document_cascade_stage, name), []

    def held(ws, *args, **kwargs):
        calls.append(ws)
        assert go_on.wait(30)
        return real(ws, *args, **kwargs)

    monkeypatch.setattr(document_cascade_stage, name, held)
    return go_on, calls


class _Drop:
    """The part of a QGraphicsSceneDragDropEvent the scene's drop checks read."""

    def __init__(self, mime: QMimeData, pos: QPointF) -> None:
        self._mime, self._pos = mime, pos

    def mimeData(self):
        return self._mime

    def scenePos(self):
        return self._pos

    def modifiers(self):
        from PySide6.QtCore import Qt

        return Qt.KeyboardModifier.NoModifier


@pytest.mark.parametrize("stage", [CARDS, FIGURES])
def test_a_unit_kind_or_an_edge_drag_does_nothing_before_the_cascade_is_editable(
        qtbot, window, demo_path, large, monkeypatch, stage):
    from desktop.canvas.scene_drops import KIND_MIME

    go_on, _ = _hold(monkeypatch, "load_editing")
    if stage == CARDS:
        figures_go_on, _ = _hold(monkeypatch, "load_figures")
    document, design = window.document, window.document.design
    signal = document.cascadeShown if stage == CARDS else design.figuresShown
    with qtbot.waitSignal(signal, timeout=30_000):
        document.open(demo_path)
    assert design.stage == stage
    page = window.cascade.page
    top = design.cascade.roots()[0]
    cards = set(page.scene.nodes)
    # dropped on a card: the drag is not accepted there
    mime = QMimeData()
    mime.setData(KIND_MIME, b"team")
    at = page.scene.nodes[top].sceneBoundingRect().center()
    assert page.scene._drop_card(_Drop(mime, at)) is None
    # what a drop would have called: no crash, no unit, nothing selected that is not there
    page.add_child_to(top, "team")
    assert set(page.scene.nodes) == cards and document.undo_stack.count() == 0
    # an edge's handle and a card's port are not offered either
    assert not page.view.edge_drags._usable()
    go_on.set()
    if stage == CARDS:
        figures_go_on.set()
    with qtbot.waitSignal(document.designLoaded, timeout=60_000):
        pass
    assert page.scene._drop_card(_Drop(mime, at)) is not None
    page.add_child_to(top, "team")
    assert document.undo_stack.count() == 1 and len(page.scene.selected_nodes()) == 1


def test_a_failed_save_as_half_way_through_the_stages_still_ends_editable(
        qtbot, window, demo_path, large, monkeypatch, tmp_path):
    from desktop.store.errors import WorkspaceError
    from desktop.store.workspace import Workspace

    go_on, _ = _hold(monkeypatch, "load_editing")
    document, design = window.document, window.document.design
    with qtbot.waitSignal(design.figuresShown, timeout=30_000):
        document.open(demo_path)

    def disk_full(self, path):
        raise WorkspaceError(path, "disk full")

    monkeypatch.setattr(Workspace, "save_as", disk_full)
    go_on.set()
    with qtbot.waitSignal(document.failed, timeout=30_000):
        document.save_as(tmp_path / "copy.tfw")
    with qtbot.waitSignal(document.designLoaded, timeout=60_000):
        pass
    assert document.path == demo_path
    assert design.stage == EDITABLE and not document.design_loading
    top = design.cascade.roots()[0]
    unit_id = design.cascade.nodes[top].unit_id
    document.undo_stack.push(RenameUnitCommand(design, unit_id, "Still editable"))
    assert design.context.units[unit_id].name == "Still editable"


def test_an_editing_stage_that_fails_says_so_instead_of_in_a_moment(
        qtbot, window, demo_path, large, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the model would not build")

    monkeypatch.setattr(document_cascade_stage, "load_editing", broken)
    document, design = window.document, window.document.design
    with qtbot.waitSignal(document.jobFailed, timeout=30_000) as failed:
        document.open(demo_path)
    assert failed.args[0] == "design"
    assert design.stage == FIGURES and not document.design_loading
    assert not window.loading_label.isVisibleTo(window)
    top = design.cascade.roots()[0]
    with qtbot.waitSignal(document.undo_stack.refused, timeout=1000) as refused:
        document.undo_stack.push(RenameUnitCommand(design, design.cascade.nodes[top].unit_id,
                                                   "x"))
    assert "could not be loaded for editing" in refused.args[0]
    assert "the model would not build" in refused.args[0] and "moment" not in refused.args[0]
    inspector, page = window.cascade.inspector, window.cascade.page
    assert "could not be loaded for editing" in inspector.placeholder.text()
    assert page.banner.isVisibleTo(page) and "reopen" in page.banner.text()


def test_opening_another_file_half_way_skips_the_rest_of_the_first_files_stages(
        qtbot, window, demo_path, large, monkeypatch, tmp_path):
    go_on, figures = _hold(monkeypatch, "load_figures")
    editing, real_editing = [], document_cascade_stage.load_editing
    monkeypatch.setattr(document_cascade_stage, "load_editing",
                        lambda ws, *a, **k: (editing.append(ws), real_editing(ws, *a, **k))[1])
    document, design = window.document, window.document.design
    other = tmp_path / "other.tfw"
    shutil.copy(demo_path, other)
    with qtbot.waitSignal(document.cascadeShown, timeout=30_000):
        document.open(demo_path)
    first = document.workspace
    qtbot.waitUntil(lambda: len(figures) == 1, timeout=10_000)  # the figures are read
    document.open(other)
    go_on.set()
    with qtbot.waitSignal(document.designLoaded, timeout=60_000):
        pass
    assert document.path == other and design.stage == EDITABLE
    assert first not in editing  # the first file's editing stage never ran
    assert all(ws is not first for ws in figures[1:])


def test_closing_half_way_does_not_wait_for_the_remaining_stages(
        qtbot, window, demo_path, large, monkeypatch):
    go_on, figures = _hold(monkeypatch, "load_figures")
    editing = []
    monkeypatch.setattr(document_cascade_stage, "load_editing",
                        lambda *a, **k: editing.append(a) or time.sleep(5))
    document = window.document
    with qtbot.waitSignal(document.cascadeShown, timeout=30_000):
        document.open(demo_path)
    qtbot.waitUntil(lambda: len(figures) == 1, timeout=10_000)
    threading.Timer(0.3, go_on.set).start()
    started = time.monotonic()
    document.close()
    assert time.monotonic() - started < 4  # the figures' rest, not the editing stage
    assert not editing


def test_undoing_a_move_under_another_parent_restores_the_old_siblings_order(
        qtbot, designer):
    document, design = designer.document, designer.document.design
    east, west = regions(design)[:2]
    before = list(design.children(east))
    first = before[0]
    x, y = design.cascade.nodes[west].x, design.cascade.nodes[west].y
    document.undo_stack.push(MoveUnderCommand(design, first, west, None, (x - 400, y)))
    assert design.parent(first) == west and first not in design.children(east)
    document.undo_stack.undo()
    assert design.children(east) == before
    document.undo_stack.redo()
    # in the order the cascade's edges have them, as a reopened workspace shows them
    assert first in design.children(west)
    assert design.children(west) == [c for c, e in design.cascade.edges.items()
                                     if e.parent_node_id == west]


def test_a_save_completes_an_org_tree_that_failed_to_load(
        qtbot, window, demo_path, monkeypatch, caplog):
    from desktop import document_summary

    monkeypatch.setattr(document_summary, "AT_ONCE", 10)  # the demo's org tree: partial

    def broken(*_args, **_kwargs):
        raise RuntimeError("no memory for the org tree")

    monkeypatch.setattr("desktop.document_stages.load_summary", broken)
    document, design = window.document, window.document.design
    with caplog.at_level(logging.WARNING, logger="desktop.document_stages"), \
            qtbot.waitSignal(document.designLoaded, timeout=30_000):
        document.open(demo_path)
    qtbot.waitUntil(lambda: "no memory for the org tree" in caplog.text, timeout=10_000)
    assert not document.summary.counts and not len(document.summary.org)
    top = design.cascade.roots()[0]
    document.undo_stack.push(RenameUnitCommand(design, design.cascade.nodes[top].unit_id,
                                               "Renamed"))
    with qtbot.waitSignal(document.summaryChanged, timeout=30_000):
        document.save()
    assert document.summary.counts and len(document.summary.org) > 10


def test_a_small_cascade_does_not_hold_back_its_workspace(qtbot, window, demo_path,
                                                          monkeypatch):
    go_on, calls = _hold(monkeypatch, "load_design")
    document = window.document
    with qtbot.waitSignal(document.opened, timeout=30_000):
        document.open(demo_path)
    assert document.design_loading  # the cascade is still being loaded (held)
    go_on.set()
    with qtbot.waitSignal(document.designLoaded, timeout=30_000):
        pass
    assert len(calls) == 1 and document.design.stage == EDITABLE


def test_a_bad_file_while_reading_the_cards_is_not_reported_as_a_bug(
        qtbot, window, demo_path, large, monkeypatch, capfd):
    from desktop.store.errors import WorkspaceError

    def locked(ws, *_args, **_kwargs):
        raise WorkspaceError(ws.path, "the file is locked")

    monkeypatch.setattr(document_cascade_stage, "load_cards", locked)
    document = window.document
    with qtbot.waitSignal(document.jobFailed, timeout=30_000) as failed:
        document.open(demo_path)
    assert failed.args[0] == "design" and "locked" in str(failed.args[1])
    assert "Traceback" not in capfd.readouterr().err
