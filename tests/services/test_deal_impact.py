"""A deal's impact on the company figure (issue 6 §5), by hand-computed numbers."""

import numpy as np
import pytest

from desktop.services.deal_impact import deal_impact, order_key

# metrics: collections (money, sum), contracts (count), high-margin share (ratio)
RATIO = np.array([False, False, True])
MONEY = np.array([True, False, False])
NUMERATOR = np.array([200.0, 40.0, 30.0])  # company to date; share: 30 / 100
DENOMINATOR = np.array([np.nan, np.nan, 100.0])


def test_a_high_margin_deal_raises_the_share_by_its_points():
    impact = deal_impact(np.array([10.0]), np.array([True]), NUMERATOR, DENOMINATOR,
                         RATIO, MONEY)
    # without it: (30 - 10) / (100 - 10) = 0.2222…; 100 · (0.30 − 0.2222…) = +7.78 pts
    assert impact[0, 2] == pytest.approx(100 * (0.30 - 20 / 90)) == pytest.approx(7.7778,
                                                                                 abs=1e-4)
    assert impact[0, 0] == pytest.approx(10 / 200)  # 5% of the company's collections
    assert np.isnan(impact[0, 1])  # a deal is not counted in a count metric


def test_a_deal_on_another_line_pulls_the_share_down():
    impact = deal_impact(np.array([10.0, 0.0]), np.array([False, True]), NUMERATOR,
                         DENOMINATOR, RATIO, MONEY)
    # without it: 30 / 90 = 0.3333…; 100 · (0.30 − 0.3333…) = −3.33 pts
    assert impact[0, 2] == pytest.approx(-10 / 3)
    assert impact[1, 2] == pytest.approx(0.0) and impact[1, 0] == 0.0


def test_the_whole_company_in_one_deal_is_undefined_not_infinite():
    impact = deal_impact(np.array([100.0]), np.array([True]), NUMERATOR, DENOMINATOR,
                         RATIO, MONEY)
    assert np.isnan(impact[0, 2])
    key = order_key(impact, RATIO)
    assert np.isfinite(key).all()


def test_deals_are_ordered_by_points_on_the_ratio_then_by_share():
    impact = deal_impact(np.array([1.0, 10.0, 5.0]), np.array([True, False, True]),
                         NUMERATOR, DENOMINATOR, RATIO, MONEY)
    # +3.68 (100 · (0.30 − 25 / 95)), −3.33, +1.01 pts (100 · (0.30 − 29 / 99))
    assert impact[:, 2] == pytest.approx([100 * (0.3 - 29 / 99), -10 / 3,
                                          100 * (0.3 - 25 / 95)])
    assert np.argsort(-order_key(impact, RATIO), kind="stable").tolist() == [2, 1, 0]
    no_ratio = np.array([False, False, False])
    assert np.argsort(-order_key(impact[:, :2], no_ratio[:2]),
                      kind="stable").tolist() == [1, 2, 0]
