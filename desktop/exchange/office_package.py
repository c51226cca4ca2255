"""Office packages, head office to office: what an office needs to work offline (its
subtree of units, the current cascade's nodes, edges and rules for that subtree, the
published versions with the latest one's frozen values, metrics, periods, settings, and
its alerts), and their import into the office's own workspace.

The office keeps every UUID of head office, so its work (acknowledgements, check-ins,
alert actions, actuals) means the same rows when it travels back (return_package.py).
Importing a package creates the office copy when the file is new, or brings an existing
copy up to date; one transaction, and the same package twice changes nothing.
"""

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.exchange.package_format import Package, PackageError, read_package, write_package
from desktop.exchange.report import CancelFlag, Progress, check_cancel, report_progress
from desktop.store import package_rows as pr
from desktop.store.clock import default_author, now_iso
from desktop.store.workspace import Workspace

# Tables in the order they can be inserted (references point to earlier tables), and
# whether a newer package updates rows the office already has (reference data) or only
# adds (the record of what happened: versions, acknowledgements, events...).
TABLES: tuple[tuple[str, bool], ...] = (
    ("setting", True), ("dimension", True), ("metric", True), ("product_line", True),
    ("period", True), ("objective", True), ("objective_dimension", True),
    ("objective_metric", True), ("objective_product_line", True), ("rule", True),
    ("org_unit", True), ("unit_factor", True), ("cascade", True), ("target_node", True),
    ("target_override", True), ("cascade_edge", True), ("cascade_version", False),
    ("acknowledgement", False), ("action_pack_rule", True), ("alert", False),
    ("alert_event", False), ("alert_action", False), ("checkin", False),
)
META_UNIT = "office:unit_id"
META_PACKAGE = "office:package"
META_TXNS = "office:import_txns"


@dataclass(slots=True)
class PackageResult:
    """What making or importing a package did (plain data for the CLI and the GUI)."""

    file: str
    kind: str
    unit_code: str
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # notes: rows left out and why
    created_workspace: bool = False

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())

    def summary(self) -> str:
        if not (self.total_added or self.total_changed):
            return f"{self.file}: nothing to change; the workspace already has all of it"
        parts = ", ".join(f"{n} {t}" for t, n in self.added.items() if n)
        text = f"{self.file} ({self.kind} package, {self.unit_code}): added {parts or 'nothing'}"
        if self.total_changed:
            text += "; updated " + ", ".join(f"{n} {t}" for t, n in self.changed.items() if n)
        return text

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "kind": self.kind, "unit": self.unit_code,
                "added": self.added, "changed": self.changed, "skipped": self.skipped,
                "created_workspace": self.created_workspace}


# --- head office: make ---------------------------------------------------------------------
def make_office_package(ws: Workspace, unit_code: str, out: Path | str, *,
                        period: str | None = None) -> PackageResult:
    with ws.read() as conn:
        rows = {table: pr.read_rows(conn, table) for table, _ in TABLES}
        units = _subtree(rows["org_unit"], unit_code, ws.path)
        unit_ids = {u["id"] for u in units}
        top = dict(units[0])
        cascade = _current_cascade(rows, period, ws.path)
        package = Package("office", str(uuid.uuid4()), now_iso(), default_author(),
                          ws.replica_id or "", ws.meta("name") or "",
                          {"id": top["id"], "code": top["code"], "name": top["name"]},
                          cascade["id"] if cascade else None)
        picked = _pick(rows, units, unit_ids, cascade)
        versions = picked["cascade_version"]
        if versions:
            latest = max(versions, key=lambda v: v["number"])["id"]
            package.version_targets = [r for r in pr.read_version_targets(conn, [latest])
                                       if r[1] in unit_ids]
    package.tables = picked
    write_package(package, out)
    result = PackageResult(Path(out).name, "office", unit_code)
    result.added = {t: len(r) for t, r in picked.items()}
    return result


def _subtree(org: list[dict], code: str, path: Path) -> list[dict]:
    """The unit with ``code`` and its descendants, parents first; the top unit's parent
    is left out (the office copy has no head office above it)."""
    top = next((u for u in org if u["code"] == code), None)
    if top is None:
        raise PackageError(path, f"no org unit with code {code!r}")
    children: dict[str | None, list[dict]] = {}
    for u in org:
        children.setdefault(u["parent_id"], []).append(u)
    out, queue = [{**top, "parent_id": None}], [top["id"]]
    while queue:
        current = queue.pop(0)
        for child in children.get(current, []):
            out.append(child)
            queue.append(child["id"])
    return out


def _current_cascade(rows: dict[str, list[dict]], period: str | None, path: Path
                     ) -> dict | None:
    """The cascade of ``period`` (a code), or of the latest period that has one."""
    periods = {p["id"]: p for p in rows["period"]}
    cascades = rows["cascade"]
    if period is not None:
        found = [c for c in cascades if periods[c["period_id"]]["code"] == period]
        if not found:
            raise PackageError(path, f"no cascade for period {period!r}")
        return found[0]
    if not cascades:
        return None
    return max(cascades, key=lambda c: periods[c["period_id"]]["start_date"])


