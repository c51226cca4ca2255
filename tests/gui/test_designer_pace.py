"""The designer's cards carry their unit's pace and health (issue 5: "pace status colour,
health when known"): the tracking engine's status of the card's key metric colours its
stripe (and the zoomed-out map), its health shows on the card and in the tooltip."""

from PySide6.QtGui import QColor

from desktop.canvas.items import NO_STATUS, STATUS_COLOURS
from desktop.services.unit_status import unit_status
from tests.gui.designer_helpers import regions


def test_cards_show_the_pace_and_health_the_tracking_engine_computes(qtbot, designer):
    design, scene = designer.document.design, designer.cascade.page.scene
    qtbot.waitUntil(lambda: design.unit_status is not None, timeout=30_000)
    expected = unit_status(designer.document.workspace, design.context.period.code)
    metric = design.context.metrics[design.key_metric]
    statuses, healths = set(), []
    for node_id in design.cascade.nodes:
        card = design.card(node_id)
        unit_id = design.cascade.nodes[node_id].unit_id
        assert card.status == expected.status(unit_id, metric.code)
        assert card.health == expected.health_of(unit_id)
        statuses.add(card.status)
        healths.append(card.health)
    # the demo's regions run at different paces, and every unit reporting has a health
    assert len(statuses - {None}) >= 2
    assert sum(h is not None for h in healths) > len(healths) / 2
    region = regions(design)[0]
    card = design.card(region)
    item = scene.nodes[region]
    assert item._stripe(card) == QColor(STATUS_COLOURS.get(card.status, NO_STATUS))
    assert item._stripe(card) != QColor(NO_STATUS)
    tip = scene._tooltip(region)
    assert "Pace: " in tip and f"Health: {card.health:.0f}" in tip


def test_a_new_status_refreshes_every_card_and_follows_the_key_metric(qtbot, designer):
    design = designer.document.design
    qtbot.waitUntil(lambda: design.unit_status is not None, timeout=30_000)
    status = design.unit_status
    changed = []
    design.numbersChanged.connect(changed.append)
    design.set_unit_status(status)  # refreshes every card
    assert changed and len(changed[-1]) == len(design.cascade.nodes)
    metric_codes = status.metric_codes
    assert len(metric_codes) > 1
    node = regions(design)[1]
    unit_id = design.cascade.nodes[node].unit_id
    by_metric = {m: status.status(unit_id, m) for m in metric_codes}
    assert design.card(node).status == by_metric[
        design.context.metrics[design.key_metric].code]
