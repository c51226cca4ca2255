"""Rule templates: saving them (validated against the workspace) and applying one to an
edge or to a whole subtree of a cascade."""

import math

from desktop.domain.errors import InvalidValueError, UnknownEntityError
from desktop.domain.rule import CascadeRule
from desktop.services.cascade_context import CascadeContext, load_context
from desktop.store import entities, loads
from desktop.store.clock import default_author
from desktop.store.workspace import Workspace


def check_rule(rule: CascadeRule, metric_ids: set[str], factor_names: set[str]) -> None:
    """Refuse a rule whose parameters are out of range or whose tilt matrix does not fit
    this workspace's metrics and local factors; the message names the rule and the field."""
    rule.validate()
    where = f"rule {rule.name!r}"
    for factor, row in rule.tilt.items():
        if factor not in factor_names:
            raise InvalidValueError(f"{where}, field tilt: no unit has a local factor "
                                    f"{factor!r} (known: {', '.join(sorted(factor_names))})")
        unknown = set(row) - metric_ids
        if unknown:
            raise InvalidValueError(f"{where}, field tilt: the matrix has columns for metrics "
                                    f"that do not exist: {sorted(unknown)}")
    if rule.base is not None:
        if set(rule.base) != metric_ids:
            raise InvalidValueError(f"{where}, field base: the base vector must have one "
                                    f"weight per metric ({len(metric_ids)})")
        if not math.isclose(sum(rule.base.values()), 1.0, abs_tol=1e-9):
            raise InvalidValueError(f"{where}, field base: weights must sum to 1")
    for factor in rule.factor_weights or {}:
        if factor not in factor_names:
            raise InvalidValueError(f"{where}, field factor_weights: unknown factor {factor!r}")


def save_rule(ws: Workspace, rule: CascadeRule, author: str | None = None) -> None:
    """Insert or update a rule after checking it; nothing is written if it is refused."""
    with ws.read() as conn:
        metric_ids = {m.id for m in loads.metrics(conn)}
        factor_names = {f for fs in loads.unit_factors(conn).values() for f in fs}
        existing = {r.id: r for r in loads.rules(conn)}
    check_rule(rule, metric_ids, factor_names)
    row = entities.rule_row(rule)
    with ws.transaction(author or default_author()) as tx:
        if rule.id in existing:
            tx.update("rule", {"id": rule.id}, {k: v for k, v in row.items() if k != "id"})
        else:
            tx.insert("rule", row)


def apply_rule(ws: Workspace, rule_name: str, unit_code: str, *, subtree: bool = False,
               period: str | None = None, author: str | None = None) -> int:
    """Put a rule on the edge into ``unit_code`` (and, with ``subtree``, on every edge
    below it). Returns how many edges changed."""
    context = load_context(ws, period)
    rule = _rule_named(context, rule_name)
    top = context.node_of_unit(context.unit_by_code(unit_code).id)
    nodes = _subtree(context, top) if subtree else [top]
    edges = [context.cascade.edges[n] for n in nodes if n in context.cascade.edges]
    if not edges:
        raise InvalidValueError(f"{unit_code} is the top of the cascade: it has no edge for "
                                "a rule (apply it to its subtree instead)")
    changed = [e for e in edges if e.rule_id != rule.id]
    with ws.transaction(author or default_author()) as tx:
        for edge in changed:
            tx.update("cascade_edge", {"id": edge.id}, {"rule_id": rule.id})
    return len(changed)


def _rule_named(context: CascadeContext, name: str) -> CascadeRule:
    for rule in context.rules.values():
        if rule.name == name or rule.id == name:
            return rule
    known = ", ".join(sorted(r.name for r in context.rules.values()))
    raise UnknownEntityError(f"no rule named {name!r} (known: {known})")


def _subtree(context: CascadeContext, top: str) -> list[str]:
    children: dict[str, list[str]] = {}
    for child, edge in context.cascade.edges.items():
        children.setdefault(edge.parent_node_id, []).append(child)
    out, stack = [], [top]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(node, []))
    return out
