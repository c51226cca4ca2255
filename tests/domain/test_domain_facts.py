"""Facts (actuals, incentive spend), versions and acknowledgements."""

import datetime as dt
import math

import pytest

from desktop.domain.errors import InvalidValueError
from desktop.domain.facts import Actual, FactSource, IncentiveSpend
from desktop.domain.version import Acknowledgement, CascadeVersion

DAY = dt.date(2025, 5, 12)


def test_actual_keeps_its_source_and_denominator():
    a = Actual("u", "share", DAY, 12.0, denominator=40.0, source=FactSource.CRM)
    assert (a.value, a.denominator, a.source) == (12.0, 40.0, "crm")
    assert Actual("u", "rev", DAY, -5.0).denominator is None  # refunds may be negative


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_actual_refuses_non_finite_values(bad):
    with pytest.raises(InvalidValueError, match="actual value"):
        Actual("u", "rev", DAY, bad)
    with pytest.raises(InvalidValueError, match="actual denominator"):
        Actual("u", "share", DAY, 1.0, denominator=bad)


def test_actual_is_immutable():
    a = Actual("u", "rev", DAY, 1.0)
    with pytest.raises(AttributeError):
        a.value = math.nan  # type: ignore[misc]


@pytest.mark.parametrize(("metric_id", "line_id"), [("rev", None), (None, "hm"), ("rev", "hm")])
def test_incentive_spend_names_a_metric_or_product_line(metric_id, line_id):
    spend = IncentiveSpend("u", DAY, 1000.0, metric_id=metric_id, product_line_id=line_id)
    assert spend.amount == 1000.0


@pytest.mark.parametrize(("metric_id", "line_id"), [(None, None), ("", None), (None, "")])
def test_incentive_spend_without_a_target_is_refused(metric_id, line_id):
    with pytest.raises(InvalidValueError, match="metric or a product line"):
        IncentiveSpend("u", DAY, 10.0, metric_id=metric_id, product_line_id=line_id)


@pytest.mark.parametrize("amount", [-0.01, math.nan, math.inf])
def test_incentive_spend_amount_is_finite_and_not_negative(amount):
    with pytest.raises(InvalidValueError, match="finite amount"):
        IncentiveSpend("u", DAY, amount, metric_id="rev")


def test_zero_incentive_spend_is_allowed():
    assert IncentiveSpend("u", DAY, 0.0, product_line_id="hm").amount == 0.0


def test_acknowledgement_latency_in_days():
    published = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)
    version = CascadeVersion("c", 2, published, "hrbp")
    ack = Acknowledgement(version.id, "east", published + dt.timedelta(days=1, hours=6), "mgr")
    assert ack.latency_days(version) == pytest.approx(1.25)
    same = Acknowledgement(version.id, "east", published, "mgr")
    assert same.latency_days(version) == 0.0


def test_acknowledgement_latency_across_time_zones():
    published = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)
    version = CascadeVersion("c", 1, published, "hrbp")
    shanghai = dt.timezone(dt.timedelta(hours=8))
    ack = Acknowledgement(version.id, "south", dt.datetime(2025, 4, 2, 17, 0, tzinfo=shanghai),
                          "mgr")
    assert ack.latency_days(version) == pytest.approx(1.0)


def test_acknowledgement_of_another_version_is_refused():
    when = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    v1, v2 = CascadeVersion("c", 1, when, "a"), CascadeVersion("c", 2, when, "a")
    with pytest.raises(InvalidValueError, match="another version"):
        Acknowledgement(v1.id, "u", when, "m").latency_days(v2)
