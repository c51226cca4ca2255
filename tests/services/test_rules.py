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
