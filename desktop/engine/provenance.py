"""How a node's weight and target were built (SPEC §8 "provenance on every number")."""

from dataclasses import dataclass

import numpy as np

from desktop.engine.cascade import CascadeResult
from desktop.engine.cascade_arrays import CascadeArrays


def format_number(value: float) -> str:
    """Readable in a terminal or a tooltip: 8,402,850 rather than 8.40285e+06; small
    values (shares, ratios) with four significant digits."""
    if value != value:  # NaN
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


@dataclass(frozen=True, slots=True)
class FactorPull:
    factor: str
    raw_value: float  # the unit's local factor
    z: float  # standardised against its siblings
    tilt: float  # F[factor, metric] of the rule
    contribution: float  # tilt · z, before the local vector is normalised


@dataclass(frozen=True, slots=True)
class Provenance:
    node_id: str
    metric_id: str
    rule: str | None
    is_root: bool
    weight: float
    inherit_share: float  # α
    parent_weight: float
    inherited_part: float  # α · w_parent
    local_part: float  # (1 − α) · ℓ
    local_base: float  # b (the rule's base or the parent's weight)
    factor_pulls: tuple[FactorPull, ...]
    target: float
    parent_target: float
    additive: bool
    share: float  # allocation share among siblings
    overage: float
    ratio_shift: float  # ratio metrics: band · clip(β · z̄, −1, 1)
    manual: bool
    locked: bool
    # when siblings are locked: what they take, and the factor the rest was scaled by
    locked_siblings_take: float = 0.0
    respread_scale: float = 1.0

    def lines(self) -> list[str]:
        """A plain-text explanation (the CLI prints it; the inspector shows the same)."""
        out = [f"weight {self.weight:.4f}"]
        if self.is_root:
            out.append("  from the objective's dimension weights (top node)")
        else:
            out.append(f"  inherited  {self.inherit_share:.0%} × parent {self.parent_weight:.4f}"
                       f" = {self.inherited_part:.4f}")
            out.append(f"  local      {1 - self.inherit_share:.0%} × ℓ = {self.local_part:.4f}"
                       f"  (base {self.local_base:.4f})")
            for p in self.factor_pulls:
                out.append(f"    {p.factor}: value {p.raw_value:g}, z {p.z:+.3f}, tilt "
                           f"{p.tilt:+g} → {p.contribution:+.4f}")
        out.append(f"target {format_number(self.target)}")
        if self.manual:
            out.append("  set by hand" + (" (locked: kept through re-cascades)"
                                          if self.locked else ""))
        elif self.is_root:
            out.append("  no target set on the top node")
        elif self.additive:
            out.append(f"  parent {format_number(self.parent_target)} × share {self.share:.4f}"
                       f" × (1 + overage {self.overage:g})")
            if self.respread_scale != 1.0:
                out.append(f"  × {self.respread_scale:.4f}: locked siblings take "
                           f"{format_number(self.locked_siblings_take)}, the rest is "
                           "re-spread by the same shares")
        else:
            out.append(f"  parent {format_number(self.parent_target)} {self.ratio_shift:+.4f}"
                       " (local shift within the rule's band)")
        return out


def explain(a: CascadeArrays, r: CascadeResult, node_id: str, metric_id: str) -> Provenance:
    i = a.index_of[node_id]
    j = a.metric_ids.index(metric_id)
    p = int(a.parent[i])
    is_root = p < 0
    rule = a.rules[a.rule_index[i]] if not is_root else None
    alpha = rule.alpha if rule else 1.0
    parent_weight = float(r.weights[p, j]) if not is_root else float("nan")
    base = (float(rule.base[j]) if rule and rule.base is not None else parent_weight)
    pulls = ()
    if rule is not None:
        pulls = tuple(
            FactorPull(name, float(a.factors[i, k]), float(r.z[i, k]), float(rule.tilt[k, j]),
                       float(rule.tilt[k, j] * r.z[i, k]))
            for k, name in enumerate(a.factor_names) if rule.tilt[k, j] != 0)
    taken, scale = 0.0, 1.0
    manual = not np.isnan(a.override[i, j])
    if rule is not None and a.additive[j] and not manual:
        kids = slice(int(a.child_start[p]), int(a.child_end[p]))
        locked = a.locked[kids, j] & ~np.isnan(a.override[kids, j])
        if locked.any():
            taken = float(a.override[kids, j][locked].sum())
            plain = float(r.targets[p, j]) * float(r.share[i, j]) * (1 + rule.overage)
            scale = float(r.targets[i, j]) / plain if plain else float("nan")
    shift = 0.0
    if rule is not None and not a.additive[j]:
        shift = rule.band * float(np.clip(rule.beta * r.zbar[i], -1.0, 1.0))
    return Provenance(
        node_id=node_id, metric_id=metric_id, rule=rule.name if rule else None,
        is_root=is_root, weight=float(r.weights[i, j]), inherit_share=alpha,
        parent_weight=parent_weight,
        inherited_part=alpha * parent_weight if not is_root else float(r.weights[i, j]),
        local_part=(1 - alpha) * float(r.local[i, j]) if not is_root else 0.0,
        local_base=base, factor_pulls=pulls, target=float(r.targets[i, j]),
        parent_target=float(r.targets[p, j]) if not is_root else float("nan"),
        additive=bool(a.additive[j]), share=float(r.share[i, j]),
        overage=rule.overage if rule else 0.0, ratio_shift=shift,
        manual=manual, locked=bool(a.locked[i, j]), locked_siblings_take=taken,
        respread_scale=scale)
