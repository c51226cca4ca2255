"""Workspaces for the exchange tests, written through the store: metrics that the external
files' figures can be imported as, and (optionally) a small cascade for targets."""

from pathlib import Path

from desktop.domain.cascade import Cascade, TargetNode
from desktop.domain.metric import Dimension, Metric, ProductLine
from desktop.domain.org import OrgUnit
from desktop.domain.period import quarter
from desktop.store import entities, loads
from desktop.store.workspace import Workspace

DATA = Path(__file__).resolve().parents[1] / "data" / "external"


def empty(path: Path) -> Workspace:
    """No units; metrics sales (sum), quota (sum), hm_share (ratio); two product lines."""
    ws = Workspace.create(path, name="Exchange", author="setup")
    sales_dim = Dimension("sales", "Sales")
    metrics = [Metric("sales", "Sales", "CNY", sales_dim.id),
               Metric("quota", "Sales quota", "CNY", sales_dim.id),
               Metric("hm_share", "High-margin share", "%", sales_dim.id, aggregation="ratio")]
    lines = [ProductLine("HM", "High-margin suite", True), ProductLine("STD", "Standard")]
    with ws.transaction("setup") as tx:
        tx.insert("dimension", entities.dimension_row(sales_dim))
        tx.insert_many("metric", [entities.metric_row(m) for m in metrics])
        tx.insert_many("product_line", [entities.product_line_row(p) for p in lines])
    return ws


def with_cascade(ws: Workspace, year: int, q: int) -> Cascade:
    """A cascade for the quarter over every unit of the workspace (following the tree)."""
    period = quarter(year, q)
    with ws.read() as conn:
        tree = loads.org_tree(conn)
    cascade = Cascade(f"{period.code} cascade", period.id)
    node_of = {}
    for root in tree.roots():
        for unit in tree.subtree(root.id):
            node_of[unit.id] = cascade.add_node(TargetNode(cascade.id, unit.id)).id
            if unit.parent_id is not None:
                cascade.connect(node_of[unit.parent_id], node_of[unit.id])
    with ws.transaction("setup") as tx:
        tx.insert("period", entities.period_row(period))
        entities.add_cascade(tx, cascade)
    return cascade


def add_units(ws: Workspace, codes: list[str]) -> None:
    """A company with these units as people right under it."""
    hq = OrgUnit("HQ", "Head office", "company")
    with ws.transaction("setup") as tx:
        entities.add_org_units(tx, [hq, *(OrgUnit(c, c, "person", hq.id) for c in codes)])
