"""Legends are renamed in place when a switch keeps the same plot items (a unit switch
renames the radar's series): no new graphics widgets; other items rebuild them."""

import pyqtgraph as pg

from desktop.charts.theme import set_legend


def test_same_items_are_renamed_in_place_other_items_rebuild(qapp):
    legend = pg.LegendItem()
    a, b, c = pg.PlotDataItem(), pg.PlotDataItem(), pg.PlotDataItem()
    assert set_legend(legend, [(a, "East"), (b, "Head office")], "#000000")
    labels = [label for _sample, label in legend.items]
    assert not set_legend(legend, [(a, "North"), (b, "Head office")], "#000000")
    assert [label for _sample, label in legend.items] == labels  # the same widgets
    assert [label.text for _sample, label in legend.items] == ["North", "Head office"]
    # a series more (or another item): rebuilt, in the order given
    assert set_legend(legend, [(a, "North"), (b, "Head office"), (c, "alert raised")],
                      "#000000")
    assert [s.item for s, _label in legend.items] == [a, b, c]
    assert set_legend(legend, [(c, "alert raised")], "#000000")
    assert [label.text for _sample, label in legend.items] == ["alert raised"]


def test_a_chart_made_narrower_keeps_its_layout_inside_the_widget(qtbot):
    """A resize reaches the chart's layout before its legend drops columns: the layout
    must come back to the view, not stay as wide as the legend was."""
    import numpy as np

    from desktop.charts.radar import RadarChart, RadarSeries

    radar = RadarChart()
    qtbot.addWidget(radar)
    radar.resize(640, 360)
    radar.show()
    radar.set_axes(["同步及时性", "路径合理性", "资源匹配度", "反馈响应速度"])
    values = np.array([50.0, 60.0, 70.0, 80.0])
    radar.set_data([RadarSeries(f"华东大区 East China {k}", values) for k in range(6)],
                   RadarSeries("总部 Head Office", values))
    qtbot.wait(30)
    radar.resize(350, 360)
    qtbot.wait(30)
    assert radar.ci.geometry().width() <= radar.width()
    assert radar.plot.vb.width() <= radar.width()
