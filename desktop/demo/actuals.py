"""Weekly actuals for every rep × metric × ISO week of both quarters (vectorised).

Each rep's weekly value is its share of the company target spread evenly over the
period's weeks (the default linear plan), times the region's weekly performance from
the story, a persistent rep effect and weekly noise. Counts are rounded on the running
total so they stay integers without drifting; the high-margin share is stored as its
numerator (high-margin collections) with the week's collections as the denominator.
"""

import datetime as dt

import numpy as np

from desktop.demo.catalogue import Catalogue
from desktop.demo.company import Company
from desktop.demo.story import COMPANY_TARGETS, SUM_METRICS, high_margin_share, performance
from desktop.domain.period import Period, parse_iso_week
from desktop.store.clock import day_number


def week_days(period: Period) -> np.ndarray:
    """The day each week's actual is dated: the week's Friday, kept within the period."""
    out = []
    for label in period.weeks():
        friday = parse_iso_week(label) + dt.timedelta(days=4)
        out.append(day_number(min(max(friday, period.start), period.end)))
    return np.array(out)


def generate(company: Company, cat: Catalogue, shares: np.ndarray,
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Columns (unit index, metric code index, day, value, denominator) for all reps."""
    reps = company.reps
    n = reps.size
    region = company.region[reps]
    codes = [*SUM_METRICS, "high_margin_share"]
    days, values = [], []
    for q, period in sorted(cat.periods.items()):
        day = week_days(period)
        weeks = day.size
        plan = np.array([COMPANY_TARGETS[q][m] for m in SUM_METRICS])[None, :] * shares[reps, None]
        effect = rng.normal(0, 0.05, (n, 1, 1)) + rng.normal(0, 0.03, (n, len(SUM_METRICS), 1))
        noise = rng.normal(0, 0.05, (n, len(SUM_METRICS), weeks))
        flow = plan[:, :, None] / weeks * performance(q, weeks)[region] * (1 + effect) * (1 + noise)
        flow = np.maximum(flow, 0.0)
        weekly = np.empty_like(flow)
        weekly[:, 0] = np.maximum(np.round(flow[:, 0]), 1.0)  # collections, whole CNY
        running = np.round(np.cumsum(flow[:, 1:], axis=-1))  # counts: round the total
        weekly[:, 1:] = np.diff(running, axis=-1, prepend=0.0)
        share = (high_margin_share(q, weeks)[region] + rng.normal(0, 0.02, (n, 1))
                 + rng.normal(0, 0.02, (n, weeks)))
        numerator = np.round(weekly[:, 0] * np.clip(share, 0.0, 1.0))
        values.append(np.concatenate([weekly, numerator[:, None, :]], axis=1))  # (n, 4, W)
        days.append(day)
    # rows ordered as the natural key (unit, metric, day): the index builds from sorted input
    value = np.concatenate(values, axis=2)
    shape = value.shape
    denominator = np.full(shape, np.nan)
    denominator[:, 3] = value[:, 0]
    return {"unit": np.broadcast_to(reps[:, None, None], shape).ravel(),
            "metric": np.broadcast_to(np.arange(len(codes))[None, :, None], shape).ravel(),
            "day": np.broadcast_to(np.concatenate(days)[None, None, :], shape).ravel(),
            "value": value.ravel(), "denominator": denominator.ravel(),
            "codes": np.array(codes)}
