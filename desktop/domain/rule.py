"""Cascade rules (SPEC §4): how a child inherits weights and targets from its parent."""

import math
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id

DEFAULT_ALPHA = 0.70
DEFAULT_RATIO_BAND = 0.05


class AllocationKey(StrEnum):
    EQUAL = "equal"
    HEADCOUNT = "headcount"
    LAST_ACTUAL = "last_actual"
    CUSTOM = "custom"  # a named column (local factor) given by ``custom_key``


@dataclass(slots=True)
class CascadeRule:
    """One rule; ``is_template`` marks the reusable ones in the palette.

    w_c = α·w_p + (1−α)·ℓ_c, ℓ_c ∝ max(0, b + Fᵀz_c); shares s_c ∝ key_c·max(0, 1+β·z̄_c).
    ``tilt`` is F as {factor: {metric id: coefficient}}; ``base`` is b (None means the
    parent's weights); ``factor_weights`` weights the mean z̄ (None: plain mean).
    """

    name: str
    alpha: float = DEFAULT_ALPHA
    tilt: dict[str, dict[str, float]] = field(default_factory=dict)
    base: dict[str, float] | None = None
    allocation_key: AllocationKey = AllocationKey.EQUAL
    custom_key: str | None = None
    beta: float = 0.0
    overage: float = 0.0
    ratio_band: float = DEFAULT_RATIO_BAND
    factor_weights: dict[str, float] | None = None
    is_template: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        try:
            self.allocation_key = AllocationKey(self.allocation_key)
        except ValueError:
            raise InvalidValueError(
                f"rule {self.name!r}, field allocation_key: unknown key {self.allocation_key!r}"
            ) from None
        self.validate()

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every parameter out of range; empty when valid."""
        out: list[tuple[str, str]] = []

        def bad_number(value: float) -> bool:
            return not isinstance(value, int | float) or not math.isfinite(value)

        if bad_number(self.alpha) or not 0.0 <= self.alpha <= 1.0:
            out.append(("alpha", f"inherit share must be within [0, 1], not {self.alpha}"))
        if bad_number(self.beta):
            out.append(("beta", "factor sensitivity must be a number"))
        if bad_number(self.overage) or self.overage < 0:
            out.append(("overage", f"overage must be ≥ 0, not {self.overage}"))
        if bad_number(self.ratio_band) or self.ratio_band < 0:
            out.append(("ratio_band", f"ratio band must be ≥ 0, not {self.ratio_band}"))
        for factor, row in self.tilt.items():
            for metric_id, coef in row.items():
                if bad_number(coef):
                    out.append(("tilt", f"tilt {factor} → {metric_id} is not a number"))
        for metric_id, value in (self.base or {}).items():
            if bad_number(value) or value < 0:
                out.append(("base", f"base weight for {metric_id} must be a number ≥ 0"))
        for factor, value in (self.factor_weights or {}).items():
            if bad_number(value) or value < 0:
                out.append(("factor_weights", f"weight of factor {factor} must be ≥ 0"))
        if self.allocation_key is AllocationKey.CUSTOM and not (self.custom_key or "").strip():
            out.append(("custom_key", "a custom allocation key needs a column name"))
        return out

    def validate(self) -> None:
        problems = self.problems()
        if problems:
            field_name, message = problems[0]
            raise InvalidValueError(f"rule {self.name!r}, field {field_name}: {message}")

    def factors(self) -> list[str]:
        return sorted(self.tilt)

    def label(self) -> str:
        """Short edge label, e.g. "70% · competition intensity, customer density".

        Factors are listed in sorted order (as ``factors()``), so the label does not change
        when the rule is saved and loaded (the store keeps ``tilt`` with sorted keys)."""
        names = ", ".join(f.replace("_", " ") for f in self.factors())
        text = f"{round(self.alpha * 100)}%"
        return f"{text} · {names}" if names else text
