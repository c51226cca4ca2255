"""Actuals rolled up the org tree, per metric and ISO week (SPEC §3, §5, §8 value roll-ups).

A unit's figure is the sum over its whole subtree — its own facts and every descendant's.
Ratio metrics roll up numerator and denominator separately, so a parent's ratio is
Σ numerators / Σ denominators of its subtree, never an average of its children's ratios.

Layout: every result is *week-major*, shape (weeks, units, metrics), units in the level
order of cascade_arrays. A week is then one contiguous (units, metrics) slab: the running
sum over weeks is one vector add per week, the alert and status passes read one slab per
week, and a level of the tree is a contiguous slice of every slab, so children reach their
parent with ``np.add.reduceat`` on sibling segments — no scattered gathers.

Facts are bucketed with one ``np.bincount`` on a flat cell index (week, unit, metric); bad
facts (unknown unit, metric or week, a non-finite value, a negative value where the metric
forbids it, a missing or negative denominator on a ratio metric) are left out and
*reported* with counts and examples, never silently dropped or included.
"""

from dataclasses import dataclass, field

import numpy as np

from desktop.engine.cascade_arrays import CascadeArrays, shape_of

NO_DAY = np.iinfo(np.int32).min  # "no fact yet" in day arrays
EXAMPLES = 5  # fact indices kept per rejection reason


@dataclass(frozen=True, slots=True)
class TreeShape:
    """The org tree in level order (see cascade_arrays): children of i are
    child_start[i]:child_end[i], level d is level_start[d]:level_start[d+1]."""

    parent: np.ndarray  # (n,) int64, -1 for roots, parent[i] < i
    child_start: np.ndarray
    child_end: np.ndarray
    level_start: np.ndarray

    @classmethod
    def from_level_order(cls, parent: np.ndarray) -> "TreeShape":
        parent = np.asarray(parent, dtype=np.int64)
        return cls(parent, *shape_of(parent))

    @classmethod
    def of(cls, arrays: CascadeArrays) -> "TreeShape":
        return cls(arrays.parent, arrays.child_start, arrays.child_end, arrays.level_start)

    @property
    def n(self) -> int:
        return len(self.parent)

    def accumulate_up(self, x: np.ndarray, axis: int = 0, ufunc=np.add) -> np.ndarray:
        """In place: each unit's entry along ``axis`` becomes ``ufunc`` over its subtree
        (add: subtree sums; maximum: subtree maxima). Bottom-up, one level at a time, the
        children of a level being contiguous sibling segments of the next one."""
        levels = self.level_start
        for d in range(len(levels) - 3, -1, -1):
            plo, phi = int(levels[d]), int(levels[d + 1])
            lo, hi = int(levels[d + 1]), int(levels[d + 2])
            counts = self.child_end[plo:phi] - self.child_start[plo:phi]
            if counts.all():  # every unit of the level has children: a plain slice
                parents: slice | np.ndarray = slice(plo, phi)
                offsets = self.child_start[plo:phi] - lo
            else:
                parents = plo + np.flatnonzero(counts)
                offsets = self.child_start[parents] - lo
            if len(offsets) == 0:
                continue
            children = _take(x, slice(lo, hi), axis)
            target = _take(x, parents, axis)
            ufunc(target, ufunc.reduceat(children, offsets, axis=axis, dtype=x.dtype), out=target)
            if not isinstance(parents, slice):  # fancy indexing copied: write back
                _put(x, parents, axis, target)
        return x

    def subtree_sum(self, x: np.ndarray, axis: int = 0) -> np.ndarray:
        """Sums over each unit's subtree (itself included) of per-unit values ``x``."""
        return self.accumulate_up(np.array(x, copy=True), axis=axis)


def _take(x: np.ndarray, index, axis: int) -> np.ndarray:
    return x[(slice(None),) * axis + (index,)]


def _put(x: np.ndarray, index, axis: int, values: np.ndarray) -> None:
    x[(slice(None),) * axis + (index,)] = values


