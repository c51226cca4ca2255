"""A small workspace with one cascade, written through the store: HQ, three regions, two
reps each; collections (sum), contracts (sum), high-margin share (ratio)."""

from pathlib import Path

from desktop.domain.cascade import Cascade, TargetNode, TargetOverride
from desktop.domain.metric import Dimension, Metric
from desktop.domain.objective import Objective
from desktop.domain.org import OrgUnit
from desktop.domain.period import quarter
from desktop.domain.rule import CascadeRule
from desktop.store import entities
from desktop.store.workspace import Workspace


def build(path: Path) -> Workspace:
    ws = Workspace.create(path, name="Small Co", author="setup")
    finance, sales, product = (Dimension("finance", "Finance"), Dimension("sales", "Sales"),
                               Dimension("product", "Product"))
    collections = Metric("collections", "Collections", "CNY", finance.id)
    contracts = Metric("contracts", "Contracts signed", "count", sales.id)
    share = Metric("hm_share", "High-margin share", "%", product.id, aggregation="ratio")
    q2 = quarter(2025, 2)
    objective = Objective("O-Q2", "Grow the high-margin line", q2.id,
                          {finance.id: 0.4, sales.id: 0.35, product.id: 0.25})
    rule = CascadeRule("Standard regional rule", alpha=0.7, beta=0.2,
                       tilt={"customer_density": {collections.id: 0.1, contracts.id: 0.05},
                             "competition_intensity": {share.id: -0.05}},
                       allocation_key="headcount", is_template=True)
    hq = OrgUnit("HQ", "Head office", "company", headcount=6)
    units = [hq]
    factors = {"E": (1.4, 0.8), "S": (1.1, 1.2), "N": (0.6, 1.0)}
    for code, (density, competition) in factors.items():
        region = OrgUnit(f"R-{code}", f"Region {code}", "region", hq.id, headcount=2,
                         factors={"customer_density": density,
                                  "competition_intensity": competition})
        units.append(region)
        for k in (1, 2):
            units.append(OrgUnit(f"P-{code}{k}", f"Rep {code}{k}", "person", region.id,
                                 factors={"customer_density": density + 0.1 * k,
                                          "competition_intensity": competition}))
    cascade = Cascade("Q2 cascade", q2.id, objective.id)
    node_of = {}
    for unit in units:
        node_of[unit.id] = cascade.add_node(TargetNode(cascade.id, unit.id)).id
    for unit in units[1:]:
        cascade.connect(node_of[unit.parent_id], node_of[unit.id], rule.id)
    root = cascade.nodes[node_of[hq.id]]
    root.overrides = {collections.id: TargetOverride(30_000_000.0),
                      contracts.id: TargetOverride(600.0), share.id: TargetOverride(0.45)}
    with ws.transaction("setup") as tx:
        tx.insert_many("dimension", [entities.dimension_row(d)
                                     for d in (finance, sales, product)])
        tx.insert_many("metric", [entities.metric_row(m)
                                  for m in (collections, contracts, share)])
        tx.insert("period", entities.period_row(q2))
        entities.add_objective(tx, objective)
        tx.insert("rule", entities.rule_row(rule))
        entities.add_org_units(tx, units)
        entities.add_cascade(tx, cascade)
    return ws
