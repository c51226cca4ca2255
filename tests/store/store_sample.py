"""A small, deterministic workspace world (every entity kind of SPEC §3), written through
the store's public API. Used by the round-trip tests and by tests/tools/make_golden_v1.py.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from desktop.domain.cascade import Cascade, TargetNode, TargetOverride
from desktop.domain.metric import Dimension, Metric, ProductLine
from desktop.domain.objective import Objective
from desktop.domain.org import OrgUnit
from desktop.domain.period import Period, PlanCurve, quarter
from desktop.domain.rule import CascadeRule
from desktop.domain.version import Acknowledgement, CascadeVersion
from desktop.store import bulk, entities
from desktop.store.changes import ChangeWriter

UTC = dt.UTC


@dataclass
class World:
    units: list[OrgUnit] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    product_lines: list[ProductLine] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    rules: list[CascadeRule] = field(default_factory=list)
    cascades: list[Cascade] = field(default_factory=list)
    versions: list[CascadeVersion] = field(default_factory=list)
    acks: list[Acknowledgement] = field(default_factory=list)
    actual_rows: int = 0


def build_world(seed: int = 7, regions: int = 3, teams: int = 2, reps: int = 3) -> World:
    """Domain objects only (nothing written yet); ids come from the seed."""
    rng = random.Random(seed)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    w = World()
    company = OrgUnit("CO", "Company", "company", manager="Ms Chair", headcount=1,
                      factors={"customer_density": 1.0}, id=uid())
    w.units.append(company)
    for r in range(regions):
        region = OrgUnit(f"R{r}", f"Region {r}", "region", company.id, manager=f"RM {r}",
                         headcount=2,
                         factors={"customer_density": round(rng.uniform(0.5, 1.5), 3),
                                  "competition_intensity": round(rng.uniform(0.5, 1.5), 3)},
                         id=uid())
        w.units.append(region)
        for t in range(teams):
            team = OrgUnit(f"R{r}T{t}", f"Team {r}.{t}", "team", region.id, id=uid(),
                           headcount=reps)
            w.units.append(team)
            for p in range(reps):
                w.units.append(OrgUnit(f"R{r}T{t}P{p}", f"Rep {r}.{t}.{p} 张", "person",
                                       team.id, id=uid()))
    w.units.append(OrgUnit("PRJ", "Project team", "project", company.id, headcount=0,
                           id=uid()))

    w.dimensions = [Dimension(code, code.title(), id=uid())
                    for code in ("finance", "sales", "product")]
    fin, sales, prod = w.dimensions
    w.metrics = [
        Metric("collections", "Revenue collected", "CNY", fin.id, id=uid()),
        Metric("contracts", "Contracts signed", "count", sales.id, id=uid()),
        Metric("activity", "Customer activity", "%", sales.id, "ratio", id=uid()),
        Metric("hm_share", "High-margin share", "%", prod.id, "ratio", id=uid()),
        Metric("churn", "Churn", "count", None, direction="lower", allow_negative=True,
               id=uid()),
    ]
    w.product_lines = [ProductLine("core", "Core", id=uid()),
                       ProductLine("cloud", "Cloud", high_margin=True, id=uid())]
    q1 = quarter(2025, 1)
    q1.id = uid()
    q2 = quarter(2025, 2)
    q2 = Period(q2.code, q2.start, q2.end,
                PlanCurve(tuple(float(1 + (k % 3)) for k in range(len(q2.weeks())))), id=uid())
    w.periods = [q1, q2]
    m = {x.code: x.id for x in w.metrics}
    objective = Objective("OBJ-1", "High-margin share to 45%", q2.id,
                          {fin.id: 0.40, sales.id: 0.35, prod.id: 0.25},
                          metric_shares={m["collections"]: 2.0, m["contracts"]: 1.0},
                          strategic_product_lines={w.product_lines[1].id}, id=uid())
    w.objectives = [objective]
    w.rules = [
        CascadeRule("70/30", tilt={"customer_density": {m["collections"]: 0.3},
                                   "competition_intensity": {m["contracts"]: -0.2}},
                    is_template=True, id=uid()),
        CascadeRule("custom", alpha=0.5, base={m["collections"]: 0.6, m["contracts"]: 0.4},
                    allocation_key="custom", custom_key="customer_density", beta=0.25,
                    overage=0.05, ratio_band=0.1, factor_weights={"customer_density": 2.0},
                    id=uid()),
    ]
    cascade = Cascade("Q2 cascade", q2.id, objective.id, id=uid())
    node_of: dict[str, str] = {}
    for i, u in enumerate(w.units):
        node = TargetNode(cascade.id, u.id, x=float(i * 10), y=float(-i), collapsed=i % 5 == 0,
                          id=uid())
        if u.kind == "region":
            node.overrides[m["collections"]] = TargetOverride(1000.0 + i, locked=i % 2 == 0)
        cascade.add_node(node)
        node_of[u.id] = node.id
    for i, u in enumerate(w.units):
        if u.parent_id is not None:
            rule = w.rules[i % 2].id if i % 3 else None
            cascade.connect(node_of[u.parent_id], node_of[u.id], rule, edge_id=uid())
    w.cascades = [cascade, Cascade("empty what-if", q1.id, None, id=uid())]
    published = dt.datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
    w.versions = [CascadeVersion(cascade.id, n, published + dt.timedelta(days=30 * (n - 1)),
                                 "tester", f"v{n}", id=uid()) for n in (1, 2)]
    for v in w.versions:
        for k, u in enumerate(x for x in w.units if x.kind == "region"):
            w.acks.append(Acknowledgement(v.id, u.id, v.published_at + dt.timedelta(
                hours=3 + 24 * k, milliseconds=125), "tester", id=uid()))
    return w


def write_world(tx: ChangeWriter, w: World) -> None:
    entities.add_org_units(tx, w.units)
    tx.insert_many("dimension", [entities.dimension_row(d) for d in w.dimensions])
    tx.insert_many("metric", [entities.metric_row(x) for x in w.metrics])
    tx.insert_many("product_line", [entities.product_line_row(p) for p in w.product_lines])
    tx.insert_many("period", [entities.period_row(p) for p in w.periods])
    for o in w.objectives:
        entities.add_objective(tx, o)
    tx.insert_many("rule", [entities.rule_row(r) for r in w.rules])
    for c in w.cascades:
        entities.add_cascade(tx, c)
    tx.insert_many("cascade_version", [entities.version_row(v) for v in w.versions])
    tx.insert_many("acknowledgement", [entities.ack_row(a) for a in w.acks])


def write_actuals(tx: ChangeWriter, w: World, days: int = 7) -> int:
    """Daily actuals for every rep and the first two metrics (a bulk fact batch)."""
    units = bulk.key_map(tx.conn, "org_unit")
    metrics = bulk.key_map(tx.conn, "metric")
    reps = [units[u.id] for u in w.units if u.kind == "person"]
    cols: dict[str, list] = {n: [] for n in ("unit_key", "metric_key", "day", "value",
                                             "denominator", "source")}
    for rep in reps:
        for metric in w.metrics[:2]:
            for d in range(days):
                cols["unit_key"].append(rep)
                cols["metric_key"].append(metrics[metric.id])
                cols["day"].append(20089 + d)  # 2025-01-01 onwards
                cols["value"].append(float(rep * 100 + d))
                cols["denominator"].append(None)
                cols["source"].append("demo")
    bulk.insert_facts(tx, "actual", cols, source="demo", origin="store_sample")
    return len(cols["day"])