@dataclass(slots=True)
class Facts:
    """Actuals as parallel arrays, one entry per fact. Several facts may fall in one
    unit × metric × week cell (entries on different days): they add up. Whether two of
    them are duplicates of one another is the importer's question, not the engine's."""

    unit: np.ndarray  # (F,) int, row of the unit in level order
    metric: np.ndarray  # (F,) int, column of the metric
    week: np.ndarray  # (F,) int, index on the period's week axis
    value: np.ndarray  # (F,) float; the numerator for ratio metrics
    denominator: np.ndarray | None = None  # (F,) float; ignored (may be NaN) for sum metrics
    # (F,) int days in any fixed epoch (e.g. date.toordinal()) for staleness; None: a fact
    # counts as made on the last day of its week, day 0 being the Monday of week 0
    day: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("unit", "metric", "week"):
            a = np.asarray(getattr(self, name))
            if a.dtype.kind not in "iu":
                if a.size:  # a float row index would be a bug upstream: say so here
                    raise TypeError(f"facts: {name} must be an integer array, not {a.dtype}")
                a = a.astype(np.int64)
            setattr(self, name, a)
        self.value = np.asarray(self.value, dtype=float)
        if self.denominator is not None:
            self.denominator = np.asarray(self.denominator, dtype=float)

    def __len__(self) -> int:
        return len(self.unit)

    def subset(self, keep: np.ndarray) -> "Facts":
        def pick(a):
            return None if a is None else a[keep]
        return Facts(self.unit[keep], self.metric[keep], self.week[keep], self.value[keep],
                     pick(self.denominator), pick(self.day))

    def days(self) -> np.ndarray:
        if self.day is not None:
            return np.asarray(self.day)
        return np.asarray(self.week, dtype=np.int64) * 7 + 6


@dataclass(frozen=True, slots=True)
class RejectedFacts:
    """Facts left out of the roll-up: count and the first few fact indices per reason
    ("unknown_unit", "unknown_metric", "week_outside_period", "value_not_finite",
    "negative_value", "denominator_missing", "negative_denominator")."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def check_facts(facts: Facts, n: int, ratio: np.ndarray, weeks: int,
                allow_negative: np.ndarray | None = None) -> tuple[np.ndarray | None,
                                                                     RejectedFacts]:
    """The mask of facts fit for the roll-up (None when all are) and what was rejected.
    A fact is counted under the first reason that applies, in the order above."""
    m = len(ratio)
    unit, metric, week = facts.unit, facts.metric, facts.week
    reasons: list[tuple[str, np.ndarray]] = []

    def outside(a, high):
        return (a < 0) | (a >= high) if len(a) and (a.min() < 0 or a.max() >= high) else None

    reasons.append(("unknown_unit", outside(unit, n)))
    reasons.append(("unknown_metric", outside(metric, m)))
    reasons.append(("week_outside_period", outside(week, weeks)))
    finite = np.isfinite(facts.value)
    reasons.append(("value_not_finite", None if finite.all() else ~finite))
    known_metric = np.clip(metric, 0, max(m - 1, 0))
    if allow_negative is not None and not np.all(allow_negative):
        negative = facts.value < 0
        if negative.any():
            reasons.append(("negative_value",
                            negative & ~np.asarray(allow_negative, bool)[known_metric]))
    if ratio.any():
        on_ratio = np.asarray(ratio, bool)[known_metric]
        den = facts.denominator
        if den is None:
            reasons.append(("denominator_missing", on_ratio))
        else:
            den_ok = np.isfinite(den)
            if not den_ok[on_ratio].all():
                reasons.append(("denominator_missing", on_ratio & ~den_ok))
            with np.errstate(invalid="ignore"):
                negative_den = den < 0
            if negative_den.any():
                reasons.append(("negative_denominator", on_ratio & negative_den))
    bad = np.zeros(len(facts), dtype=bool)
    counts, examples = {}, {}
    for reason, mask in reasons:
        if mask is None:
            continue
        fresh = mask & ~bad
        if fresh.any():
            counts[reason] = int(fresh.sum())
            examples[reason] = np.flatnonzero(fresh)[:EXAMPLES]
            bad |= fresh
    return (None if not counts else ~bad), RejectedFacts(counts, examples)


@dataclass(slots=True)
class Rollup:
    """Subtree sums per week (W, n, m). Denominators exist only for the ratio metrics:
    arrays (W, n, r) whose last axis follows ``ratio_metrics`` (column j of the metric
    axis is ``ratio_metrics[i]``) — sum metrics have none, and keeping them out halves
    the memory of the pass."""

    value: np.ndarray  # (W, n, m) Σ values (numerators) over the subtree, per week
    value_to_date: np.ndarray  # (W, n, m) running sum over weeks
    denominator: np.ndarray  # (W, n, r)
    denominator_to_date: np.ndarray  # (W, n, r)
    fact_count: np.ndarray  # (W, n, m) int32 facts in the subtree that week
    ratio: np.ndarray  # (m,) bool
    ratio_metrics: np.ndarray  # (r,) int, the metric columns of the denominator arrays
    rejected: RejectedFacts

    @property
    def weeks(self) -> int:
        return self.value.shape[0]

    def reported(self) -> np.ndarray:
        """(W, n, m) bool: some fact arrived for the unit's subtree that week."""
        return self.fact_count > 0

    def actual_to_date(self, week: int) -> np.ndarray:
        """(n, m) the figure compared with the plan by ``week``: the running sum for sum
        metrics, Σ numerators / Σ denominators to date for ratio metrics (NaN while the
        denominator is 0)."""
        out = self.value_to_date[week].copy()
        if len(self.ratio_metrics):
            den = self.denominator_to_date[week]
            num = out[:, self.ratio_metrics]
            out[:, self.ratio_metrics] = np.divide(num, den, out=np.full_like(num, np.nan),
                                                   where=den > 0)
        return out


