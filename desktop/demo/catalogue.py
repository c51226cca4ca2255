"""The demo's small tables: dimensions, metrics, product lines, periods, objectives and
the rule template — as domain objects with deterministic ids."""

from dataclasses import dataclass

import numpy as np

from desktop.demo.ids import uuid_one
from desktop.demo.story import COMPANY_TARGETS, PERIODS
from desktop.domain.metric import Aggregation, Dimension, Metric, ProductLine
from desktop.domain.objective import Objective
from desktop.domain.period import Period, quarter
from desktop.domain.rule import AllocationKey, CascadeRule

RULE_NAME = ("Standard regional rule: 70% inherited, 30% from customer density and "
             "competition intensity")
STRATEGIC_LINE = {1: "STD", 2: "CAP"}  # product line code each quarter's objective marks


@dataclass(slots=True)
class Catalogue:
    dimensions: dict[str, Dimension]  # by code
    metrics: dict[str, Metric]  # by code, in the order of story.SUM_METRICS + ratio
    product_lines: dict[str, ProductLine]
    periods: dict[int, Period]  # by quarter number
    objectives: dict[int, Objective]
    rule: CascadeRule


def build(rng: np.random.Generator) -> Catalogue:
    def new() -> str:
        return uuid_one(rng)

    dims = {code: Dimension(code, name, id=new()) for code, name in (
        ("finance", "Finance 财务"), ("sales", "Sales 销售"), ("product", "Product 产品"))}
    metrics = {
        "collections": Metric("collections", "Collections 回款", "CNY",
                              dims["finance"].id, id=new()),
        "contracts": Metric("contracts", "Contracts signed 签约数", "count",
                            dims["sales"].id, id=new()),
        "activity": Metric("activity", "Customer activity 客户活跃度", "count",
                           dims["sales"].id, id=new()),
        "high_margin_share": Metric("high_margin_share", "High-margin product share 高毛利产品占比",
                                    "%", dims["product"].id, Aggregation.RATIO, id=new()),
    }
    lines = {code: ProductLine(code, name, high, id=new()) for code, name, high in (
        ("CAP", "Cloud Analytics Pro 云分析专业版", True),
        ("STD", "Standard Suite 标准套件", False),
        ("SVC", "Implementation Services 实施服务", False),
        ("LEG", "Legacy On-Prem 传统本地部署", False))}
    periods = {q: quarter(year, q) for year, q in PERIODS}
    for period in periods.values():
        period.id = new()
    sales_split = {metrics["contracts"].id: 0.6, metrics["activity"].id: 0.4}
    objectives = {
        1: Objective("OBJ-2025-Q1", "Grow subscription collections 扩大订阅回款",
                     periods[1].id,
                     {dims["finance"].id: 0.40, dims["sales"].id: 0.35,
                      dims["product"].id: 0.25},
                     dict(sales_split), {lines[STRATEGIC_LINE[1]].id}, id=new()),
        2: Objective("OBJ-2025-Q2", "Raise the high-margin product share to 45% "
                     "高毛利产品占比提升至45%", periods[2].id,
                     {dims["finance"].id: 0.30, dims["sales"].id: 0.30,
                      dims["product"].id: 0.40},
                     dict(sales_split), {lines[STRATEGIC_LINE[2]].id}, id=new()),
    }
    m = {code: metric.id for code, metric in metrics.items()}
    rule = CascadeRule(
        RULE_NAME, alpha=0.70,
        tilt={"customer_density": {m["collections"]: 0.10, m["activity"]: 0.08,
                                   m["contracts"]: 0.0, m["high_margin_share"]: -0.04},
              "competition_intensity": {m["collections"]: -0.04, m["activity"]: 0.0,
                                        m["contracts"]: 0.08, m["high_margin_share"]: 0.06}},
        allocation_key=AllocationKey.HEADCOUNT, beta=0.2, is_template=True, id=new())
    return Catalogue(dims, metrics, lines, periods, objectives, rule)


def company_targets(cat: Catalogue, q: int) -> dict[str, float]:
    """The root's target per metric id for quarter ``q``."""
    return {cat.metrics[code].id: value for code, value in COMPANY_TARGETS[q].items()}
