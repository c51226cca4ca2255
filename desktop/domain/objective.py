"""Objectives: company-level goals with strategic dimension weights (SPEC §3)."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id
from desktop.domain.metric import Metric
from desktop.domain.weights import check_weights


@dataclass(slots=True)
class Objective:
    """E.g. "raise the high-margin product share to 45%", with dimension weights
    finance 0.40 / sales 0.35 / product 0.25.

    ``metric_shares`` optionally splits a dimension's weight over its metrics (relative
    numbers; missing metrics of a dimension share equally). ``strategic_product_lines``
    are the product lines this objective marks strategic (SPEC §6 case figures).
    """

    code: str
    title: str
    period_id: str
    dimension_weights: dict[str, float]  # dimension id -> weight
    metric_shares: dict[str, float] = field(default_factory=dict)  # metric id -> share
    strategic_product_lines: set[str] = field(default_factory=set)  # product line ids
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check = check_weights(self.dimension_weights, f"objective {self.code}: dimension weights")
        if not check.ok:
            raise InvalidValueError(check.problem)
        if any(not math.isfinite(v) or v < 0 for v in self.metric_shares.values()):
            raise InvalidValueError(
                f"objective {self.code}: metric shares must be finite numbers ≥ 0"
            )

    def metric_weights(self, metrics: Iterable[Metric]) -> dict[str, float]:
        """The company node's weight per metric: each dimension's weight split over that
        dimension's metrics by their shares (equal when none is set)."""
        by_dimension: dict[str, list[Metric]] = {}
        for metric in metrics:
            if metric.dimension_id is not None:
                by_dimension.setdefault(metric.dimension_id, []).append(metric)
        out: dict[str, float] = {}
        for dim_id, weight in self.dimension_weights.items():
            members = by_dimension.get(dim_id, [])
            if not members:
                if weight > 0:
                    raise InvalidValueError(
                        f"objective {self.code}: dimension {dim_id} has weight {weight} "
                        "but no metric"
                    )
                continue
            shares = _shares(members, self.metric_shares)
            for metric in members:
                out[metric.id] = weight * shares[metric.id]
        return out

    def strategic_metrics(self, metrics: Iterable[Metric]) -> set[str]:
        return {m for m, w in self.metric_weights(metrics).items() if w > 0}


def _shares(members: list[Metric], shares: Mapping[str, float]) -> dict[str, float]:
    raw = {m.id: shares.get(m.id, 1.0) for m in members}
    total = sum(raw.values())
    if total <= 0:
        return {m.id: 1.0 / len(members) for m in members}
    return {k: v / total for k, v in raw.items()}
