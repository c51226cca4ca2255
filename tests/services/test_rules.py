"""Rule templates: validated saves (nothing written when refused), applying to an edge or
a subtree."""

import pytest

from desktop.domain.errors import InvalidValueError
from desktop.domain.rule import CascadeRule
from desktop.services import rules
from desktop.services.cascade_context import load_context
from desktop.store import loads
from tests.services.small_company import build


@pytest.fixture
def ws(tmp_path):
    workspace = build(tmp_path / "small.tfw")
    yield workspace
    workspace.close()


def _metric(ws, code):
    return load_context(ws).metric_by_code(code).id


def _counts(ws):
    with ws.read() as conn:
        return loads.counts(conn)


@pytest.mark.parametrize("make, message", [
    (lambda m: CascadeRule("r", alpha=1.2), "rule 'r', field alpha"),
    (lambda m: CascadeRule("r", alpha=float("nan")), "field alpha"),
    (lambda m: CascadeRule("r", overage=-0.1), "field overage"),
    (lambda m: CascadeRule("r", tilt={"customer_density": {m: float("nan")}}), "field tilt"),
    (lambda m: CascadeRule("r", tilt={"weather": {m: 0.1}}), "no unit has a local factor"),
    (lambda m: CascadeRule("r", tilt={"customer_density": {"nope": 0.1}}),
     "columns for metrics that do not exist"),
    (lambda m: CascadeRule("r", base={m: 1.0}), "one weight per metric"),
])
def test_bad_rules_are_refused_naming_rule_and_field_and_nothing_is_saved(ws, make, message):
    before = _counts(ws)
    with pytest.raises(InvalidValueError, match=message):
        rules.save_rule(ws, make(_metric(ws, "collections")))
    assert _counts(ws) == before


def test_a_good_rule_is_saved_and_updated_with_logged_changes(ws):
    rule = CascadeRule("Team rule", alpha=0.8, beta=0.1, is_template=True,
                       tilt={"customer_density": {_metric(ws, "contracts"): 0.05}})
    rules.save_rule(ws, rule, author="hrbp")
    rule.alpha = 0.6
    rules.save_rule(ws, rule, author="hrbp")
    with ws.read() as conn:
        saved = {r.name: r for r in loads.rules(conn)}["Team rule"]
        log = conn.exec_driver_sql(
            "SELECT field, old_value, new_value FROM change_log WHERE entity = 'rule' "
            "AND field = 'alpha'").all()
    assert saved.alpha == 0.6
    assert log == [("alpha", "0.8", "0.6")]


def test_apply_to_an_edge_or_a_subtree(ws):
    rule = CascadeRule("Team rule", alpha=0.9)
    rules.save_rule(ws, rule)
    assert rules.apply_rule(ws, "Team rule", "P-E1") == 1
    assert rules.apply_rule(ws, "Team rule", "R-S", subtree=True) == 3  # region + 2 reps
    assert rules.apply_rule(ws, "Team rule", "R-S", subtree=True) == 0  # already there
    context = load_context(ws)
    on_team_rule = {context.units[context.cascade.nodes[c].unit_id].code
                    for c, e in context.cascade.edges.items() if e.rule_id == rule.id}
    assert on_team_rule == {"P-E1", "R-S", "P-S1", "P-S2"}
    with pytest.raises(InvalidValueError, match="top of the cascade"):
        rules.apply_rule(ws, "Team rule", "HQ")
    with pytest.raises(Exception, match="no rule named 'Nope'"):
        rules.apply_rule(ws, "Nope", "R-E")


def test_last_actual_and_custom_keys_reach_the_engine(ws):
    """A rule keyed on last period's actual or on a custom column must split by those
    numbers, not fall back to equal shares."""
    import datetime as dt

    from desktop.domain.period import quarter
    from desktop.services import cascade as service
    from desktop.store import bulk, entities
    from desktop.store.clock import day_number

    context = load_context(ws)
    collections = context.metric_by_code("collections").id
    q1 = quarter(2025, 1)
    with ws.transaction("t") as tx:
        tx.insert("period", entities.period_row(q1))
        units = {u: tx.key_of("org_unit", context.unit_by_code(u).id)
                 for u in ("P-E1", "P-E2")}
        metric_key = tx.key_of("metric", collections)
        bulk.insert_facts(tx, "actual", {
            "unit_key": [units["P-E1"], units["P-E2"]], "metric_key": [metric_key] * 2,
            "day": [day_number(dt.date(2025, 2, 7))] * 2, "value": [300.0, 100.0],
            "denominator": [None, None], "source": ["csv", "csv"]}, source="csv")
    rule = CascadeRule("By last actual", alpha=0.7, allocation_key="last_actual")
    rules.save_rule(ws, rule)
    rules.apply_rule(ws, "By last actual", "R-E", subtree=True)
    targets = {r.unit: r.new for r in service.what_if_changes(ws, {}, "test").rows
               if r.quantity == "target" and r.metric == "collections"}
    assert targets["P-E1"] == pytest.approx(3 * targets["P-E2"])
    custom = CascadeRule("By density", alpha=0.7, allocation_key="custom",
                         custom_key="customer_density")
    rules.save_rule(ws, custom)
    rules.apply_rule(ws, "By density", "R-E", subtree=True)
    summary = service.recompute(ws)
    assert not [d for d in summary.diagnostics if d.code in ("bad_key", "missing_key")]


def test_edges_without_a_rule_follow_the_cascade_settings(ws):
    """The SPEC's defaults are settings: an edge without a rule uses them."""
    import json

    from desktop.services import cascade as service

    context = load_context(ws)
    with ws.transaction("t") as tx:
        for edge in context.cascade.edges.values():
            tx.update("cascade_edge", {"id": edge.id}, {"rule_id": None})
    before = service.recompute(ws)
    with ws.transaction("t") as tx:
        tx.update("setting", {"name": "cascade.overage"}, {"value": json.dumps(0.1)})
    after = load_context(ws)
    arrays, result = after.compute()
    j = arrays.metric_ids.index(after.metric_by_code("contracts").id)
    regions = [i for i in range(arrays.n) if arrays.parent[i] == 0]
    assert result.targets[regions, j].sum() == pytest.approx(600 * 1.1)
    assert before.totals["contracts"] == 600
