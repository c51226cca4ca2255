"""Weight vectors: non-negative, summing to 1 within WEIGHT_TOLERANCE, or flagged."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

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
    total = math.fsum(weights.values())
    if total <= 0:
        raise ValueError("cannot normalise weights that sum to 0")
    return {k: v / total for k, v in weights.items()}
