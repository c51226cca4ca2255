"""Cascade use cases on a real workspace: recompute, explain, what-if, publish, carry-over."""

import json

import numpy as np
import pytest
from sqlalchemy import func, select

from desktop.domain.errors import InvalidValueError
from desktop.services import cascade as service
from desktop.services.cascade_context import load_context
from desktop.store import loads, schema
from tests.services.small_company import build


@pytest.fixture
def ws(tmp_path):
    workspace = build(tmp_path / "small.tfw")
    yield workspace
    workspace.close()


def test_recompute_covers_every_node_with_the_top_targets(ws):
    summary = service.recompute(ws)
    assert summary.nodes == 10
    assert summary.totals == {"collections": 30_000_000.0, "contracts": 600.0,
                              "hm_share": 0.45}
    assert summary.diagnostics == []


def test_regions_split_the_top_target_and_reps_split_their_region(ws):
    context = load_context(ws)
    arrays, result = context.compute()
    j = arrays.metric_ids.index(context.metric_by_code("collections").id)
    for i in range(arrays.n):
        kids = np.flatnonzero(arrays.parent == i)
        if len(kids):
            assert result.targets[kids, j].sum() == pytest.approx(result.targets[i, j])


def test_explain_adds_up(ws):
    _, prov = service.provenance(ws, "R-E", "collections")
    assert prov.rule == "Standard regional rule"
    assert prov.inherited_part + prov.local_part == pytest.approx(prov.weight)
    assert prov.parent_target * prov.share * (1 + prov.overage) == pytest.approx(prov.target)
    assert any(p.factor == "customer_density" for p in prov.factor_pulls)
    assert any("inherited" in line for line in prov.lines())


def test_explain_names_unknown_units_and_metrics(ws):
    with pytest.raises(Exception, match="no org unit with code 'R-X'"):
        service.provenance(ws, "R-X", "collections")
    with pytest.raises(Exception, match="no metric 'revenue'"):
        service.provenance(ws, "R-E", "revenue")


def test_what_if_raising_product_weight_changes_every_units_weights_not_targets(ws, tmp_path):
    changes = tmp_path / "switch.json"
    changes.write_text(json.dumps({"objective_weights": {"finance": 0.3, "sales": 0.3,
                                                         "product": 0.4}}))
    rows = service.what_if(ws, changes).rows
    assert len(rows) == 10 * 3 * 2
    weights = {(r.unit, r.metric): r for r in rows if r.quantity == "weight"}
    assert weights[("HQ", "hm_share")].new == pytest.approx(0.4)
    assert weights[("HQ", "hm_share")].old == pytest.approx(0.25)
    assert all(weights[(u, "hm_share")].delta > 0 for u in ("R-E", "P-E1", "P-N2"))
    # targets follow the allocation shares, which the weights do not move
    assert all(r.old == pytest.approx(r.new) for r in rows if r.quantity == "target")
    changes.write_text(json.dumps({"targets": [{"unit": "R-E", "metric": "collections",
                                                "value": 15_000_000}]}))
    rows = {(r.unit, r.metric): r for r in service.what_if(ws, changes).rows
            if r.quantity == "target"}
    assert rows[("R-E", "collections")].new == 15_000_000
    others = rows[("R-S", "collections")].new + rows[("R-N", "collections")].new
    assert others == pytest.approx(15_000_000)
    assert rows[("P-E1", "collections")].delta > 0


def test_what_if_accepts_metric_codes_in_a_rule_tilt(ws, tmp_path):
    changes = tmp_path / "tilt.json"
    changes.write_text(json.dumps({"rules": [{
        "rule": "Standard regional rule",
        "tilt": {"customer_density": {"collections": 0.3, "contracts": -0.1}}}]}))
    result = service.what_if(ws, changes)
    moved = [r for r in result.rows if r.quantity == "weight" and r.unit == "R-E"
             and r.metric == "collections"]
    assert moved and moved[0].delta > 0


def test_what_if_saves_nothing(ws, tmp_path):
    changes = tmp_path / "c.json"
    changes.write_text(json.dumps({"rules": [{"rule": "Standard regional rule", "alpha": 0.5}]}))
    with ws.read() as conn:
        before = loads.counts(conn)
    service.what_if(ws, changes)
    with ws.read() as conn:
        assert loads.counts(conn) == before


