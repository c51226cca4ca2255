"""CRM deals (opportunities) from a CSV file or a Salesforce sync: one plan-and-write for
both, keyed by the CRM's id, so the same deal never appears twice.

A new deal adds a ``created`` event; a later stage an ``advanced`` one; closing it a
``won`` or ``lost`` one (from IsWon/IsClosed, never from the stage's name). Those events
are the CRM activity SPEC §6's strategic action consistency counts.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop.domain.facts import DealActivity
from desktop.domain.ids import new_id
from desktop.exchange import values
from desktop.exchange.lookups import load_lookups
from desktop.exchange.mapping import ColumnMapping
from desktop.exchange.messages import text
from desktop.exchange.prepare import prepare
from desktop.exchange.report import CancelFlag, ImportReport, check_cancel
from desktop.exchange.tables import Table
from desktop.store import bulk, deals
from desktop.store.workspace import Workspace

_COMPARED = ("name", "owner_unit_id", "product_line_id", "stage", "probability", "amount",
             "created_day", "close_day", "is_won", "is_closed")
CHANGE_EXAMPLES = 20
DELETED_STAGE = "(deleted in CRM)"


@dataclass(slots=True)
class DealRecord:
    crm_id: str
    name: str
    owner_unit_id: str | None
    product_line_id: str | None
    stage: str
    probability: float  # 0..1
    amount: float
    created_day: int
    close_day: int | None
    is_won: bool
    is_closed: bool
    event_day: int  # the day a change is dated (last modified, or today for a file)


def plan_and_write(ws: Workspace, records: Sequence[DealRecord], report: ImportReport, *,
                   dry_run: bool, source: str, origin: str, cancel: CancelFlag | None = None,
                   deleted: Sequence[tuple[str, int]] = (), meta: dict[str, str] | None = None
                   ) -> None:
    """Compare with the stored deals and write the difference in one transaction.
    ``deleted``: (crm id, day) of deals deleted in the CRM; ``meta``: workspace_meta values
    (a sync's watermark) written in the same transaction, so they never run ahead."""
    with ws.read() as conn:
        stored = deals.opportunities_by_crm_id(conn)
    new, updates, events = [], [], []
    for r in records:
        row = {f: getattr(r, f) for f in _COMPARED}
        old = stored.get(r.crm_id)
        if old is None:
            uid = new_id()
            new.append({"id": uid, "crm_id": r.crm_id, **row})
            events.append((uid, r.created_day, DealActivity.CREATED, r.stage))
            if r.is_closed:
                events.append((uid, r.close_day if r.close_day is not None else r.event_day,
                               DealActivity.WON if r.is_won else DealActivity.LOST, r.stage))
            continue
        diff = {f: v for f, v in row.items() if old[f] != v}
        if not diff:
            continue
        updates.append((old["id"], diff))
        if len(report.changes) < CHANGE_EXAMPLES:
            report.changes.append(f"{r.crm_id}: " + ", ".join(
                f"{f} {old[f]!r} → {v!r}" for f, v in diff.items()))
        if r.is_closed and not old["is_closed"]:
            events.append((old["id"], r.event_day,
                           DealActivity.WON if r.is_won else DealActivity.LOST, r.stage))
        elif "stage" in diff and not r.is_closed:
            events.append((old["id"], r.event_day, DealActivity.ADVANCED, r.stage))
    changed_records = len(updates)
    for crm_id, day in deleted:  # kept (its events are history) but closed as lost
        old = stored.get(crm_id)
        if old is not None and not (old["is_closed"] and old["stage"] == DELETED_STAGE):
            updates.append((old["id"], {"stage": DELETED_STAGE, "is_closed": True,
                                        "is_won": False, "probability": 0.0}))
            events.append((old["id"], day, DealActivity.LOST, DELETED_STAGE))
    report.rows = report.rows or len(records)
    report.added, report.changed = len(new), len(updates)
    report.unchanged = len(records) - len(new) - changed_records
    report.closed = sum(e[2] in (DealActivity.WON, DealActivity.LOST) for e in events)
    check_cancel(cancel)
    if dry_run or not (new or updates or meta):
        return
    with ws.transaction() as tx:
        tx.insert_many("opportunity", new)
        for uid, diff in updates:
            tx.update("opportunity", {"id": uid}, diff)
        check_cancel(cancel)
        if events:
            keys = [tx.key_of("opportunity", e[0]) for e in events]
            bulk.insert_facts(tx, "deal_event", {
                "opportunity_key": keys, "day": [e[1] for e in events],
                "activity": [str(e[2]) for e in events], "stage": [e[3] for e in events]},
                source=source, origin=origin)
        from desktop.store.fact_updates import set_meta

        for name, value in (meta or {}).items():
            set_meta(tx, name, value)
        check_cancel(cancel)
    report.written = bool(new or updates)


def import_opportunities(ws: Workspace, table: Table, mapping: ColumnMapping,
                         report: ImportReport, *, dry_run: bool,
                         cancel: CancelFlag | None = None, today: int | None = None
                         ) -> ImportReport:
    fields = prepare(table, mapping, report)
    if fields is None:
        return report
    cells, heads = fields.cells, fields.headers
    lookups = load_lookups(ws)
    report.rows = len(fields)
    owner = values.resolve_names(cells["owner"], heads["owner"], "owner",
                                 lookups.units.by_text, mapping, report, what="owner unit")
    line = (values.resolve_names(cells["product_line"], heads["product_line"],
                                 "product_line", lookups.product_lines.by_text, mapping,
                                 report, what="product line", required=False)
            if "product_line" in cells else np.full(len(fields), -1))
    amount = values.numbers(cells["amount"], heads["amount"], mapping, report)
    created = values.days(cells["created"], heads["created"], mapping, report)
    close = (values.days(cells["close"], heads["close"], mapping, report, required=False)
             if "close" in cells else np.full(len(fields), -1))
    won = values.booleans(cells["is_won"]) if "is_won" in cells else np.zeros(len(fields), bool)
    closed = (values.booleans(cells["is_closed"]) if "is_closed" in cells
              else won.copy())
    if "probability" in cells:
        prob = values.numbers(cells["probability"], heads["probability"], mapping, report)
        prob = np.where(prob > 1, prob / 100.0, prob)  # Salesforce and people write 0-100
    else:
        prob = np.where(won, 1.0, np.where(closed, 0.0, np.nan))
    ids = cells["crm_id"].str.strip()
    dup = ids.duplicated(keep="first").to_numpy()
    rows = np.asarray(ids.index)
    if dup.any():
        first = {v: r for v, r in zip(ids[~dup], rows[~dup], strict=True)}
        where = np.flatnonzero(dup)
        report.error_rows(rows[where], heads["crm_id"], "duplicate",
                          lambda i: text("deal_duplicate", deal=ids.iloc[where[i]],
                                         row=first[ids.iloc[where[i]]]))
    if "probability" not in cells and np.isnan(prob).any():
        report.error(None, None, "missing_column", text("probability_unmapped"))
    check_cancel(cancel)
    if not report.ok:
        return report
    names = cells["name"].str.strip() if "name" in cells else ids
    stages = cells["stage"].str.strip().to_numpy()
    day = today if today is not None else int(max(created.max(), 0))
    records = [DealRecord(ids.iloc[i], names.iloc[i], lookups.units.id_of[int(owner[i])],
                          lookups.product_lines.id_of.get(int(line[i])), stages[i],
                          float(prob[i]), float(amount[i]), int(created[i]),
                          None if close[i] < 0 else int(close[i]), bool(won[i]),
                          bool(closed[i]), day) for i in range(len(ids))]
    plan_and_write(ws, records, report, dry_run=dry_run, source="csv", origin=table.file,
                   cancel=cancel)
    return report
