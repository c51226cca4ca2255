"""Import of targets as locked overrides on a cascade's target nodes.

A target row names a unit, a metric, a period and a value. The period chooses the cascade
(the one of that period, or the one the mapping names); the value becomes that unit's
hand-set, locked target, which survives every re-cascade and shows as an override in the
designer. Published versions stay frozen: a file changes the plan, and publishing it is
the user's step. Natural key: cascade + unit + metric.
"""

import numpy as np

from desktop.exchange import values
from desktop.exchange.lookups import load_lookups
from desktop.exchange.mapping import ColumnMapping
from desktop.exchange.messages import hint, text
from desktop.exchange.prepare import prepare
from desktop.exchange.report import CancelFlag, ImportReport, check_cancel
from desktop.exchange.tables import Table
from desktop.store import loads
from desktop.store.workspace import Workspace

CHANGE_EXAMPLES = 20


def import_targets(ws: Workspace, table: Table, mapping: ColumnMapping, report: ImportReport,
                   *, dry_run: bool, cancel: CancelFlag | None = None) -> ImportReport:
    fields = prepare(table, mapping, report)
    if fields is None:
        return report
    cells, headers = fields.cells, fields.headers
    if "period" not in cells:
        if not {"year", "quarter"} <= set(cells):
            report.error(None, None, "missing_column", text("period_unmapped"),
                         hint("period_columns"))
            return report
        cells["period"] = cells["year"].str.strip() + "-Q" + cells["quarter"].str.strip()
        headers["period"] = f"{headers['year']} + {headers['quarter']}"
    lookups = load_lookups(ws)
    report.rows = len(fields)
    unit = values.resolve_names(cells["unit"], headers["unit"], "unit", lookups.units.by_text,
                                mapping, report, what="unit")
    metric = values.resolve_names(cells["metric"], headers["metric"], "metric",
                                  lookups.metrics.by_text, mapping, report, what="metric")
    if fields.wide_header is None:
        value = values.numbers(cells["value"], headers["value"], mapping, report)
    else:
        value = np.full(len(fields), np.nan)
        for header in dict.fromkeys(fields.wide_header):
            at = (fields.wide_header == header).to_numpy()
            value[at] = values.numbers(cells["value"][at], header, mapping, report)
    with ws.read() as conn:
        periods = {p.id: p.code for p in loads.periods(conn)}
        headers_ = loads.cascade_headers(conn)
    wanted = mapping.constants.get("cascade")
    by_period: dict[str, list] = {}
    for c in headers_:
        if wanted is None or c.name == wanted:
            by_period.setdefault(periods[c.period_id], []).append(c)
    rows = np.asarray(cells["unit"].index)
    cascade_of: dict[str, str] = {}
    for i, code in enumerate(cells["period"].str.strip().to_numpy()):
        found = by_period.get(code, [])
        if len(found) == 1:
            cascade_of[code] = found[0].id
        elif code not in cascade_of:
            cascade_of.setdefault(code, "")
            why = (text("no_cascade_for_period", period=code) if not found else
                   text("cascades_for_period", count=len(found), period=code))
            column = (headers["period"] if fields.wide_header is None
                      else str(fields.wide_header.iloc[i]))
            report.error(int(rows[i]), column, "unknown_period", why,
                         hint("name_cascade") if found else None)
    # rows with an unknown period are reported; the others are still checked
    with ws.read() as conn:
        cascades = {cid: loads.cascades(conn, only=cid)[0]
                    for cid in set(cascade_of.values()) if cid}
    node_of = {cid: {n.unit_id: n for n in c.nodes.values()} for cid, c in cascades.items()}
    planned: dict[tuple[str, str, str], tuple[int, float]] = {}
    for i, period in enumerate(cells["period"].str.strip().to_numpy()):
        if not cascade_of[period] or unit[i] < 0 or metric[i] < 0 or np.isnan(value[i]):
            continue
        cascade = cascades[cascade_of[period]]
        uid, mid = lookups.units.id_of[int(unit[i])], lookups.metrics.id_of[int(metric[i])]
        node = node_of[cascade.id].get(uid)
        if node is None:
            report.error(int(rows[i]), headers["unit"], "no_node",
                         text("no_node", unit=lookups.units.code_of[int(unit[i])],
                              cascade=cascade.name))
            continue
        key = (cascade.id, node.id, mid)
        if key in planned:
            report.error(int(rows[i]), headers["value"], "duplicate",
                         text("target_duplicate", row=planned[key][0]))
            continue
        planned[key] = (int(rows[i]), float(value[i]))
    check_cancel(cancel)
    if not report.ok:
        return report
    new, changed = [], []
    unit_code = {lookups.units.id_of[k]: code for k, code in lookups.units.code_of.items()}
    metric_code = {lookups.metrics.id_of[k]: c for k, c in lookups.metrics.code_of.items()}
    code_of_node = {n.id: unit_code.get(n.unit_id, "?")
                    for c in cascades.values() for n in c.nodes.values()}
    for (cid, nid, mid), (_row, v) in planned.items():
        current = cascades[cid].nodes[nid].overrides.get(mid)
        if current is None:
            new.append({"node_id": nid, "metric_id": mid, "value": v, "locked": True})
        elif current.value != v or not current.locked:
            changed.append(({"node_id": nid, "metric_id": mid}, {"value": v, "locked": True}))
            if len(report.changes) < CHANGE_EXAMPLES:
                report.changes.append(f"{code_of_node[nid]} {metric_code[mid]}: "
                                      f"{current.value:g} → {v:g}")
    report.added, report.changed = len(new), len(changed)
    report.unchanged = len(planned) - len(new) - len(changed)
    if dry_run or not (new or changed):
        return report
    with ws.transaction() as tx:
        tx.insert_many("target_override", new)
        check_cancel(cancel)
        for identity, change in changed:
            tx.update("target_override", identity, change)
        check_cancel(cancel)
    report.written = True
    return report

