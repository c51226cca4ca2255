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
