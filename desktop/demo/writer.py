"""Writing the generated company: entities through the change-logged writer (rows in the
domain's shape, UUID references), facts through the bulk loader (integer keys)."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.demo import crm, plan
from desktop.demo.catalogue import Catalogue, company_targets
from desktop.demo.company import Company
from desktop.demo.ids import uuids
from desktop.demo.versions import PUBLISHER, VERSIONS, Acks
from desktop.store import bulk
from desktop.store.changes import ChangeWriter
from desktop.store.clock import to_iso
from desktop.store.entities import (
    add_objective,
    dimension_row,
    metric_row,
    period_row,
    product_line_row,
    rule_row,
)

SOURCE = "demo"
FACTORS = ("competition_intensity", "customer_density")


@dataclass(slots=True)
class Keys:
    unit: np.ndarray  # integer key per unit index
    metric: np.ndarray  # per metric in catalogue order
    line: np.ndarray  # per product line in crm.LINE_CODES order
    opportunity: np.ndarray


def _keys(values: list[int | None]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def write_entities(tx: ChangeWriter, cat: Catalogue, org: Company, unit_ids: list[str],
                   deals: crm.Deals, acks: Acks, rng: np.random.Generator,
                   report: Callable[[str, float], None]) -> Keys:
    report("writing the catalogue", 0.2)
    tx.insert_many("dimension", [dimension_row(d) for d in cat.dimensions.values()])
    metric_keys = _keys(tx.insert_many("metric", [metric_row(m) for m in cat.metrics.values()]))
    line_keys = _keys(tx.insert_many("product_line", [
        product_line_row(cat.product_lines[c]) for c in crm.LINE_CODES]))
    tx.insert_many("period", [period_row(p) for _, p in sorted(cat.periods.items())])
    for _, objective in sorted(cat.objectives.items()):
        add_objective(tx, objective)
    tx.insert("rule", rule_row(cat.rule))

    report("writing the org tree", 0.25)
    parent = org.parent.tolist()
    headcount = org.headcount.tolist()
    unit_keys = _keys(tx.insert_many("org_unit", [
        {"id": unit_ids[i], "code": org.code[i], "name": org.name[i], "kind": org.kind[i],
         "parent_id": None if parent[i] < 0 else unit_ids[parent[i]],
         "manager": org.manager[i], "headcount": headcount[i]} for i in range(len(org))]))
    factor_values = {"competition_intensity": org.competition.tolist(),
                     "customer_density": org.density.tolist()}
    tx.insert_many("unit_factor", [
        {"unit_id": unit_ids[i], "factor": f, "value": factor_values[f][i]}
        for i in range(len(org)) for f in FACTORS])

    report("writing the cascades", 0.35)
    cascade_ids = _cascades(tx, cat, org, unit_ids, rng)

    report("writing versions and acknowledgements", 0.45)
    version_ids = uuids(rng, len(VERSIONS))
    tx.insert_many("cascade_version", [
        {"id": version_ids[v], "cascade_id": cascade_ids[q], "number": number,
         "published_at": to_iso(published), "note": note, "author": PUBLISHER}
        for v, (q, number, published, note) in enumerate(VERSIONS)])
    ack_ids = uuids(rng, acks.unit.size)
    # who acknowledged: a rep themself, a team or region its manager
    signer = [org.name[i] if org.kind[i] == "person" else org.manager[i]
              for i in range(len(org))]
    tx.insert_many("acknowledgement", [
        {"id": ack_ids[i], "version_id": version_ids[v], "unit_id": unit_ids[u],
         "acknowledged_at": at, "author": signer[u]}
        for i, (v, u, at) in enumerate(zip(acks.version.tolist(), acks.unit.tolist(), acks.at,
                                           strict=True))])

    report("writing opportunities", 0.5)
    n = deals.owner.size
    opp_ids = uuids(rng, n)
    line_ids = [cat.product_lines[c].id for c in crm.LINE_CODES]
    cols = zip(deals.owner.tolist(), deals.line.tolist(), deals.stage,
               deals.probability.tolist(), deals.amount.tolist(), deals.created.tolist(),
               deals.close.tolist(), deals.won.tolist(), deals.closed.tolist(), deals.names,
               strict=True)
    opp_keys = _keys(tx.insert_many("opportunity", [
        {"id": opp_ids[i], "crm_id": f"OPP-{i + 1:07d}", "name": name,
         "owner_unit_id": unit_ids[owner], "product_line_id": line_ids[line], "stage": stage,
         "probability": prob, "amount": amount, "created_day": created, "close_day": close,
         "is_won": won, "is_closed": closed}
        for i, (owner, line, stage, prob, amount, created, close, won, closed, name)
        in enumerate(cols)]))
    return Keys(unit_keys, metric_keys, line_keys, opp_keys)


def _cascades(tx: ChangeWriter, cat: Catalogue, org: Company, unit_ids: list[str],
              rng: np.random.Generator) -> dict[int, str]:
    """One cascade per period: a node per unit, edges along the org tree, each with the
    rule template; the company node's targets are its only (locked) overrides."""
    x, y = plan.layout(org)
    xs, ys, parent = x.tolist(), y.tolist(), org.parent.tolist()
    root = parent.index(-1)
    out = {}
    for q, period in sorted(cat.periods.items()):
        cascade_id = uuids(rng, 1)[0]
        out[q] = cascade_id
        tx.insert("cascade", {"id": cascade_id, "name": f"{period.code} cascade",
                              "period_id": period.id, "objective_id": cat.objectives[q].id})
        node_ids = uuids(rng, len(org))
        tx.insert_many("target_node", [
            {"id": node_ids[i], "cascade_id": cascade_id, "unit_id": unit_ids[i],
             "x": xs[i], "y": ys[i], "collapsed": False} for i in range(len(org))])
        tx.insert_many("target_override", [
            {"node_id": node_ids[root], "metric_id": metric_id, "value": value, "locked": True}
            for metric_id, value in company_targets(cat, q).items()])
        edge_ids = uuids(rng, len(org))
        tx.insert_many("cascade_edge", [
            {"id": edge_ids[i], "cascade_id": cascade_id, "parent_node_id": node_ids[p],
             "child_node_id": node_ids[i], "rule_id": cat.rule.id}
            for i, p in enumerate(parent) if p >= 0])
    return out


def write_facts(tx: ChangeWriter, cat: Catalogue, keys: Keys, facts: dict[str, np.ndarray],
                deals: crm.Deals, spend: dict[str, np.ndarray],
                report: Callable[[str, float], None]) -> None:
    report("writing weekly actuals", 0.6)
    count = facts["value"].size
    denominator = facts["denominator"].astype(object)
    denominator[np.isnan(facts["denominator"])] = None
    bulk.insert_facts(tx, "actual", {
        "unit_key": keys.unit[facts["unit"]], "metric_key": keys.metric[facts["metric"]],
        "day": facts["day"], "value": facts["value"], "denominator": denominator,
        "source": [SOURCE] * count}, source=SOURCE)
    report("writing deal history", 0.85)
    bulk.insert_facts(tx, "deal_event", {
        "opportunity_key": keys.opportunity[deals.event_opp], "day": deals.event_day,
        "activity": deals.event_activity, "stage": deals.event_stage}, source=SOURCE)
    report("writing incentive spend", 0.9)
    bulk.insert_facts(tx, "incentive_spend", {
        "unit_key": keys.unit[spend["unit"]], "day": spend["day"],
        "metric_key": [None] * spend["day"].size,
        "product_line_key": keys.line[spend["line"]], "amount": spend["amount"]},
        source=SOURCE)