@pytest.mark.parametrize("payload, message", [
    ({"rules": [{"rule": "Standard regional rule", "alpha": 1.5}]}, r"rules\[0\].*alpha"),
    ({"rules": [{"rule": "Standard regional rule", "overage": -0.1}]}, r"overage"),
    ({"rules": [{"rule": "Nope", "alpha": 0.5}]}, r"no rule named 'Nope'"),
    ({"objective_weights": {"finance": 0.9}}, r"objective_weights.*sum"),
    ({"objective_weights": {"marketing": 0.9}}, r"unknown dimension 'marketing'"),
    ({"targets": [{"unit": "R-E", "metric": "collections"}]}, r"targets\[0\]: missing field"),
    ({"targets": [{"unit": "R-E", "metric": "collections", "value": float("nan")}]},
     r"targets\[0\].*finite"),
    ({"factors": [{"unit": "ZZ", "factor": "customer_density", "value": 1}]},
     r"factors\[0\].*ZZ"),
    ({"colour": 1}, r"unknown change kinds"),
    ({"objective_weights": {"finance": "x"}}, r"objective_weights.finance: expected a finite"),
    ({"rules": {"rule": "Standard regional rule"}}, r"rules must be a list of objects"),
    ({"rules": [{"rule": "Standard regional rule", "allocation_key": "bogus"}]},
     r"rules\[0\]: .*bogus"),
    ({"rules": [{"rule": "Standard regional rule", "tilt": {"customer_density": 5}}]},
     r"rules\[0\]: field tilt: expected"),
    ({"rules": [{"rule": "Standard regional rule",
                 "tilt": {"customer_density": {"revenue": 0.1}}}]}, r"no metric 'revenue'"),
    ({"rules": [{"rule": "Standard regional rule", "colour": 1}]}, r"unknown field"),
    ({"targets": {"unit": "R-E"}}, r"targets must be a list of objects"),
    ({"targets": [{"unit": "R-E", "metric": "collections", "value": 5, "locked": "yes"}]},
     r"'locked' must be true or false"),
])
def test_bad_what_if_input_names_the_file_and_field(ws, tmp_path, payload, message):
    changes = tmp_path / "bad.json"
    changes.write_text(json.dumps(payload))
    with pytest.raises(InvalidValueError, match=message) as info:
        service.what_if(ws, changes)
    assert "bad.json" in str(info.value)


def test_publish_freezes_values_and_what_if_compares_against_them(ws, tmp_path):
    version = service.publish(ws, "Q2 switch", author="hrbp")
    assert version.number == 1
    with ws.read() as conn:
        frozen = conn.execute(select(func.count()).select_from(schema.version_target)).scalar()
        assert frozen == 10 * 3
    assert service.publish(ws, "again").number == 2
    changes = tmp_path / "c.json"
    changes.write_text(json.dumps({"targets": [{"unit": "HQ", "metric": "contracts",
                                                "value": 660}]}))
    rows = {(r.unit, r.metric): r for r in service.what_if(ws, changes).rows
            if r.quantity == "target"}
    assert rows[("HQ", "contracts")].old == 600
    assert rows[("HQ", "contracts")].change == pytest.approx(0.10)


def test_publish_is_refused_while_locks_do_not_add_up(ws):
    context = load_context(ws)
    with ws.transaction("hrbp") as tx:
        region = context.node_of_unit(context.unit_by_code("R-E").id)
        tx.insert("target_override", {"node_id": region,
                                      "metric_id": context.metric_by_code("contracts").id,
                                      "value": 900.0, "locked": True})
    with pytest.raises(InvalidValueError, match="cannot publish: HQ contracts"):
        service.publish(ws, "bad")


def test_carry_over_copies_structure_rules_and_locks(ws):
    cascade = service.carry_over(ws, "2025-Q3", author="hrbp")
    assert len(cascade.nodes) == 10
    context = load_context(ws)  # the latest period's cascade is now Q3's
    assert context.period.code == "2025-Q3"
    assert {e.rule_id for e in context.cascade.edges.values()} == {
        r.id for r in context.rules.values()}
    assert service.recompute(ws).totals["contracts"] == 600.0
    with pytest.raises(InvalidValueError, match="already has a cascade"):
        service.carry_over(ws, "2025-Q3", period="2025-Q2")
    with pytest.raises(InvalidValueError, match="goes forward"):
        service.carry_over(ws, "2025-Q1", period="2025-Q2")


def test_explain_shows_the_respread_when_a_sibling_is_locked(ws):
    context = load_context(ws)
    with ws.transaction("hrbp") as tx:
        tx.insert("target_override", {
            "node_id": context.node_of_unit(context.unit_by_code("R-E").id),
            "metric_id": context.metric_by_code("collections").id,
            "value": 15_000_000.0, "locked": True})
    _, prov = service.provenance(ws, "R-S", "collections")
    assert prov.locked_siblings_take == 15_000_000.0
    expected = prov.parent_target * prov.share * (1 + prov.overage) * prov.respread_scale
    assert expected == pytest.approx(prov.target)
    assert prov.respread_scale != pytest.approx(1.0)
    assert any("locked siblings take 15,000,000" in line for line in prov.lines())