def _pick(rows: dict[str, list[dict]], units: list[dict], unit_ids: set[str],
          cascade: dict | None) -> dict[str, list[dict]]:
    cid = cascade["id"] if cascade else None
    nodes = [n for n in rows["target_node"] if n["cascade_id"] == cid
             and n["unit_id"] in unit_ids]
    node_ids = {n["id"] for n in nodes}
    edges = [e for e in rows["cascade_edge"] if e["cascade_id"] == cid
             and e["parent_node_id"] in node_ids and e["child_node_id"] in node_ids]
    versions = [v for v in rows["cascade_version"] if v["cascade_id"] == cid]
    version_ids = {v["id"] for v in versions}
    alerts = [a for a in rows["alert"] if a["unit_id"] in unit_ids
              and (cascade is None or a["period_id"] == cascade["period_id"])]
    alert_ids = {a["id"] for a in alerts}
    picked = {t: list(rows[t]) for t in ("setting", "dimension", "metric", "product_line",
                                         "period", "objective", "objective_dimension",
                                         "objective_metric", "objective_product_line",
                                         "rule", "action_pack_rule")}
    picked.update({
        "org_unit": units,
        "unit_factor": [f for f in rows["unit_factor"] if f["unit_id"] in unit_ids],
        "cascade": [cascade] if cascade else [],
        "target_node": nodes,
        "target_override": [o for o in rows["target_override"] if o["node_id"] in node_ids],
        "cascade_edge": edges,
        "cascade_version": versions,
        "acknowledgement": [a for a in rows["acknowledgement"]
                            if a["version_id"] in version_ids and a["unit_id"] in unit_ids],
        "alert": alerts,
        "alert_event": [e for e in rows["alert_event"] if e["alert_id"] in alert_ids],
        "alert_action": [a for a in rows["alert_action"] if a["alert_id"] in alert_ids],
        "checkin": [c for c in rows["checkin"] if c["unit_id"] in unit_ids],
    })
    return {t: picked[t] for t, _ in TABLES}


# --- office: import ------------------------------------------------------------------------
def import_office_package(path: Path | str, package: Package | Path | str, *,
                          progress: Progress | None = None,
                          cancel: CancelFlag | None = None) -> PackageResult:
    """Bring the office workspace at ``path`` up to date with ``package``; a new file is
    created as the office copy (built under a temporary name, renamed when complete)."""
    path = Path(path)
    if not isinstance(package, Package):
        package = read_package(package)
    if package.kind != "office":
        raise PackageError(Path(package.file), "this is a return package: import it into "
                                               "the head-office workspace")
    result = PackageResult(package.file, "office", package.unit["code"])
    if path.exists():
        with Workspace.open(path) as ws:
            _check_office_copy(ws, package)
            _merge_office(ws, package, result, progress, cancel)
        return result
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    ws = Workspace.create(partial, name=f"{package.unit['name']} (office)")
    try:
        _merge_office(ws, package, result, progress, cancel)
        ws.close()
        os.replace(partial, path)
    except BaseException:
        ws.close()
        partial.unlink(missing_ok=True)
        raise
    result.created_workspace = True
    return result


def _check_office_copy(ws: Workspace, package: Package) -> None:
    here = ws.meta(META_UNIT)
    if here is None:
        raise PackageError(Path(package.file), f"{ws.path.name} is not an office copy; "
                                               "import an office package into a new file "
                                               "or into the office's own copy")
    if here != package.unit["id"]:
        raise PackageError(Path(package.file), f"this package is for {package.unit['code']},"
                                               f" but {ws.path.name} is another office's copy")


def _merge_office(ws: Workspace, package: Package, result: PackageResult,
                  progress: Progress | None, cancel: CancelFlag | None) -> None:
    with ws.transaction(package.made_by or None) as tx:
        new_versions: set[str] = set()
        for i, (table, update) in enumerate(TABLES):
            check_cancel(cancel)
            report_progress(progress, table, i / len(TABLES))
            incoming = package.tables.get(table, [])
            existing = pr.read_rows(tx.conn, table)
            new, changed = pr.plan_merge(existing, incoming, table, update=update)
            if table == "alert":
                changed = settle_alert_states(existing, incoming)
            pr.apply_merge(tx, table, new, changed)
            if table == "cascade_version":
                new_versions = {v["id"] for v in new}
            if new or changed:
                result.added[table] = len(new)
                result.changed[table] = len(changed)
        pr.insert_version_targets(tx, [r for r in package.version_targets
                                       if r[0] in new_versions])
        check_cancel(cancel)
        if result.total_added or result.total_changed:
            pr.set_meta(tx, META_UNIT, package.unit["id"])
            pr.set_meta(tx, META_PACKAGE, json.dumps(
                {"package_id": package.package_id, "made_at": package.made_at,
                 "source_replica": package.source_replica, "unit": package.unit},
                ensure_ascii=False))
            txns = [*json.loads(ws.meta(META_TXNS) or "[]"), tx.txn_id]
            pr.set_meta(tx, META_TXNS, json.dumps(txns))
    report_progress(progress, "done", 1.0)


def settle_alert_states(existing: list[dict], incoming: list[dict]
                        ) -> list[tuple[dict, dict[str, Any]]]:
    """An alert known on both sides moves forward to the later lifecycle state
    (raised → acknowledged → action taken → resolved), from whichever side it came: a
    copy never moves an alert back. The events themselves are merged as rows."""
    have = {a["id"]: a for a in existing}
    out = []
    for row in incoming:
        current = have.get(row["id"])
        if current is None or _rank(row["state"]) <= _rank(current["state"]):
            continue
        diff = {f: row[f] for f in ("state", "resolved_week", "resolved_at")
                if row[f] != current[f]}
        out.append((row, diff))
    return out


_ORDER = {"raised": 0, "acknowledged": 1, "action_taken": 2, "resolved": 3}


def _rank(state: str) -> int:
    return _ORDER.get(state, -1)
