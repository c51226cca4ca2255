"""Periods: ISO weeks (checked against datetime.isocalendar), plan curves, fraction due."""

import datetime as dt
import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import InvalidValueError
from desktop.domain.period import Period, PlanCurve, iso_week_label, parse_iso_week, quarter


def iso_weeks_by_calendar(start: dt.date, end: dt.date) -> list[str]:
    """The reference, day by day: the isocalendar weeks of the period's Thursdays, or, for a
    period holding no Thursday, of every day it covers."""
    every: list[str] = []
    thursdays: list[str] = []
    day = start
    while day <= end:
        year, week, weekday = day.isocalendar()
        label = f"{year}-W{week:02d}"
        if not every or every[-1] != label:
            every.append(label)
        if weekday == 4:
            thursdays.append(label)
        day += dt.timedelta(days=1)
    return thursdays or every


# --- quarters and their weeks -------------------------------------------------------------

@pytest.mark.parametrize(("year", "q", "start", "end"), [
    (2025, 1, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
    (2025, 2, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
    (2025, 3, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    (2024, 4, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    (2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),  # leap year
])
def test_quarter_bounds(year, q, start, end):
    period = quarter(year, q)
    assert (period.code, period.start, period.end) == (f"{year}-Q{q}", start, end)
    assert period.plan == PlanCurve()


@pytest.mark.parametrize("q", [0, 5, -1])
def test_quarter_must_be_1_to_4(q):
    with pytest.raises(InvalidValueError, match="1-4"):
        quarter(2025, q)


def test_2025_q1_and_q2_weeks():
    q1, q2 = quarter(2025, 1), quarter(2025, 2)
    # W01's Thursday is 2 January; W14 (from Monday 31 March) has its Thursday in April,
    # so it is Q2's; W27 (from Monday 30 June) has its Thursday in July: Q3's
    assert q1.weeks() == [f"2025-W{k:02d}" for k in range(1, 14)]
    assert q2.weeks() == [f"2025-W{k:02d}" for k in range(14, 27)]
    assert not set(q1.weeks()) & set(q2.weeks())


@pytest.mark.parametrize(("year", "q", "first", "last"), [
    (2024, 4, "2024-W40", "2024-W52"),  # 2025-W01's Thursday is 2 January 2025
    (2025, 4, "2025-W40", "2025-W52"),  # 2026-W01's Thursday is 1 January 2026
    (2026, 1, "2026-W01", "2026-W13"),  # 2026-01-01 is a Thursday: W01 is Q1's
    (2021, 1, "2021-W01", "2021-W12"),  # 2020-W53's Thursday is 31 December 2020
    (2027, 1, "2027-W01", "2027-W12"),
])
def test_weeks_across_iso_year_boundaries(year, q, first, last):
    period = quarter(year, q)
    weeks = period.weeks()
    assert (weeks[0], weeks[-1]) == (first, last)
    assert weeks == iso_weeks_by_calendar(period.start, period.end)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
       length=st.integers(0, 400))
def test_weeks_match_isocalendar(start, length):
    period = Period("p", start, start + dt.timedelta(days=length))
    weeks = period.weeks()
    assert weeks == iso_weeks_by_calendar(period.start, period.end)
    for label in weeks:  # labels round-trip through parse_iso_week
        assert iso_week_label(parse_iso_week(label)) == label


def test_period_must_not_end_before_it_starts():
    with pytest.raises(InvalidValueError, match="p1: ends before it starts"):
        Period("p1", dt.date(2025, 2, 1), dt.date(2025, 1, 31))
    one_day = Period("p2", dt.date(2025, 2, 1), dt.date(2025, 2, 1))
    assert one_day.weeks() == ["2025-W05"]


def test_contains_is_inclusive():
    q2 = quarter(2025, 2)
    assert q2.contains(dt.date(2025, 4, 1)) and q2.contains(dt.date(2025, 6, 30))
    assert not q2.contains(dt.date(2025, 3, 31)) and not q2.contains(dt.date(2025, 7, 1))


# --- ISO week labels ----------------------------------------------------------------------

def test_iso_week_label_and_parse():
    assert iso_week_label(dt.date(2024, 12, 30)) == "2025-W01"
    assert iso_week_label(dt.date(2021, 1, 3)) == "2020-W53"
    assert parse_iso_week("2025-W20") == dt.date(2025, 5, 12)
    assert parse_iso_week("2025-W01") == dt.date(2024, 12, 30)
    assert parse_iso_week("2026-W53") == dt.date(2026, 12, 28)


@pytest.mark.parametrize("label", ["2025-W53", "2025-W00", "2025-W99"])
def test_parse_iso_week_refuses_weeks_the_year_lacks(label):
    with pytest.raises(InvalidValueError, match=label):
        parse_iso_week(label)


@pytest.mark.parametrize("label", ["2025-20", "2025W20", "2025-W5", "25-W20", "2025-W20 ",
                                   "2025-W20\n", " 2025-W20", "2025-w20", "",
                                   "２０２５-W20", "2025-W２0"])
def test_parse_iso_week_refuses_malformed_labels(label):
    with pytest.raises(InvalidValueError, match="is not an ISO week"):
        parse_iso_week(label)


# --- plan curves --------------------------------------------------------------------------

def test_linear_curve():
    assert PlanCurve().cumulative(4) == [0.25, 0.5, 0.75, 1.0]
    assert PlanCurve().cumulative(0) == []
    assert PlanCurve().cumulative(-3) == []


def test_profile_curve_is_the_normalised_running_sum():
    curve = PlanCurve((1, 1, 2, 0, 4)).cumulative(5)
    assert curve == pytest.approx([0.125, 0.25, 0.5, 0.5, 1.0])
    assert curve[-1] == 1.0


def test_profile_of_the_wrong_length_is_refused():
    with pytest.raises(InvalidValueError, match="profile has 3 weeks, the period has 4"):
        PlanCurve((1, 2, 3)).cumulative(4)
    with pytest.raises(InvalidValueError, match="2025-Q2: the plan profile has 14 weeks"):
        Period("2025-Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30), PlanCurve((1,) * 14))
    period = Period("2025-Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30), PlanCurve((1,) * 13))
    assert period.fraction_due("2025-W26") == 1.0


@pytest.mark.parametrize("profile", [(1, -1, 2), (0, 0, 0), (1, math.nan, 1),
                                     (1, math.inf, 1), (1, "2", 1)])
def test_profile_weights_must_be_finite_non_negative_and_not_all_zero(profile):
    with pytest.raises(InvalidValueError, match="weekly weights"):
        PlanCurve(profile)


def test_profile_is_kept_as_a_tuple():
    assert PlanCurve([1, 2]).profile == (1, 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=60)
       .filter(lambda p: sum(p) > 0))
def test_profile_curves_are_monotone_and_end_at_one(profile):
    curve = PlanCurve(tuple(profile)).cumulative(len(profile))
    assert len(curve) == len(profile)
    assert curve[-1] == 1.0
    assert all(0.0 <= x <= 1.0 for x in curve)
    assert all(a <= b for a, b in itertools.pairwise(curve))


@given(st.integers(1, 60))
def test_linear_curves_are_monotone_and_end_at_one(weeks):
    curve = PlanCurve().cumulative(weeks)
    assert len(curve) == weeks and curve[-1] == 1.0
    assert all(0 < a < b for a, b in itertools.pairwise(curve))


# --- fraction due -------------------------------------------------------------------------

def test_fraction_due_linear_within_before_and_after():
    q2 = quarter(2025, 2)  # 13 weeks, 2025-W14 .. 2025-W26
    assert q2.fraction_due("2025-W14") == pytest.approx(1 / 13)
    assert q2.fraction_due("2025-W20") == pytest.approx(7 / 13)
    assert q2.fraction_due("2025-W26") == 1.0
    assert q2.fraction_due("2025-W27") == 1.0
    assert q2.fraction_due("2025-W13") == 0.0
    assert q2.fraction_due("2024-W30") == 0.0
    assert q2.fraction_due("2025-W28") == 1.0
    assert q2.fraction_due("2026-W01") == 1.0


def test_fraction_due_follows_the_profile():
    weights = (0,) * 9 + (1, 1, 1, 1)  # a back-loaded quarter
    q2 = Period("2025-Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30), PlanCurve(weights))
    assert q2.fraction_due("2025-W22") == 0.0
    assert q2.fraction_due("2025-W23") == 0.25
    assert q2.fraction_due("2025-W25") == 0.75


def test_fraction_due_across_the_iso_year_boundary():
    q4 = quarter(2024, 4)
    assert q4.fraction_due("2024-W52") == 1.0  # the period's own last week
    assert q4.fraction_due("2025-W01") == 1.0  # Q1 2025's first week: after the period
    assert q4.fraction_due("2024-W51") == pytest.approx(12 / 13)
    assert q4.fraction_due("2025-W02") == 1.0
    assert q4.fraction_due("2024-W39") == 0.0


def test_fraction_due_refuses_malformed_weeks():
    with pytest.raises(InvalidValueError):
        quarter(2025, 2).fraction_due("June")
