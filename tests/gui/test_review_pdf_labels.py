"""The review PDF's charts are legible when printed (issue 6): each chart is laid out at
the size of its slot on the page, so its labels print at their own point size (≥ 8 pt),
and drawn at twice the resolution so they stay sharp. Laid out at twice the slot and
shrunk, they printed at about 4 pt."""

from desktop.services.review import load_review
from desktop.store.workspace import Workspace
from desktop.widgets.review_export import chart_steps
from desktop.widgets.review_report import MARGIN, PAGE_W, RADAR_H, TREND_H


def test_charts_are_drawn_at_their_slot_size_twice_as_sharp(qapp, demo_path):
    with Workspace.open(demo_path) as ws:
        data = load_review(ws)
    images = {}
    steps = list(chart_steps(data, "2025-06", "light", images))
    assert steps[-1] == len(data.regions()) + 2
    trend, radar = images["trend-company"], images[f"radar-{data.regions()[0]}"]
    assert trend.devicePixelRatio() == 2 and radar.devicePixelRatio() == 2
    assert (trend.width(), trend.height()) == (2 * (PAGE_W - 2 * MARGIN), 2 * TREND_H)
    assert (radar.width(), radar.height()) == (2 * int((PAGE_W - 2 * MARGIN) / 2 - 6),
                                               2 * RADAR_H)
    # drawn, not blank: the lines and labels use more than a handful of colours
    small = trend.scaled(160, 90)
    assert len({small.pixel(x, y) for x in range(160) for y in range(90)}) > 20
