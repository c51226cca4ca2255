"""Pace status and health of every unit, for the designer's cards (issue 5: "pace status
colour, health when known"): the tracking engine's pass at the week the period has
reached, read-only (no alert is raised or resolved), and the health index's overall
score for the latest month that has one.

The colour follows the metric the card shows (its key target), so the number and the
colour on a card always speak of the same thing; a unit that has not reported within the
grace period is *outdated* whatever its last colour (SPEC §8).
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np

from desktop.engine.tracking_status import NO_DATA, STATUS_NAMES
from desktop.services.health import health_index
from desktop.services.tracking import evaluate
from desktop.services.tracking_data import load_tracking
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class UnitStatus:
    period: str
    week_label: str  # the week the status is evaluated at
    month: str | None  # the month the health scores are of (None: no month scored)
    metric_codes: list[str]
    row_of_unit: dict[str, int]  # unit id -> row
    shown: np.ndarray  # (n, m) int8 tracking_status codes (OUTDATED where stale)
    health: np.ndarray  # (n,) overall health 0–100 of ``month``, NaN: not scored

    def status(self, unit_id: str, metric_code: str) -> str | None:
        """"on_track", "at_risk", "off_track", "outdated", or None (no data, unknown)."""
        row = self.row_of_unit.get(unit_id)
        if row is None or metric_code not in self.metric_codes:
            return None
        code = int(self.shown[row, self.metric_codes.index(metric_code)])
        return None if code == NO_DATA else STATUS_NAMES[code]

    def health_of(self, unit_id: str) -> float | None:
        row = self.row_of_unit.get(unit_id)
        if row is None or np.isnan(self.health[row]):
            return None
        return float(self.health[row])


def unit_status(ws: Workspace, period_code: str | None = None,
                today: dt.date | None = None) -> UnitStatus:
    """The status of ``period_code``'s units (default: the latest period with a cascade)
    at the last week begun by ``today`` (default: the clock's date)."""
    data = load_tracking(ws, period_code)
    week = data.week_index(None, today or dt.datetime.now(dt.UTC).date())
    evaluation = evaluate(data, week)
    health = health_index(ws, data=data)
    # the latest month with a score anywhere: a period not yet begun has none
    scored = [k for k in range(len(health.months)) if not np.isnan(health.overall[k]).all()]
    month = scored[-1] if scored else None
    overall = (health.overall[month] if month is not None
               else np.full(data.n, np.nan))
    org = data.org
    return UnitStatus(
        data.period.code, data.week_labels[week],
        health.months[month] if month is not None else None,
        [m.code for m in data.metrics], {u: i for i, u in enumerate(org.ids)},
        evaluation.status.shown, np.asarray(overall, dtype=float))
