"""What-if proposals: parsed and checked in full before any of it touches the loaded
cascade, with messages naming the source, the entry and the field."""

import dataclasses
import math
from typing import Any

from desktop.domain.cascade import TargetOverride
from desktop.domain.errors import DomainError, InvalidValueError, UnknownEntityError
from desktop.domain.objective import Objective
from desktop.domain.rule import CascadeRule
from desktop.services.cascade_context import CascadeContext
from desktop.services.rules import check_rule

KINDS = ("objective_weights", "rules", "targets", "unlock", "factors")
_RULE_FIELDS = {f.name for f in dataclasses.fields(CascadeRule)} - {"id", "name"}


def apply_changes(context: CascadeContext, changes: Any, source: str) -> None:
    """Apply a what-if proposal to the loaded context (in memory only). ``changes`` holds
    any of: objective_weights {dimension code: weight}, rules [{rule, field: value}],
    targets [{unit, metric, value, locked}], unlock [{unit, metric}],
    factors [{unit, factor, value}]. Rule tilts may name metrics by code."""
    if not isinstance(changes, dict):
        raise InvalidValueError(f"{source}: expected a JSON object of changes")
    unknown = set(changes) - set(KINDS)
    if unknown:
        raise InvalidValueError(f"{source}: unknown change kinds {sorted(unknown)}; "
                                f"expected some of {list(KINDS)}")
    if "objective_weights" in changes:
        _objective(context, changes["objective_weights"], f"{source}: objective_weights")
    for k, item in enumerate(_entries(changes, "rules", source)):
        _rule(context, item, f"{source}: rules[{k}]")
    for kind in ("targets", "unlock", "factors"):
        for k, item in enumerate(_entries(changes, kind, source)):
            where = f"{source}: {kind}[{k}]"
            try:
                _item(context, kind, item, where)
            except UnknownEntityError as exc:  # lookups do not know where they were asked
                raise InvalidValueError(f"{where}: {exc}") from None


def _entries(changes: dict, kind: str, source: str) -> list[dict]:
    entries = changes.get(kind, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InvalidValueError(f"{source}: {kind} must be a list of objects")
    return entries


def _value(item: dict, where: str) -> float:
    if "value" not in item:
        raise InvalidValueError(f"{where}: missing field 'value'")
    return _number(item["value"], f"{where}: field 'value'")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValueError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def _text(item: dict, name: str, where: str) -> str:
    if name not in item:
        raise InvalidValueError(f"{where}: missing field {name!r}")
    if not isinstance(item[name], str):
        raise InvalidValueError(f"{where}: field {name!r} must be text")
    return item[name]


def _objective(context: CascadeContext, weights: Any, where: str) -> None:
    if not isinstance(weights, dict):
        raise InvalidValueError(f"{where}: expected an object of dimension: weight")
    proposed = {}
    for code, weight in weights.items():
        if code not in context.dimension_ids:
            raise InvalidValueError(f"{where}: unknown dimension {code!r}")
        proposed[context.dimension_ids[code]] = _number(weight, f"{where}.{code}")
    current = context.objective
    try:  # re-validated: the proposed weights must still sum to 1
        context.objective = Objective(
            current.code, current.title, current.period_id,
            {**current.dimension_weights, **proposed}, dict(current.metric_shares),
            set(current.strategic_product_lines), id=current.id)
    except InvalidValueError as exc:
        raise InvalidValueError(f"{where}: {exc}") from None


def _rule(context: CascadeContext, item: dict, where: str) -> None:
    name = _text(item, "rule", where)
    rule = next((r for r in context.rules.values() if name in (r.name, r.id)), None)
    if rule is None:
        raise InvalidValueError(f"{where}: no rule named {name!r}")
    fields = {k: v for k, v in item.items() if k != "rule"}
    unknown = set(fields) - _RULE_FIELDS
    if unknown:
        raise InvalidValueError(f"{where}: unknown field(s) {sorted(unknown)}; a rule has "
                                f"{sorted(_RULE_FIELDS)}")
    if "tilt" in fields:
        fields["tilt"] = _tilt(context, fields["tilt"], f"{where}: field tilt")
    try:  # rebuilt, not patched: the rule's own validation runs on the new values
        edited = dataclasses.replace(rule, **fields)
        check_rule(edited, {m.id for m in context.metrics},
                   {f for u in context.units.values() for f in u.factors})
    except (DomainError, TypeError, ValueError) as exc:
        raise InvalidValueError(f"{where}: {exc}") from None
    context.rules[rule.id] = edited


def _tilt(context: CascadeContext, tilt: Any, where: str) -> dict[str, dict[str, float]]:
    """{factor: {metric code or id: coefficient}} with metric codes turned into ids."""
    if not isinstance(tilt, dict) or not all(isinstance(r, dict) for r in tilt.values()):
        raise InvalidValueError(f"{where}: expected {{factor: {{metric: coefficient}}}}")
    out = {}
    for factor, row in tilt.items():
        out[factor] = {}
        for metric, coefficient in row.items():
            try:
                metric_id = context.metric_by_code(metric).id
            except UnknownEntityError as exc:
                raise InvalidValueError(f"{where}: {exc}") from None
            out[factor][metric_id] = _number(coefficient, f"{where}.{factor}.{metric}")
    return out


def _item(context: CascadeContext, kind: str, item: dict, where: str) -> None:
    unit = context.unit_by_code(_text(item, "unit", where))
    if kind == "factors":
        unit.factors[_text(item, "factor", where)] = _value(item, where)
        return
    node = context.cascade.nodes[context.node_of_unit(unit.id)]
    metric = context.metric_by_code(_text(item, "metric", where))
    if kind == "unlock":
        node.overrides.pop(metric.id, None)
        return
    locked = item.get("locked", True)
    if not isinstance(locked, bool):
        raise InvalidValueError(f"{where}: field 'locked' must be true or false")
    node.overrides[metric.id] = TargetOverride(_value(item, where), locked)
