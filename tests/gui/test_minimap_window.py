"""The minimap on a tree far wider than its proportions (a 100 000-unit region expanded
into thousands of teams): it shows a readable window of the tree around the main view
and slides it along, instead of a thin line of sub-pixel cards."""

from desktop.canvas.minimap import MIN_SCALE
from tests.gui.designer_helpers import regions


def _spread_regions(design, gap: float) -> list[str]:
    chosen = regions(design)
    design.move_nodes({n: (gap * k, 0.0) for k, n in enumerate(chosen)})
    return chosen


def test_a_tree_that_fits_is_shown_whole(designer):
    minimap = designer.cascade.page.minimap
    minimap.refit()
    assert not minimap.is_windowed()
    tree = designer.cascade.page.scene.visible_bounds()
    shown = minimap.mapToScene(minimap.viewport().rect()).boundingRect()
    assert shown.contains(tree)


def test_a_very_wide_tree_gets_a_readable_window_that_follows_the_view(qtbot, designer):
    page = designer.cascade.page
    minimap, view = page.minimap, page.view
    chosen = _spread_regions(page.design, 200_000.0)  # ~1 000 000 scene px wide
    view.set_scale(1.0)
    view.centerOn(page.scene.nodes[chosen[0]])
    minimap.refit()
    assert minimap.is_windowed()
    # cards stay at least MIN_SCALE of their size: the whole tree would be 400x smaller
    assert minimap.transform().m11() >= MIN_SCALE * 0.95
    frame = minimap.mapFromScene(minimap.shown_rect()).boundingRect()
    assert minimap.viewport().rect().intersects(frame)
    # the main view jumps to the far end: the window slides there with it
    view.centerOn(page.scene.nodes[chosen[-1]])
    qtbot.wait(10)
    frame = minimap.mapFromScene(minimap.shown_rect()).boundingRect()
    assert minimap.viewport().rect().intersects(frame)
    window = minimap.mapToScene(minimap.viewport().rect()).boundingRect()
    assert window.contains(page.scene.nodes[chosen[-1]].sceneBoundingRect().center())
    # back to a compact layout: whole again
    page.design.move_nodes({n: (200.0 * k, 0.0) for k, n in enumerate(chosen)})
    minimap.refit()
    assert not minimap.is_windowed()
