"""Periods (cycles such as 2025-Q2), their ISO weeks and the plan curve."""

import datetime as dt
import math
import numbers
import re
from dataclasses import dataclass, field

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id

_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


def iso_week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_iso_week(label: str) -> dt.date:
    """The Monday of an ISO week label such as ``2025-W20``."""
    match = _WEEK.fullmatch(label) if isinstance(label, str) else None
    if not match:
        raise InvalidValueError(f"{label!r} is not an ISO week like 2025-W20")
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise InvalidValueError(f"{label!r}: {exc}") from None


@dataclass(frozen=True, slots=True)
class PlanCurve:
    """How much of a period's target is due by the end of each week.

    ``profile`` is None for the default linear pace; otherwise it holds one relative
    weight per week (e.g. a seasonal shape), and the cumulative share is their running sum
    normalised to 1.
    """

    profile: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if self.profile is None:
            return
        object.__setattr__(self, "profile", tuple(self.profile))
        if any(isinstance(w, bool) or not isinstance(w, numbers.Real) or not math.isfinite(w)
               or w < 0 for w in self.profile) or sum(self.profile) <= 0:
            raise InvalidValueError(
                "plan curve: weekly weights must be finite numbers ≥ 0, not all 0"
            )

    def cumulative(self, weeks: int) -> list[float]:
        if weeks <= 0:
            return []
        if self.profile is None:
            return [(k + 1) / weeks for k in range(weeks)]
        if len(self.profile) != weeks:
            raise InvalidValueError(
                f"plan curve: profile has {len(self.profile)} weeks, the period has {weeks}"
            )
        total, running, out = sum(self.profile), 0.0, []
        for w in self.profile:
            running += w
            out.append(running / total)
        out[-1] = 1.0
        return out


@dataclass(slots=True)
class Period:
    code: str  # "2025-Q2"
    start: dt.date
    end: dt.date  # inclusive
    plan: PlanCurve = field(default_factory=PlanCurve)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(f"period {self.code}: ends before it starts")
        if self.plan.profile is not None and len(self.plan.profile) != len(self.weeks()):
            raise InvalidValueError(
                f"period {self.code}: the plan profile has {len(self.plan.profile)} weeks, "
                f"the period has {len(self.weeks())}"
            )

    def weeks(self) -> list[str]:
        """The ISO weeks of the period, in order: those whose Thursday falls in it.

        That is ISO's own rule for which year a week belongs to, applied to periods: a
        week that straddles two quarters belongs to exactly one of them (2025-W14, from
        Monday 31 March, is Q2's), so consecutive periods never share a week and a quarter
        has 13 weeks (12 or 14 in some years). A period too short to hold a Thursday gets
        the weeks it overlaps.
        """
        monday = self.start - dt.timedelta(days=self.start.weekday())
        overlapping = []
        while monday <= self.end:
            overlapping.append(monday)
            monday += dt.timedelta(days=7)
        owned = [m for m in overlapping if self.start <= m + dt.timedelta(days=3) <= self.end]
        return [iso_week_label(m) for m in (owned or overlapping)]

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def fraction_due(self, week: str) -> float:
        """Planned share of the target due by the end of ``week`` (0 before, 1 after)."""
        weeks = self.weeks()
        curve = self.plan.cumulative(len(weeks))
        if week in weeks:
            return curve[weeks.index(week)]
        return 0.0 if parse_iso_week(week) < parse_iso_week(weeks[0]) else 1.0


def quarter(year: int, q: int) -> Period:
    """The calendar quarter ``q`` (1-4) of ``year`` with a linear plan."""
    if q not in (1, 2, 3, 4):
        raise InvalidValueError(f"quarter must be 1-4, not {q}")
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return Period(code=f"{year}-Q{q}", start=start, end=end)
