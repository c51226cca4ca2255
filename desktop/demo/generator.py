"""``generate``: write the demo company to a new workspace file.

The workspace is built in a temporary file next to the target and renamed over it only
when complete, so a kill mid-generation never leaves a half-made workspace at ``path``.
Entities go through the change-logged writer in one transaction, facts through the bulk
loader in a second one.
"""

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.demo import actuals, catalogue, company, crm, history, plan, versions
from desktop.demo.ids import uuids
from desktop.demo.writer import write_entities, write_facts
from desktop.store.errors import WorkspaceError
from desktop.store.fact_arrays import ActualColumns
from desktop.store.workspace import Workspace

AUTHOR = "demo"
NAME = "星云软件 Nebula Software (demo)"
# The week-by-week tracking history is simulated up to this many units (the 112-unit demo
# company and small scales). A larger company raises about six alerts per unit, and
# writing their logged lifecycle rows would take seconds per thousand units: the
# benchmark-sized company (``--scale``) gets no alerts or check-ins.
HISTORY_LIMIT = 1_000
Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    units: int
    regions: int
    teams: int
    reps: int
    metrics: int
    periods: int
    actuals: int
    opportunities: int
    deal_events: int
    incentive_payments: int
    versions: int
    acknowledgements: int
    alerts: int = 0
    alert_events: int = 0

    def __str__(self) -> str:
        def n(value: int) -> str:
            return f"{value:,}".replace(",", " ")

        return (f"1 company, {n(self.regions)} regions, {n(self.teams)} teams, "
                f"{n(self.reps)} reps, {n(self.metrics)} metrics, {n(self.periods)} periods, "
                f"{n(self.actuals)} actuals, {n(self.opportunities)} opportunities, "
                f"{n(self.deal_events)} deal events, {n(self.incentive_payments)} incentive "
                f"payments, {n(self.versions)} versions, {n(self.acknowledgements)} "
                f"acknowledgements, {n(self.alerts)} alerts ({n(self.alert_events)} "
                "lifecycle events)")


def _stream(seed: int, part: int) -> np.random.Generator:
    """An independent random stream per part, so parts do not shift each other."""
    return np.random.default_rng([seed, part])


def generate(path: Path | str, *, scale: int | None = None, seed: int = 7,
             overwrite: bool = False, progress: Progress | None = None) -> DemoSummary:
    """Write the demo company (SPEC §7) to a new workspace at ``path``."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise WorkspaceError(target, "a file with this name already exists")
    report = progress or (lambda _stage, _fraction: None)
    report("building the company", 0.0)
    cat = catalogue.build(_stream(seed, 1))
    org = company.build(scale, _stream(seed, 2))
    unit_ids = uuids(_stream(seed, 3), len(org))
    shares = plan.company_shares(org, cat.rule.beta)
    facts = actuals.generate(org, cat, shares, _stream(seed, 4))
    report("building the company", 0.1)
    deals = crm.deals(org, cat, _stream(seed, 5))
    spend = crm.incentive_spend(org, cat, shares, _stream(seed, 6))
    acks = versions.acknowledgements(org, _stream(seed, 7))
    report("building the company", 0.2)

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.demo")
    ws = Workspace.create(partial, name=NAME, author=AUTHOR, overwrite=True)
    try:
        with ws.building():
            with ws.transaction(AUTHOR) as tx:
                keys = write_entities(tx, cat, org, unit_ids, deals, acks, _stream(seed, 8),
                                      report)
            with ws.transaction(AUTHOR) as tx:
                write_facts(tx, cat, keys, facts, deals, spend, report)
            alerts = events = 0
            if len(org) <= HISTORY_LIMIT:
                report("simulating the weekly tracking", 0.92)
                alerts, events = history.write_history(ws, cat, org, unit_ids,
                                                       _stream(seed, 9), AUTHOR)
            report("saving", 0.95)
    except BaseException:
        ws.close()
        _remove(partial)
        raise
    ws.close()
    for suffix in ("-wal", "-shm"):  # never let an old WAL meet the new file
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)
    report("preparing the review", 0.97)
    _warm(target, ActualColumns(
        keys.unit[facts["unit"]].astype(np.int64), keys.metric[facts["metric"]].astype(np.int64),
        facts["day"].astype(np.int64), facts["value"].astype(np.float64),
        facts["denominator"].astype(np.float64)))
    report("done", 1.0)
    return DemoSummary(
        units=len(org), regions=org.count("region"), teams=org.count("team"),
        reps=org.count("person"), metrics=len(cat.metrics), periods=len(cat.periods),
        actuals=int(facts["value"].size), opportunities=int(deals.owner.size),
        deal_events=int(deals.event_opp.size), incentive_payments=int(spend["amount"].size),
        versions=len(versions.VERSIONS), acknowledgements=int(acks.unit.size),
        alerts=alerts, alert_events=events)


def _warm(target: Path, written: ActualColumns) -> None:
    """The columnar copies the review reads (store/fact_cache, store/column_copies),
    built now: otherwise the first review of a large demo reads every table row by row
    (~12 s at 100 000 units). The actuals' copy is seeded from the arrays just written
    (checked against the table) rather than read back. Beside the final name: the
    temporary file's would be left behind."""
    from desktop.services.review import warm
    from desktop.store import fact_cache

    ws = Workspace.open(target)
    try:
        fact_cache.seed(ws, written)
        warm(ws)
    finally:
        ws.close()


def _remove(partial: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