def roll_up(tree: TreeShape, facts: Facts, ratio: np.ndarray, weeks: int,
            allow_negative: np.ndarray | None = None) -> Rollup:
    """Weekly subtree sums and running sums for every unit, metric and week."""
    ratio = np.asarray(ratio, dtype=bool)
    keep, rejected = check_facts(facts, tree.n, ratio, weeks, allow_negative)
    return roll_up_checked(tree, facts if keep is None else facts.subset(keep), ratio, weeks,
                           rejected)


def roll_up_checked(tree: TreeShape, facts: Facts, ratio: np.ndarray, weeks: int,
                    rejected: RejectedFacts) -> Rollup:
    """roll_up for facts ``check_facts`` has already cleaned (``rejected`` is its report)."""
    n, m = tree.n, len(ratio)
    ratio = np.asarray(ratio, dtype=bool)
    cells = weeks * n * m
    # int64 before multiplying: int32 unit rows times n·m would overflow
    cell = np.asarray(facts.week, dtype=np.int64) * n
    cell += facts.unit
    cell *= m
    cell += facts.metric
    # asarray(float): with no facts at all bincount answers in int64
    value = np.asarray(np.bincount(cell, weights=facts.value, minlength=cells),
                       dtype=float).reshape(weeks, n, m)
    count = np.bincount(cell, minlength=cells).astype(np.int32).reshape(weeks, n, m)
    ratio_metrics = np.flatnonzero(ratio)
    r = len(ratio_metrics)
    denominator = np.zeros((weeks, n, r))
    if r and facts.denominator is not None:  # without denominators, no ratio fact passed
        # one bincount over every cell, then keep the ratio columns: cheaper than masking
        # 10 M facts down to the ratio ones. Sum metrics' cells may collect NaN
        # denominators; they are the columns dropped.
        every = np.bincount(cell, weights=facts.denominator, minlength=cells)
        denominator = np.asarray(every.reshape(weeks, n, m)[:, :, ratio_metrics], dtype=float)
        del every
    for x in (value, count, denominator):
        tree.accumulate_up(x, axis=1)
    return Rollup(value, _running_sum(value), denominator, _running_sum(denominator), count,
                  ratio, ratio_metrics, rejected)


def _running_sum(x: np.ndarray) -> np.ndarray:
    """Cumulative sum over the week axis: one contiguous slab add per week (np.cumsum
    along axis 0 is about three times slower on these shapes)."""
    out = np.empty_like(x)
    if len(x):
        out[0] = x[0]
    for k in range(1, len(x)):
        np.add(out[k - 1], x[k], out=out[k])
    return out


def last_fact_day(tree: TreeShape, facts: Facts, m: int, through_week: int) -> np.ndarray:
    """(n, m) int: the latest day on which a fact for the metric arrived in the unit's
    subtree, counting facts of weeks 0..through_week; NO_DAY when none did. Facts the
    roll-up would reject are not counted (pass the facts ``check_facts`` keeps)."""
    n = tree.n
    days, unit, metric = facts.days(), facts.unit, facts.metric
    if days.dtype not in (np.int32, np.int64):
        days = days.astype(np.int64)
    if len(facts) and facts.week.max() > through_week:
        upto = facts.week <= through_week
        days, unit, metric = days[upto], unit[upto], metric[upto]
    pair = unit.astype(np.int64)
    pair *= m
    pair += metric
    # the same dtype on both sides keeps ufunc.at on its fast path (~40× faster)
    last = np.full(n * m, NO_DAY, dtype=days.dtype)
    np.maximum.at(last, pair, days)
    last = last.reshape(n, m)
    return tree.accumulate_up(last, axis=0, ufunc=np.maximum)
