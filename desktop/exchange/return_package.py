"""Return packages, office to head office: the office's acknowledgements, check-ins, alert
lifecycle events and actions (and alerts it raised or moved on), and its actuals.

Only rows the office made itself travel (its change log tells them apart from the rows a
package brought), plus its actuals. Head office merges them by UUID, and actuals by their
natural key (unit, metric, day): importing the same return package twice adds nothing.
Every row is checked against head office's workspace first; a problem refuses the whole
package, naming the member, row and field, and nothing is written.
"""

import datetime as dt
import json
import uuid
from pathlib import Path

from desktop.exchange.messages import text
from desktop.exchange.office_package import (
    META_PACKAGE,
    META_TXNS,
    PackageResult,
    import_office_package,
    settle_alert_states,
)
from desktop.exchange.package_format import (
    ACTUALS,
    Package,
    PackageError,
    read_package,
    write_package,
)
from desktop.exchange.report import (
    CancelFlag,
    ImportRefused,
    ImportReport,
    Progress,
    check_cancel,
    report_progress,
)
from desktop.store import bulk, fact_updates
from desktop.store import package_rows as pr
from desktop.store.clock import day_from_number, day_number, default_author, now_iso
from desktop.store.schema_tracking import ALERT_STATES
from desktop.store.workspace import Workspace

RETURNED = ("alert", "alert_event", "alert_action", "acknowledgement", "checkin")
CHANGE_EXAMPLES = 20


# --- office: make --------------------------------------------------------------------------
def make_return_package(ws: Workspace, out: Path | str) -> PackageResult:
    info = ws.meta(META_PACKAGE)
    if info is None:
        raise PackageError(ws.path, "not an office copy (it was not made from an office "
                                    "package), so it has nothing to return")
    origin = json.loads(info)
    txns = json.loads(ws.meta(META_TXNS) or "[]")
    tables: dict[str, list[dict]] = {}
    with ws.read() as conn:
        for table in RETURNED:
            mine = pr.ids_created_outside(conn, table, txns)
            tables[table] = [r for r in pr.read_rows(conn, table) if r["id"] in mine]
        # an alert the office moved on travels too, so head office sees its new state
        touched = {r["alert_id"] for t in ("alert_event", "alert_action") for r in tables[t]}
        known = {r["id"] for r in tables["alert"]}
        tables["alert"] += [r for r in pr.read_rows(conn, "alert")
                            if r["id"] in touched - known]
        actuals = [(u, m, day_from_number(d).isoformat(), v, den, s)
                   for u, m, d, v, den, s in pr.read_actuals(conn)]
    package = Package("return", str(uuid.uuid4()), now_iso(), default_author(),
                      ws.replica_id or "", ws.meta("name") or "", origin["unit"],
                      based_on=origin["package_id"], tables=tables, actuals=actuals)
    write_package(package, out)
    result = PackageResult(Path(out).name, "return", origin["unit"]["code"])
    result.added = {t: len(r) for t, r in tables.items()}
    result.added["actual"] = len(actuals)
    return result


# --- head office: merge --------------------------------------------------------------------
def merge_return_package(ws: Workspace, package: Package | Path | str, *,
                         progress: Progress | None = None, cancel: CancelFlag | None = None
                         ) -> PackageResult:
    if not isinstance(package, Package):
        package = read_package(package)
    if package.kind != "return":
        raise PackageError(Path(package.file), "this is an office package: import it into "
                                               "the office's workspace (or a new file)")
    report_progress(progress, "checking", 0.05)
    with ws.read() as conn:
        org = pr.read_rows(conn, "org_unit")
        known = {t: {r["id"]: r for r in pr.read_rows(conn, t)}
                 for t in ("metric", "period", "cascade_version", "action_pack_rule",
                           *RETURNED)}
    subtree = _subtree_ids(org, package.unit["id"])
    if not subtree:
        raise PackageError(Path(package.file), f"unit {package.unit['code']} (the office "
                                               "this package comes from) is not in "
                                               f"{ws.path.name}")
    report = ImportReport(package.file, "return package")
    actuals = _check(package, subtree, known, report)
    if not report.ok:
        raise ImportRefused(report)
    check_cancel(cancel)
    result = PackageResult(package.file, "return", package.unit["code"])
    with ws.transaction(package.made_by or None) as tx:
        for i, table in enumerate(RETURNED):
            report_progress(progress, table, 0.1 + 0.6 * i / len(RETURNED))
            incoming = package.tables.get(table, [])
            existing = list(known[table].values())
            new, _ = pr.plan_merge(existing, incoming, table, update=False)
            changed = settle_alert_states(existing, incoming) if table == "alert" else []
            if table == "acknowledgement":
                new = _without_duplicate_acks(new, existing, result)
            pr.apply_merge(tx, table, new, changed)
            if new or changed:
                result.added[table] = len(new)
                result.changed[table] = len(changed)
            check_cancel(cancel)
        report_progress(progress, "actuals", 0.8)
        _merge_actuals(tx, actuals, subtree, package, result)
        check_cancel(cancel)
    report_progress(progress, "done", 1.0)
    return result


