"""Metrics (what is measured) and the strategic dimensions they belong to."""

from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class Aggregation(StrEnum):
    """How a metric rolls up the org tree.

    SUM: the parent's value is the sum of its children's.
    RATIO: each fact carries a numerator (its value) and a denominator; the parent's value
    is sum(numerators) / sum(denominators) — never an average of the children's ratios.
    """

    SUM = "sum"
    RATIO = "ratio"


@dataclass(slots=True)
class Dimension:
    code: str  # "finance", "sales", "product"
    name: str
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Metric:
    code: str
    name: str
    unit: str  # display unit: "CNY", "count", "%"
    dimension_id: str | None
    aggregation: Aggregation = Aggregation.SUM
    direction: Direction = Direction.HIGHER_IS_BETTER
    allow_negative: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not self.code:
            raise InvalidValueError(f"metric {self.name!r}: code must not be empty")
        try:
            self.aggregation = Aggregation(self.aggregation)
        except ValueError:
            raise InvalidValueError(
                f"metric {self.code}: unknown aggregation {self.aggregation!r}"
            ) from None
        try:
            self.direction = Direction(self.direction)
        except ValueError:
            raise InvalidValueError(
                f"metric {self.code}: unknown direction {self.direction!r}"
            ) from None

    @property
    def is_additive(self) -> bool:
        return self.aggregation is Aggregation.SUM


@dataclass(slots=True)
class ProductLine:
    code: str
    name: str
    high_margin: bool = False
    id: str = field(default_factory=new_id)
