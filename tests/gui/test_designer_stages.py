"""A large cascade opens in stages (issue 5): its open cards straight from the store,
then their figures, then the whole model that edits work on. Until then every edit is
refused (and the edit actions are off); afterwards edits work and are saved. The demo
stands in for a large cascade with the thresholds lowered to its size."""

import random

import pytest

from desktop import document_cascade_open
from desktop.commands.cascade import MoveNodesCommand, RenameUnitCommand
from desktop.document_cascade_load import CARDS, EDITABLE, FIGURES, load_design
from desktop.document_summary import OrgOutline
from tests.gui.designer_helpers import regions


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(document_cascade_open, "AGGREGATE_ABOVE", 50)
    monkeypatch.setattr(document_cascade_open, "OPEN_CARDS", 10)


def _edits_refused(window, qtbot) -> None:
    document, design = window.document, window.document.design
    page = window.cascade.page
    top = design.cascade.roots()[0]
    unit_id = design.cascade.nodes[top].unit_id
    name = design.context.units[unit_id].name
    with qtbot.waitSignal(document.undo_stack.refused, timeout=1000) as refused:
        document.undo_stack.push(RenameUnitCommand(design, unit_id, "Renamed too early"))
    assert "loading" in refused.args[0]
    assert design.context.units[unit_id].name == name and document.undo_stack.count() == 0
    assert page.banner.isVisibleTo(page) and "loading" in page.banner.text()
    page.scene.nodes[top].setSelected(True)  # a card chosen: still nothing to edit it with
    assert not page.delete_action.isEnabled()
    assert not any(a.isEnabled() for a in page.add_actions.values())
    assert not page.layout_down_action.isEnabled() and not page.find_action.isEnabled()
    assert not window.cascade.what_if_action.isEnabled()
    assert not window.cascade.publish_action.isEnabled()
    with qtbot.waitSignal(page.scene.refused, timeout=1000):
        page.scene.toggle_collapsed(regions(design)[0] if design.children(top) else top)
    assert window.loading_label.isVisibleTo(window)
    assert not window.isWindowModified()


def test_a_large_cascade_opens_in_stages_and_edits_wait_for_the_whole_model(
        qtbot, window, demo_path, large, monkeypatch):
    import threading

    from desktop import document_cascade_stage

    # the last stage waits until the second has been looked at: on the demo the stages
    # follow each other within one turn of the event loop
    go_on, load_editing = threading.Event(), document_cascade_stage.load_editing

    def held_load_editing(*args, **kwargs):
        go_on.wait(30)
        return load_editing(*args, **kwargs)

    monkeypatch.setattr(document_cascade_stage, "load_editing", held_load_editing)
    document = window.document
    design = document.design
    with qtbot.waitSignal(document.cascadeShown, timeout=30_000):
        document.open(demo_path)
    page = window.cascade.page
    assert window.tabs.currentWidget() is page
    # 1. the open cards: the top and its regions, their subtrees counted, no figures yet
    assert design.stage == CARDS and design.aggregated and not design.is_editable
    top = design.cascade.roots()[0]
    shown = set(page.scene.nodes)
    assert len(shown) == 7 and top in shown
    east = next(n for n in shown if n != top)
    card = design.card(east)
    assert card.computing and card.collapsed and card.below > 0 and card.children > 0
    assert design.outline.total == 112
    places = {n: (item.x(), item.y()) for n, item in page.scene.nodes.items()}
    items = dict(page.scene.nodes)
    assert "Computing" in window.loading_label.text()
    _edits_refused(window, qtbot)
    # 2. the figures
    with qtbot.waitSignal(design.figuresShown, timeout=30_000):
        pass
    assert design.stage == FIGURES
    card = design.card(east)
    assert not card.computing and card.key_value > 0
    assert "editing" in window.loading_label.text()
    _edits_refused(window, qtbot)
    figures = {n: design.card(n).key_value for n in shown}
    # 3. the whole model: the same cards, at the same places, now editable
    with qtbot.waitSignal(document.designLoaded, timeout=60_000):
        go_on.set()
    assert design.stage == EDITABLE and design.is_editable
    assert len(design.cascade.nodes) == 112
    assert page.scene.nodes == items  # not rebuilt
    assert {n: (i.x(), i.y()) for n, i in page.scene.nodes.items()} == places
    assert {n: design.card(n).key_value for n in shown} == figures
    card = design.card(east)
    assert card.below == len(design.subtree(east)) - 1
    assert not window.loading_label.isVisibleTo(window)
    assert window.cascade.what_if_action.isEnabled()
    assert not window.isWindowModified()
    # the figures reused from the second stage are those a whole load computes
    whole = load_design(document.workspace)
    assert whole.arrays.node_ids == design.arrays.node_ids
    assert (whole.result.targets == design.result.targets).all()
    # edits work now, and are saved
    unit_id = design.cascade.nodes[east].unit_id
    document.undo_stack.push(RenameUnitCommand(design, unit_id, "East, renamed"))
    x, y = places[top]
    document.undo_stack.push(MoveNodesCommand(design, {top: (x, y)}, {top: (x + 40, y)}))
    assert page.scene.nodes[top].x() == x + 40
    assert window.isWindowModified()
    with qtbot.waitSignal(document.saved, timeout=30_000):
        document.save()
    # in the file: nothing lost (a large cascade reopens in its open layout, so the
    # moved card's place is read from the store)
    from desktop.store import loads

    with document.workspace.read() as conn:
        stored = loads.cascades(conn, only=design.cascade.id)[0]
    assert stored.nodes[top].x == x + 40
    with qtbot.waitSignal(document.designLoaded, timeout=60_000):
        document.open(demo_path)
    assert design.context.units[unit_id].name == "East, renamed"


