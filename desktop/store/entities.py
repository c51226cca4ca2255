"""Domain objects <-> row dicts (domain field names, UUID references).

Writes go through ChangeWriter (so they are logged); these functions only shape rows.
"""

import json
from typing import Any

from desktop.domain.cascade import Cascade, CascadeEdge, TargetNode
from desktop.domain.facts import Opportunity
from desktop.domain.metric import Dimension, Metric, ProductLine
from desktop.domain.objective import Objective
from desktop.domain.org import OrgUnit
from desktop.domain.period import Period
from desktop.domain.rule import CascadeRule
from desktop.domain.version import Acknowledgement, CascadeVersion
from desktop.store.changes import ChangeWriter
from desktop.store.clock import day_number, to_iso


def unit_row(u: OrgUnit) -> dict[str, Any]:
    return {"id": u.id, "code": u.code, "name": u.name, "kind": str(u.kind),
            "parent_id": u.parent_id, "manager": u.manager, "headcount": u.headcount}


def dimension_row(d: Dimension) -> dict[str, Any]:
    return {"id": d.id, "code": d.code, "name": d.name}


def metric_row(m: Metric) -> dict[str, Any]:
    return {"id": m.id, "code": m.code, "name": m.name, "unit": m.unit,
            "dimension_id": m.dimension_id, "aggregation": str(m.aggregation),
            "direction": str(m.direction), "allow_negative": m.allow_negative}


def product_line_row(p: ProductLine) -> dict[str, Any]:
    return {"id": p.id, "code": p.code, "name": p.name, "high_margin": p.high_margin}


def period_row(p: Period) -> dict[str, Any]:
    profile = None if p.plan.profile is None else json.dumps(list(p.plan.profile))
    return {"id": p.id, "code": p.code, "start_date": p.start.isoformat(),
            "end_date": p.end.isoformat(), "plan_profile": profile}


def rule_row(r: CascadeRule) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "alpha": r.alpha,
            "tilt": json.dumps(r.tilt, sort_keys=True),
            "base": None if r.base is None else json.dumps(r.base, sort_keys=True),
            "allocation_key": str(r.allocation_key), "custom_key": r.custom_key,
            "beta": r.beta, "overage": r.overage, "ratio_band": r.ratio_band,
            "factor_weights": (None if r.factor_weights is None
                               else json.dumps(r.factor_weights, sort_keys=True)),
            "is_template": r.is_template}


def node_row(n: TargetNode) -> dict[str, Any]:
    return {"id": n.id, "cascade_id": n.cascade_id, "unit_id": n.unit_id, "x": n.x,
            "y": n.y, "collapsed": n.collapsed}


def edge_row(e: CascadeEdge) -> dict[str, Any]:
    return {"id": e.id, "cascade_id": e.cascade_id, "parent_node_id": e.parent_node_id,
            "child_node_id": e.child_node_id, "rule_id": e.rule_id}


def version_row(v: CascadeVersion) -> dict[str, Any]:
    return {"id": v.id, "cascade_id": v.cascade_id, "number": v.number,
            "published_at": to_iso(v.published_at), "note": v.note, "author": v.author}


def ack_row(a: Acknowledgement) -> dict[str, Any]:
    return {"id": a.id, "version_id": a.version_id, "unit_id": a.unit_id,
            "acknowledged_at": to_iso(a.acknowledged_at), "author": a.author}


def opportunity_row(o: Opportunity) -> dict[str, Any]:
    return {"id": o.id, "crm_id": o.crm_id, "name": o.name, "owner_unit_id": o.owner_unit_id,
            "product_line_id": o.product_line_id, "stage": o.stage,
            "probability": o.probability, "amount": o.amount,
            "created_day": day_number(o.created_on),
            "close_day": None if o.close_on is None else day_number(o.close_on),
            "is_won": o.is_won, "is_closed": o.is_closed}


# --- writes of whole aggregates -------------------------------------------------------
def add_org_units(tx: ChangeWriter, units: list[OrgUnit]) -> None:
    """Insert units (parents before children) and their local factors."""
    tx.insert_many("org_unit", [unit_row(u) for u in units])
    tx.insert_many("unit_factor", [{"unit_id": u.id, "factor": f, "value": v}
                                   for u in units for f, v in sorted(u.factors.items())])


def add_objective(tx: ChangeWriter, o: Objective) -> None:
    tx.insert("objective", {"id": o.id, "code": o.code, "title": o.title,
                            "period_id": o.period_id})
    tx.insert_many("objective_dimension", [
        {"objective_id": o.id, "dimension_id": d, "weight": w}
        for d, w in o.dimension_weights.items()])
    tx.insert_many("objective_metric", [
        {"objective_id": o.id, "metric_id": m, "share": s} for m, s in o.metric_shares.items()])
    tx.insert_many("objective_product_line", [
        {"objective_id": o.id, "product_line_id": p}
        for p in sorted(o.strategic_product_lines)])


def add_cascade(tx: ChangeWriter, c: Cascade) -> None:
    """Insert a cascade with its nodes, overrides and edges."""
    tx.insert("cascade", {"id": c.id, "name": c.name, "period_id": c.period_id,
                          "objective_id": c.objective_id})
    nodes = [c.nodes[n] for n in c.topological()]
    tx.insert_many("target_node", [node_row(n) for n in nodes])
    tx.insert_many("target_override", [
        {"node_id": n.id, "metric_id": m, "value": o.value, "locked": o.locked}
        for n in nodes for m, o in n.overrides.items()])
    tx.insert_many("cascade_edge", [edge_row(c.edges[n.id]) for n in nodes if n.id in c.edges])
