"""The demo's action-pack library (SPEC §5): what head office suggests when a unit runs
off plan. Ordinary rules in the workspace — a user edits them like any other."""

from desktop.demo.catalogue import Catalogue
from desktop.demo.ids import uuids
from desktop.domain.alert import ActionPackRule


def library(cat: Catalogue, rng) -> list[ActionPackRule]:
    m = {code: metric.id for code, metric in cat.metrics.items()}
    d = {code: dim.id for code, dim in cat.dimensions.items()}
    strategic = cat.product_lines["CAP"].name
    specs = [
        dict(name="Behind on the strategic product", metric_id=m["high_margin_share"],
             direction="behind",
             actions=[f"Switch the training material to {strategic}",
                      "Apply for a special incentive quota on the strategic product",
                      "Pair reps with a pilot-region mentor for two weeks"]),
        dict(name="Ahead on a non-strategic line", dimension_id=d["sales"],
             direction="ahead", condition={"dimension_weight_below": 0.35},
             actions=["Review the incentive allocation: move budget from the non-strategic "
                      "line to the strategic product",
                      "Check that targets on this line were not set too low"]),
        dict(name="Ahead on collections while the mix lags", metric_id=m["collections"],
             direction="ahead", condition={"dimension_weight_below": 0.35},
             actions=["Review the incentive allocation for the strategic product"]),
        dict(name="Collections behind plan", metric_id=m["collections"], direction="behind",
             actions=["Chase overdue invoices with finance", "Re-phase the billing plan "
                      "with the largest accounts"]),
        dict(name="Sales activity behind plan", dimension_id=d["sales"], direction="behind",
             actions=["Run a weekly pipeline review with the team lead",
                      "Book customer visits for the next two weeks"]),
        dict(name="Large gap at team or region level", dimension_id=d["finance"],
             direction="behind",
             condition={"min_deviation": 0.25, "unit_kinds": ["team", "region"]},
             actions=["Escalate to the regional manager's weekly review"]),
    ]
    ids = uuids(rng, len(specs))
    return [ActionPackRule(id=i, **spec) for i, spec in zip(ids, specs, strict=True)]
