"""Weight vectors: non-negative, summing to 1 within WEIGHT_TOLERANCE, or flagged."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import WEIGHT_TOLERANCE


@dataclass(frozen=True, slots=True)
class WeightCheck:
    ok: bool
    total: float
    problem: str = ""


def check_weights(weights: Mapping[str, float], what: str = "weights") -> WeightCheck:
    """Check a weight vector; the result names the problem instead of raising, so that a
    half-edited cascade can be shown with its problems flagged (SPEC §6 path soundness)."""
    values = list(weights.values())
    if any(not math.isfinite(v) for v in values):
        return WeightCheck(False, math.nan, f"{what}: a weight is not a number")
    if any(v < 0 for v in values):
        return WeightCheck(False, sum(values), f"{what}: a weight is negative")
    total = math.fsum(values)
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        return WeightCheck(False, total, f"{what} sum to {total:.6g}, not 1")
    return WeightCheck(True, total)


def normalised(weights: Mapping[str, float]) -> dict[str, float]:
    """The weights scaled to sum to 1 (within WEIGHT_TOLERANCE).

    Refuses (InvalidValueError, a ValueError) negative or non-finite weights and an all-0
    vector: scaling those cannot give a valid weight vector."""
    values = list(weights.values())
    if any(not math.isfinite(v) for v in values):
        raise InvalidValueError("cannot normalise weights: a weight is not a finite number")
    if any(v < 0 for v in values):
        raise InvalidValueError("cannot normalise weights: a weight is negative")
    peak = max(values, default=0.0)
    if peak <= 0:
        raise InvalidValueError("cannot normalise weights that sum to 0")
    # divide by the largest first, so that huge weights cannot overflow the sum
    total = math.fsum(v / peak for v in values)
    return {k: (v / peak) / total for k, v in weights.items()}
