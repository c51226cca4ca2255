"""The three case figures of SPEC §6, per period, for the company and each region —
computed from the raw facts every time, never stored.

- target communication latency: mean L in days over every (version of the period's
  cascade × unit with a node in it); an unacknowledged pair counts until the end of the
  period (the evaluation moment), and so does an acknowledgement after it;
- strategic action consistency: share of CRM activity — deal events *created* or
  *advanced* dated in the period — on the product lines the period's objective marks
  strategic, by the deal owner's region;
- incentive misallocation: share of the period's incentive spend on non-strategic
  product lines or, for spend booked on a metric, on metrics the objective gives no
  weight (spend naming neither cannot be strategic and counts as misallocated).
"""

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np

from desktop.services.health_inputs import ack_grid
from desktop.services.org_arrays import OrgArrays, org_arrays_of
from desktop.store import bulk, copied_reads, fact_arrays, loads
from desktop.store.clock import day_number
from desktop.store.column_copies import CopyReader
from desktop.store.copied_reads import read_copied
from desktop.store.workspace import Workspace

COMPANY = "company"
ACTIVITIES = ("created", "advanced")


@dataclass(frozen=True, slots=True)
class CaseFigures:
    period: str
    region: str  # region code, or "company"
    region_name: str
    latency_days: float  # NaN: no version reached the region's units
    unacknowledged: int  # (version, unit) pairs not acknowledged by the period's end
    version_units: int
    consistency: float  # NaN: no CRM activity
    deal_events: int
    misallocation: float  # NaN: nothing spent
    spend: float

    def as_json(self) -> dict:
        return {k: (None if isinstance(v, float) and np.isnan(v) else v)
                for k, v in asdict(self).items()}


def period_end(end: dt.date) -> dt.datetime:
    """The moment a period is over: midnight (UTC) after its last day."""
    after = end + dt.timedelta(days=1)
    return dt.datetime(after.year, after.month, after.day, tzinfo=dt.UTC)


def case_figures(ws: Workspace, periods: list[str] | None = None,
                 org: OrgArrays | None = None,
                 acks: fact_arrays.AcknowledgementColumns | None = None,
                 spend: fact_arrays.SpendColumns | None = None,
                 events: fact_arrays.DealEventColumns | None = None,
                 units_of: dict[str, np.ndarray] | None = None) -> list[CaseFigures]:
    """Rows per period (in time order) and region (in tree order, then the company).
    ``org``, ``acks``, ``spend`` (all of it), ``events`` (of ACTIVITIES), ``units_of``
    (cascade_reads.node_units): what the caller has loaded already."""
    if org is None:
        org = org_arrays_of(read_copied(ws, copied_reads.org_columns))
    region = org.region_of()
    region_rows = np.flatnonzero(np.array(org.kinds) == "region")
    with ws.read() as conn:
        all_periods = loads.periods(conn)
        headers = loads.cascade_headers(conn)
        objectives = {o.id: o for o in loads.objectives(conn)}
        metrics = loads.metrics(conn)
        versions = loads.versions(conn)
        version_key = bulk.key_map(conn, "cascade_version")
        line_key, metric_key = bulk.key_map(conn, "product_line"), bulk.key_map(conn, "metric")
        copies = CopyReader(ws, conn)  # what the caller has not: from the copies
        acks = acks if acks is not None else copied_reads.acknowledgements(copies)
        if units_of is None:
            units_of = copied_reads.cascade_nodes(copies, ids=False).node_units()
        spend_all = spend if spend is not None else copied_reads.incentive_spend(copies)
        events_all = (events if events is not None
                      else copied_reads.deal_events(copies, ACTIVITIES))
    wanted = {c.id for c in headers if periods is None
              or any(p.id == c.period_id and p.code in periods for p in all_periods)}
    # each cascade's units, once each (a set of units before), in tree order
    nodes = {}
    for cid in wanted:
        rows = org.rows(units_of.get(cid, np.zeros(0, np.int64)))
        nodes[cid] = np.unique(rows[rows >= 0])
    ack_row = org.rows(acks.unit_key)
    out = []
    for period in all_periods:
        if periods is not None and period.code not in periods:
            continue
        cascades = [c for c in headers if c.period_id == period.id and c.id in nodes]
        if not cascades:
            continue
        start, end = day_number(period.start), day_number(period.end)
        evaluation = period_end(period.end)
        # latency: every (version × unit with a node) pair
        pair_row, pair_days, pair_wait = [], [], []
        for cascade in cascades:
            units = nodes[cascade.id]
            chosen = [v for v in versions if v.cascade_id == cascade.id
                      and v.published_at < evaluation]
            at = ack_grid(acks, ack_row, [version_key[v.id] for v in chosen], units, org.tree.n)
            closes = evaluation.timestamp()
            for v, at_v in zip(chosen, at, strict=True):  # +inf: never acknowledged
                pair_wait.append(at_v >= closes)
                pair_row.append(units)
                pair_days.append((np.minimum(at_v, closes) - v.published_at.timestamp())
                                 / 86400.0)
        rows = np.concatenate(pair_row) if pair_row else np.zeros(0, np.int64)
        latency = np.concatenate(pair_days) if pair_days else np.zeros(0)
        waiting = np.concatenate(pair_wait) if pair_wait else np.zeros(0, bool)
        objective = objectives.get(cascades[0].objective_id)
        strategic_lines = np.array([line_key[i] for i in (objective.strategic_product_lines
                                                          if objective else ())
                                    if i in line_key], dtype=np.int64)
        strategic_metrics = np.array([metric_key[i] for i in (
            objective.strategic_metrics(metrics) if objective else ()) if i in metric_key],
            dtype=np.int64)
        # consistency: created / advanced deal events of the period
        in_period = (events_all.day >= start) & (events_all.day <= end)
        ev_row = org.rows(events_all.owner_unit_key[in_period])
        ev_strategic = np.isin(events_all.product_line_key[in_period], strategic_lines)
        # misallocation: the period's spend
        sp = (spend_all.day >= start) & (spend_all.day <= end)
        sp_row = org.rows(spend_all.unit_key[sp])
        amount = spend_all.amount[sp]
        line, metric = spend_all.product_line_key[sp], spend_all.metric_key[sp]
        on_strategy = np.where(line >= 0, np.isin(line, strategic_lines),
                               np.isin(metric, strategic_metrics))
        groups = [(org.codes[r], org.names[r], r) for r in region_rows.tolist()]
        for code, name, r in [*groups, (COMPANY, org.names[0] if org.ids else "", None)]:
            def member(unit_rows, r=r):
                if r is None:
                    return unit_rows >= 0
                return (unit_rows >= 0) & (region[np.maximum(unit_rows, 0)] == r)

            lm, em, sm = member(rows), member(ev_row), member(sp_row)
            total = float(amount[sm].sum())
            out.append(CaseFigures(
                period.code, code, name, _mean(latency[lm]), int(waiting[lm].sum()),
                int(lm.sum()), _mean(ev_strategic[em].astype(float)), int(em.sum()),
                float(amount[sm & ~on_strategy].sum()) / total if total > 0 else np.nan,
                total))
    return out


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if len(x) else float("nan")
