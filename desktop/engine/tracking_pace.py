"""Expected pace, achievement rate and deviation (SPEC §5, §8).

  sum metrics    target-to-date_k = target · f_k      (f_k: plan fraction due by week k)
                 a_k = actual-to-date_k / target-to-date_k
  ratio metrics  a_k = (Σ num / Σ den)-to-date_k / target    (the ratio target is a level,
                 not an amount due over time, so the plan curve does not scale it)
  d_k = a_k − 1

An undefined achievement is NaN, never 0, and is counted by cause in ``PaceIssues``: a
missing (NaN), zero or negative target (a rate against a negative target has no
"ahead/behind" meaning), a week by which the plan has nothing due yet (f_k = 0), a ratio
with no denominator so far.

Thresholds and bands are compared with a tolerance of ``ROUNDING`` (1e-9): 85 of a target
of 100 is exactly 15% behind, though 0.85 − 1 is −0.15000000000000002 in floating point, and
"|d| > θ" must not fire on a rounding error.

Direction: ``shortfall`` turns a deviation into "how far behind" (> 0 behind, < 0 ahead)
— for a lower-is-better metric being above plan is being behind.
"""

from dataclasses import dataclass, field

import numpy as np

from desktop.domain.period import Period, PlanCurve
from desktop.engine.tracking_rollup import Rollup

ROUNDING = 1e-9  # see the module docstring: band edges are exact up to float rounding


@dataclass(frozen=True, slots=True)
class PaceIssues:
    target_missing: int = 0  # unit × metric pairs with a NaN target
    target_zero: int = 0
    target_negative: int = 0
    nothing_due: int = 0  # unit × metric × week cells of sum metrics where f_k = 0
    no_denominator: int = 0  # unit × metric × week cells of ratio metrics, Σ den = 0

    @property
    def total(self) -> int:
        return (self.target_missing + self.target_zero + self.target_negative
                + self.nothing_due + self.no_denominator)


@dataclass(slots=True)
class Pace:
    achievement: np.ndarray  # (W, n, m) a_k, NaN where undefined
    deviation: np.ndarray  # (W, n, m) d_k = a_k − 1
    target: np.ndarray  # (n, m) the published version's targets
    fraction: np.ndarray  # (W,) plan fraction due by the end of each week
    ratio: np.ndarray  # (m,) bool
    issues: PaceIssues = field(default_factory=PaceIssues)

    def target_to_date(self, week: int) -> np.ndarray:
        """(n, m): target · f_k for sum metrics, the target level for ratio metrics."""
        scale = np.where(self.ratio, 1.0, self.fraction[week])
        return self.target * scale


def plan_fractions(period: Period) -> np.ndarray:
    """(W,) the planned share due by the end of each of the period's weeks."""
    curve: PlanCurve = period.plan
    return np.asarray(curve.cumulative(len(period.weeks())), dtype=float)


def pace(rollup: Rollup, target: np.ndarray, fraction: np.ndarray) -> Pace:
    """Achievement and deviation for every unit, metric and week. ``target`` (n, m) holds
    the published targets in level order (NaN where a unit has none)."""
    target = np.asarray(target, dtype=float)
    fraction = np.asarray(fraction, dtype=float)
    weeks, n, m = rollup.value_to_date.shape
    if fraction.shape != (weeks,) or target.shape != (n, m):
        raise ValueError(f"pace: expected target ({n}, {m}) and fraction ({weeks},), got "
                         f"{target.shape} and {fraction.shape}")
    ratio, rcols = rollup.ratio, rollup.ratio_metrics
    usable = target > 0  # NaN compares False
    inverse_target = np.divide(1.0, target, out=np.full_like(target, np.nan), where=usable)
    due = fraction > 0
    inverse_fraction = np.divide(1.0, fraction, out=np.full_like(fraction, np.nan), where=due)

    achievement = np.empty((weeks, n, m))
    deviation = np.empty((weeks, n, m))
    no_denominator = 0
    for k in range(weeks):  # one (n, m) slab per week: no (W, n, m) temporaries
        # NaN · anything is NaN without a warning, so undefined cells need no masking
        scale = inverse_target * np.where(ratio, 1.0, inverse_fraction[k])
        a = achievement[k]
        np.multiply(rollup.value_to_date[k], scale, out=a)
        if len(rcols):
            den = rollup.denominator_to_date[k]
            has_den = den > 0
            no_denominator += int(den.size - np.count_nonzero(has_den))
            a[:, rcols] = np.divide(a[:, rcols], den, out=np.full(den.shape, np.nan),
                                    where=has_den)
        np.subtract(a, 1.0, out=deviation[k])

    additive_pairs = n * int(np.count_nonzero(~ratio))
    issues = PaceIssues(
        target_missing=int(np.count_nonzero(np.isnan(target))),
        target_zero=int(np.count_nonzero(target == 0)),
        target_negative=int(np.count_nonzero(target < 0)),
        nothing_due=additive_pairs * int(np.count_nonzero(~due)),
        no_denominator=no_denominator,
    )
    return Pace(achievement, deviation, target, fraction, ratio, issues)


def shortfall(deviation: np.ndarray, lower_is_better: np.ndarray) -> np.ndarray:
    """How far behind plan (metric axis last): −d for higher-is-better metrics, +d for
    lower-is-better ones. Positive is behind, negative ahead."""
    sign = np.where(np.asarray(lower_is_better, dtype=bool), 1.0, -1.0)
    return deviation * sign
