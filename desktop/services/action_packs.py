"""Action packs (SPEC §5): configurable rules — a metric or a dimension, a direction, an
optional condition — that suggest actions for an alert.

Suggestions are derived when alerts are read, never stored: editing a rule changes what
every open alert suggests. What a manager then *does* is stored (alert_action), naming the
rule it came from.
"""

from dataclasses import dataclass

from desktop.domain.alert import ActionPackRule, PackDirection
from desktop.domain.errors import InvalidValueError
from desktop.domain.metric import Metric
from desktop.domain.objective import Objective
from desktop.store import alerts as store_alerts
from desktop.store import loads
from desktop.store.clock import default_author
from desktop.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Suggestion:
    rule_id: str
    rule: str
    actions: tuple[str, ...]


def save_pack_rules(ws: Workspace, rules: list[ActionPackRule], author: str | None = None
                    ) -> None:
    """Insert or update rules, after checking their metric or dimension exists."""
    with ws.read() as conn:
        metric_ids = {m.id for m in loads.metrics(conn)}
        dimension_ids = {d.id for d in loads.dimensions(conn)}
        existing = {r.id for r in store_alerts.pack_rules(conn)}
    for rule in rules:
        if rule.metric_id is not None and rule.metric_id not in metric_ids:
            raise InvalidValueError(f"action pack {rule.name!r}: unknown metric {rule.metric_id}")
        if rule.dimension_id is not None and rule.dimension_id not in dimension_ids:
            raise InvalidValueError(f"action pack {rule.name!r}: unknown dimension "
                                    f"{rule.dimension_id}")
    with ws.transaction(author or default_author()) as tx:
        for rule in rules:
            row = store_alerts.pack_rule_row(rule)
            if rule.id in existing:
                tx.update("action_pack_rule", {"id": rule.id},
                          {k: v for k, v in row.items() if k != "id"})
            else:
                tx.insert("action_pack_rule", row)


def load_pack_rules(ws: Workspace) -> list[ActionPackRule]:
    with ws.read() as conn:
        return store_alerts.pack_rules(conn)


class PackMatcher:
    """Matches alerts against the enabled rules of a workspace for one objective."""

    def __init__(self, rules: list[ActionPackRule], metrics: list[Metric],
                 objective: Objective) -> None:
        self.rules = [r for r in rules if r.enabled]
        self.dimension_of = {m.id: m.dimension_id for m in metrics}
        self.dimension_weight = dict(objective.dimension_weights)

    def suggest(self, metric_id: str, direction: str, unit_kind: str,
                deviation: float) -> list[Suggestion]:
        """The packs that apply to an alert, in rule order. ``deviation`` is the latest
        deviation of the weeks that raised it."""
        dimension = self.dimension_of.get(metric_id)
        weight = self.dimension_weight.get(dimension, 0.0)
        out = []
        for rule in self.rules:
            if rule.metric_id is not None and rule.metric_id != metric_id:
                continue
            if rule.dimension_id is not None and rule.dimension_id != dimension:
                continue
            if rule.direction is not PackDirection.ANY and rule.direction != direction:
                continue
            if not _condition_holds(rule.condition or {}, unit_kind, deviation, weight):
                continue
            out.append(Suggestion(rule.id, rule.name, tuple(rule.actions)))
        return out


def _condition_holds(condition: dict, unit_kind: str, deviation: float, weight: float
                     ) -> bool:
    if "min_deviation" in condition and not abs(deviation) >= condition["min_deviation"]:
        return False
    if "unit_kinds" in condition and unit_kind not in condition["unit_kinds"]:
        return False
    if ("dimension_weight_at_least" in condition
            and not weight >= condition["dimension_weight_at_least"]):
        return False
    return not ("dimension_weight_below" in condition
                and not weight < condition["dimension_weight_below"])