def _subtree_ids(org: list[dict], top: str) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for u in org:
        children.setdefault(u["parent_id"], []).append(u["id"])
    if not any(u["id"] == top for u in org):
        return set()
    out, stack = set(), [top]
    while stack:
        current = stack.pop()
        out.add(current)
        stack.extend(children.get(current, []))
    return out


def _check(package: Package, subtree: set[str], known: dict[str, dict],
           report: ImportReport) -> list[tuple[str, str, int, float, float | None, str]]:
    """Every reference must name something head office has (or the package brings)."""
    alerts = set(known["alert"]) | {r["id"] for r in package.tables.get("alert", [])}
    refs = {"unit_id": ("unit of this office", subtree),
            "metric_id": ("metric", known["metric"]), "period_id": ("period", known["period"]),
            "version_id": ("published version", known["cascade_version"]),
            "alert_id": ("alert", alerts),
            "pack_rule_id": ("action-pack rule", known["action_pack_rule"])}
    optional = {("checkin", "metric_id"), ("alert_action", "pack_rule_id")}
    for table in RETURNED:
        member = package.member_name(table)
        for row_no, row in enumerate(package.tables.get(table, []), start=1):
            if not isinstance(row.get("id"), str):
                report.error(row_no, f"{member}: id", "bad_id", text("id_required"))
            for name, value in row.items():
                if name in refs and not (value is None and (table, name) in optional):
                    what, ids = refs[name]
                    if value not in ids:
                        report.error(row_no, f"{member}: {name}", "unknown_reference",
                                     text("unknown_reference", value=value, what=what))
            if "state" in row and row["state"] not in ALERT_STATES:
                report.error(row_no, f"{member}: state", "bad_state",
                             text("bad_state", state=row["state"]))
    out = []
    for row_no, (u, m, date, value, den, source) in enumerate(package.actuals, start=2):
        where = f"{ACTUALS}: "
        if u not in subtree:
            report.error(row_no, where + "unit_id", "unknown_reference",
                         text("not_office_unit", value=u))
        if m not in known["metric"]:
            report.error(row_no, where + "metric_id", "unknown_reference",
                         text("unknown_reference", value=m, what="metric"))
        try:
            day = day_number(dt.date.fromisoformat(date))
        except ValueError:
            report.error(row_no, where + "date", "bad_date", text("bad_iso_date", value=date))
            continue
        out.append((u, m, day, value, den, source))
    return out


def _without_duplicate_acks(new: list[dict], existing: list[dict],
                            result: PackageResult) -> list[dict]:
    """A unit acknowledges a version once: one recorded at head office meanwhile wins."""
    have = {(a["version_id"], a["unit_id"]) for a in existing}
    keep = []
    for ack in new:
        if (ack["version_id"], ack["unit_id"]) in have:
            result.skipped.append(f"acknowledgement {ack['id']}: head office already has "
                                  "one for this unit and version")
        else:
            have.add((ack["version_id"], ack["unit_id"]))
            keep.append(ack)
    return keep


def _merge_actuals(tx, actuals, subtree: set[str], package: Package,
                   result: PackageResult) -> None:
    stored = {(u, m, d): (v, den, s) for u, m, d, v, den, s
              in pr.read_actuals(tx.conn, subtree)}
    new, updates, log = [], [], []
    for u, m, d, v, den, s in actuals:
        old = stored.get((u, m, d))
        if old is None:
            new.append((u, m, d, v, den, s))
        elif (old[0], old[1]) != (v, den):
            updates.append({"unit_key": tx.key_of("org_unit", u),
                            "metric_key": tx.key_of("metric", m), "day": d, "value": v,
                            "denominator": den, "source": s})
            entity = f"{u}/{m}/{day_from_number(d).isoformat()}"
            log += [(entity, f, o, n) for f, o, n in (("value", old[0], v),
                                                      ("denominator", old[1], den)) if o != n]
            if len(result.skipped) < CHANGE_EXAMPLES:
                result.skipped.append(f"actual {entity}: {old[0]:g} → {v:g} (office value)")
    origin = f"{package.file} ({package.unit['code']})"
    if new:
        bulk.insert_facts(tx, "actual", {
            "unit_key": [tx.key_of("org_unit", r[0]) for r in new],
            "metric_key": [tx.key_of("metric", r[1]) for r in new],
            "day": [r[2] for r in new], "value": [r[3] for r in new],
            "denominator": [r[4] for r in new], "source": [r[5] or "office" for r in new]},
            source="office package", origin=origin)
    fact_updates.update_facts(tx, "actual", updates, source="office package", origin=origin,
                              log=log)
    if new or updates:
        result.added["actual"] = len(new)
        result.changed["actual"] = len(updates)


def import_package(path: Path | str, file: Path | str, *, progress: Progress | None = None,
                   cancel: CancelFlag | None = None) -> PackageResult:
    """`targetflow import-package`: an office package into the office's copy (created if
    new), or a return package into head office's workspace, by what the file says."""
    package = read_package(file)
    if package.kind == "office":
        return import_office_package(path, package, progress=progress, cancel=cancel)
    with Workspace.open(path) as ws:
        return merge_return_package(ws, package, progress=progress, cancel=cancel)
