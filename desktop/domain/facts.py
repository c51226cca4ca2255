"""Facts: actuals, CRM opportunities (and their stage history) and incentive spend.

Facts are many; the store loads them as arrays for the engines. These records are the
parsed, validated shape that imports and the demo generator produce.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id


class FactSource(StrEnum):
    CSV = "csv"
    CRM = "crm"
    MANUAL = "manual"
    DEMO = "demo"
    PACKAGE = "package"


@dataclass(frozen=True, slots=True)
class Actual:
    """A metric value for a unit on a date. For ratio metrics ``value`` is the numerator
    and ``denominator`` is required; for sum metrics it is None."""

    unit_id: str
    metric_id: str
    day: dt.date
    value: float
    denominator: float | None = None
    source: FactSource = FactSource.MANUAL

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise InvalidValueError("actual value must be a finite number")
        if self.denominator is not None and not math.isfinite(self.denominator):
            raise InvalidValueError("actual denominator must be a finite number")


class DealActivity(StrEnum):
    CREATED = "created"
    ADVANCED = "advanced"  # moved to a later stage
    WON = "won"
    LOST = "lost"


@dataclass(slots=True)
class Opportunity:
    crm_id: str
    name: str
    owner_unit_id: str
    product_line_id: str
    stage: str
    probability: float
    amount: float
    created_on: dt.date
    close_on: dt.date | None
    is_won: bool = False
    is_closed: bool = False
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class DealEvent:
    """One step of a deal's history: the CRM activity of SPEC §6 consistency."""

    opportunity_id: str
    day: dt.date
    activity: DealActivity
    stage: str


@dataclass(frozen=True, slots=True)
class IncentiveSpend:
    unit_id: str
    day: dt.date
    amount: float
    metric_id: str | None = None
    product_line_id: str | None = None

    def __post_init__(self) -> None:
        if not self.metric_id and not self.product_line_id:
            raise InvalidValueError("incentive spend must name a metric or a product line")
        if not math.isfinite(self.amount) or self.amount < 0:
            raise InvalidValueError("incentive spend must be a finite amount ≥ 0")