def test_the_demo_opens_whole_and_editable_at_once(qtbot, window, demo_path):
    document, design = window.document, window.document.design
    figures: list[bool] = []
    design.figuresShown.connect(lambda: figures.append(True))
    with qtbot.waitSignals([document.cascadeShown, document.designLoaded], timeout=30_000):
        document.open(demo_path)
    assert design.stage == EDITABLE and design.is_editable and not design.aggregated
    assert not figures and not window.loading_label.isVisibleTo(window)
    assert not any(design.card(n).computing for n in design.cascade.nodes)
    assert document.summary.counts["org_unit"] == 112  # a small workspace: counted at once


def test_a_large_workspace_loads_its_org_tree_after_its_cards(qtbot, window, demo_path,
                                                              monkeypatch):
    from desktop import document_summary

    monkeypatch.setattr(document_summary, "AT_ONCE", 50)
    document = window.document
    with qtbot.waitSignal(document.opened, timeout=30_000):
        document.open(demo_path)
    assert document.summary.counts == {} and len(document.summary.org) == 0
    with qtbot.waitSignal(document.summaryChanged, timeout=30_000):
        pass
    assert document.summary.counts["org_unit"] == len(document.summary.org) == 112
    assert window.org_dock.model.rowCount() == 1  # the company, its tree below


def test_the_outline_is_the_loop_it_replaces():
    """OrgOutline.build (numpy) gives what the per-unit loop gave, on random forests."""
    class Columns:
        def __init__(self, parent_index):
            self.parent_index = parent_index

        def __len__(self):
            return len(self.parent_index)

    rng = random.Random(5)
    for size in (0, 1, 2, 50, 700):
        parents = [rng.randrange(-1, k) if k else -1 for k in range(size)]
        children: list[list[int]] = [[] for _ in range(size)]
        roots: list[int] = []
        row = [0] * size
        for unit, parent in enumerate(parents):
            siblings = roots if parent < 0 else children[parent]
            row[unit] = len(siblings)
            siblings.append(unit)
        outline = OrgOutline.build(Columns(parents))
        assert outline.roots == roots and outline.row == row
        assert [outline.children[k] for k in range(size)] == children


def test_a_write_between_the_figures_and_the_model_is_not_missed(
        qtbot, window, demo_path, large, monkeypatch):
    """Another process changes a factor after the figures were read: the editable stage
    computes anew rather than reusing figures of a file that no longer is."""
    import threading

    from desktop import document_cascade_stage
    from desktop.store.workspace import Workspace

    go_on, load_editing = threading.Event(), document_cascade_stage.load_editing

    def held_load_editing(*args, **kwargs):
        go_on.wait(30)
        return load_editing(*args, **kwargs)

    monkeypatch.setattr(document_cascade_stage, "load_editing", held_load_editing)
    document, design = window.document, window.document.design
    with qtbot.waitSignal(design.figuresShown, timeout=30_000):
        document.open(demo_path)
    before = design.result.targets.copy()
    east = regions(design)[0]
    unit = design.context.units[design.cascade.nodes[east].unit_id]
    other = Workspace.open(demo_path)
    try:
        with other.read() as conn:
            factors = dict(conn.exec_driver_sql(
                "SELECT f.factor, f.value FROM unit_factor f JOIN org_unit u "
                "ON u.key = f.unit_key WHERE u.id = ?", (unit.id,)).fetchall())
        factor, value = next(iter(sorted(factors.items())))
        with other.transaction("another process") as tx:
            tx.update("unit_factor", {"unit_id": unit.id, "factor": factor},
                      {"value": value * 3 + 1})
    finally:
        other.close()
    with qtbot.waitSignal(document.designLoaded, timeout=60_000):
        go_on.set()
    whole = load_design(document.workspace)
    assert (whole.result.targets == design.result.targets).all()
    assert not (before == design.result.targets).all()  # the write moved the targets
