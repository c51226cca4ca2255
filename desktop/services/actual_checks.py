"""Bad input among the stored actuals (issue 4): reported with counts and examples, never
silently dropped or included.

The tracking pass reports what its own roll-up leaves out (services/tracking.py,
engine check_facts); this check looks at the whole fact table for what no single
period's pass can see: facts of unknown units or metrics, duplicates of one unit ×
metric × day, negatives where the metric forbids them, and dates outside every period.
"""

from dataclasses import dataclass, field

import numpy as np

from desktop.services.org_arrays import org_arrays
from desktop.services.tracking_data import week_of_day
from desktop.store import bulk, fact_arrays, loads
from desktop.store.clock import day_from_number
from desktop.store.workspace import Workspace

EXAMPLES = 5


@dataclass(slots=True)
class ActualReport:
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def bad(self) -> int:
        return sum(self.counts.values())

    def as_json(self) -> dict:
        return {"total": self.total, "bad": self.bad, "counts": self.counts,
                "examples": self.examples}


def check_actuals(ws: Workspace) -> ActualReport:
    org = org_arrays(ws)
    with ws.read() as conn:
        facts = fact_arrays.actuals(conn)
        metrics = loads.metrics(conn)
        periods = loads.periods(conn)
        metric_key = bulk.key_map(conn, "metric")
    by_key = {metric_key[m.id]: m for m in metrics}
    rows = org.rows(facts.unit_key)
    known_metric = np.isin(facts.metric_key, list(by_key))
    forbids = np.array([k for k, m in by_key.items() if not m.allow_negative], dtype=np.int64)
    spans = [week_of_day(p)[1] for p in periods]
    inside = np.zeros(len(facts), bool)
    for monday in spans:  # a period owns its ISO weeks (domain.period.Period.weeks)
        inside |= (facts.day >= monday[0]) & (facts.day <= monday[-1] + 6)
    order = np.lexsort((facts.day, facts.metric_key, facts.unit_key))
    same = np.zeros(len(facts), bool)
    if len(order) > 1:
        dup = ((facts.unit_key[order][1:] == facts.unit_key[order][:-1])
               & (facts.metric_key[order][1:] == facts.metric_key[order][:-1])
               & (facts.day[order][1:] == facts.day[order][:-1]))
        same[order[1:][dup]] = True  # the second and later copies
    reasons = {"unknown_unit": rows < 0, "unknown_metric": ~known_metric,
               "duplicate": same,
               "negative_value": (facts.value < 0) & np.isin(facts.metric_key, forbids),
               "outside_every_period": ~inside}
    report = ActualReport(len(facts))
    for reason, mask in reasons.items():
        count = int(mask.sum())
        if not count:
            continue
        report.counts[reason] = count
        report.examples[reason] = [
            {"unit": org.codes[rows[i]] if rows[i] >= 0 else f"key {facts.unit_key[i]}",
             "metric": by_key[facts.metric_key[i]].code if known_metric[i]
             else f"key {facts.metric_key[i]}",
             "day": day_from_number(int(facts.day[i])).isoformat(),
             "value": float(facts.value[i])}
            for i in np.flatnonzero(mask)[:EXAMPLES].tolist()]
    return report
