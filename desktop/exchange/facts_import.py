"""Import of actuals and incentive spend: validate every row, compare with what is stored
by natural key, then write the new and changed facts in one transaction.

Natural keys: unit + metric + day for an actual; unit + day + metric/product line for a
spend. Re-importing a file finds every fact unchanged and writes nothing at all (no batch,
no change-log row); a newer file adds what is new and updates what changed.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from desktop.domain.metric import Aggregation
from desktop.exchange import values
from desktop.exchange.lookups import Lookups, load_lookups
from desktop.exchange.mapping import ColumnMapping
from desktop.exchange.messages import text
from desktop.exchange.prepare import Fields, prepare
from desktop.exchange.report import (
    CancelFlag,
    ImportReport,
    Progress,
    check_cancel,
    report_progress,
)
from desktop.exchange.tables import Table
from desktop.store import bulk, fact_arrays, fact_updates
from desktop.store.workspace import Workspace

CHANGE_EXAMPLES = 20


@dataclass(frozen=True, slots=True)
class _Shape:
    table: str  # the fact table
    keys: tuple[str, ...]  # natural key columns
    amount: str  # the value column (summed by "aggregate": "sum")
    fields: tuple[str, ...]  # value columns compared with what is stored


_SHAPES = {
    "actuals": _Shape("actual", ("unit_key", "metric_key", "day"), "value",
                      ("value", "denominator")),
    "spend": _Shape("incentive_spend", ("unit_key", "day", "metric_key", "product_line_key"),
                    "amount", ("amount",)),
}


def import_facts(ws: Workspace, table: Table, mapping: ColumnMapping, report: ImportReport,
                 *, dry_run: bool, progress: Progress | None = None,
                 cancel: CancelFlag | None = None, source: str = "csv") -> ImportReport:
    shape = _SHAPES[mapping.kind]
    fields = prepare(table, mapping, report)
    if fields is None:
        return report
    lookups = load_lookups(ws)
    report_progress(progress, "validating", 0.35)
    frame = _parse(fields, mapping, lookups, report)
    report.rows = len(fields)
    check_cancel(cancel)
    if not report.ok:
        return report
    frame = _one_per_key(frame, shape, mapping, report)
    if not report.ok:
        return report
    report_progress(progress, "comparing", 0.6)
    new, changed = _compare(ws, frame, shape, report, lookups)
    check_cancel(cancel)
    if dry_run or (new.empty and changed.empty):
        return report
    report_progress(progress, "writing", 0.7)
    with ws.transaction() as tx:
        if not new.empty:
            bulk.insert_facts(tx, shape.table, _fact_columns(shape, new, source),
                              source=source, origin=table.file)
        report_progress(progress, "writing", 0.9)
        check_cancel(cancel)
        rows = [{**{k: _key(r[k]) for k in shape.keys},
                 **{f: _none(r[f]) for f in shape.fields},
                 **({"source": source} if shape.table == "actual" else {})}
                for r in changed.to_dict("records")]
        log = [(_entity_id(shape, r, lookups), f, _none(r[f"{f}_old"]), _none(r[f]))
               for r in changed.to_dict("records") for f in shape.fields
               if not _same(r[f], r[f"{f}_old"])]
        fact_updates.update_facts(tx, shape.table, rows, source=source, origin=table.file,
                                  log=log)
        check_cancel(cancel)
    report.written = True
    report_progress(progress, "done", 1.0)
    return report


def _parse(fields: Fields, mapping: ColumnMapping, lookups: Lookups,
           report: ImportReport) -> pd.DataFrame:
    cells, headers = fields.cells, fields.headers
    amount = "value" if mapping.kind == "actuals" else "amount"
    keep = np.ones(len(fields), dtype=bool)
    if fields.wide_header is not None:  # an empty cell of a wide layout is no figure
        keep = (cells[amount].str.strip() != "").to_numpy()
    cells = {f: s[keep] for f, s in cells.items()}
    out = {"unit_key": values.resolve_names(cells["unit"], headers["unit"], "unit",
                                            lookups.units.by_text, mapping, report,
                                            what="unit"),
           "day": values.days(cells["day"], headers["day"], mapping, report)}
    if fields.wide_header is None:
        out[amount] = values.numbers(cells[amount], headers[amount], mapping, report)
    else:
        wide = fields.wide_header[keep]
        amounts = np.full(len(wide), np.nan)
        for header in pd.unique(wide):
            at = (wide == header).to_numpy()
            amounts[at] = values.numbers(cells[amount][at], header, mapping, report)
        out[amount] = amounts
    if mapping.kind == "actuals":
        out["metric_key"] = values.resolve_names(cells["metric"], headers["metric"], "metric",
                                                 lookups.metrics.by_text, mapping, report,
                                                 what="metric")
        out["denominator"] = (values.numbers(cells["denominator"], headers["denominator"],
                                             mapping, report, required=False)
                              if "denominator" in cells else np.full(len(out["day"]), np.nan))
        _check_actuals(out, cells, headers, lookups, report)
    else:
        for name, known in (("metric", lookups.metrics), ("product_line",
                                                          lookups.product_lines)):
            out[f"{name}_key"] = (values.resolve_names(
                cells[name], headers[name], name, known.by_text, mapping, report,
                what=name.replace("_", " "), required=False)
                if name in cells else np.full(len(out["day"]), -1, dtype=np.int64))
        _check_spend(out, cells, headers, report)
    frame = pd.DataFrame(out)
    frame.index = next(iter(cells.values())).index
    return frame


def _check_actuals(out: dict, cells: dict, headers: dict, lookups: Lookups,
                   report: ImportReport) -> None:
    metric = out["metric_key"]
    ratio = np.array([k for k, m in lookups.metric_of.items()
                      if m.aggregation is Aggregation.RATIO], dtype=np.int64)
    forbid = np.array([k for k, m in lookups.metric_of.items() if not m.allow_negative],
                      dtype=np.int64)
    rows = cells["metric"].index
    missing = np.flatnonzero(np.isin(metric, ratio) & np.isnan(out["denominator"]))
    if len(missing):
        report.error_rows(np.asarray(rows)[missing], headers.get("denominator"),
                          "missing_denominator", lambda i: text("missing_denominator"))
    negative = np.flatnonzero(np.isin(metric, forbid) & (out["value"] < 0))
    if len(negative):
        report.error_rows(np.asarray(rows)[negative], headers["value"], "negative_value",
                          lambda i: text("negative_value",
                                         value=f"{out['value'][negative[i]]:g}"))


def _check_spend(out: dict, cells: dict, headers: dict, report: ImportReport) -> None:
    rows = np.asarray(cells["unit"].index)
    neither = np.flatnonzero((out["metric_key"] < 0) & (out["product_line_key"] < 0))
    if len(neither) and report.ok:
        report.error_rows(rows[neither], None, "no_target",
                          lambda i: text("spend_no_target"))
    negative = np.flatnonzero(out["amount"] < 0)
    if len(negative):
        report.error_rows(rows[negative], headers["amount"], "negative_value",
                          lambda i: text("negative_spend"))


def _one_per_key(frame: pd.DataFrame, shape: _Shape, mapping: ColumnMapping,
                 report: ImportReport) -> pd.DataFrame:
    """Rows sharing a natural key: added up when the mapping says so (a transaction
    file), otherwise refused — which of two values is right is not ours to guess."""
    if mapping.aggregate == "sum":
        summed = frame.groupby(list(shape.keys), sort=False, as_index=False).agg(
            {f: "sum" for f in shape.fields})
        if "denominator" in summed:  # a sum of "no denominator"s is still none
            counted = frame.groupby(list(shape.keys), sort=False)["denominator"].count()
            summed.loc[counted.to_numpy() == 0, "denominator"] = np.nan
        return summed
    keys = list(shape.keys)
    dup = frame.duplicated(keys, keep="first").to_numpy()
    if dup.any():
        rows = np.asarray(frame.index)[dup]
        firsts = frame[~frame.duplicated(keys, keep="first")]
        first_row = dict(zip(map(tuple, firsts[keys].to_numpy().tolist()), firsts.index,
                             strict=True))
        repeated = frame[keys].to_numpy()[dup].tolist()
        what = " + ".join(k.replace("_key", "").replace("_", " ") for k in keys)
        report.error_rows(rows, None, "duplicate",
                          lambda i: text("same_row", what=what,
                                         row=first_row[tuple(repeated[i])]),
                          '"aggregate": "sum" to add such rows up')
    return frame


def _compare(ws: Workspace, frame: pd.DataFrame, shape: _Shape, report: ImportReport,
             lookups: Lookups) -> tuple[pd.DataFrame, pd.DataFrame]:
    first, last = int(frame["day"].min()), int(frame["day"].max())
    with ws.read() as conn:
        if shape.table == "actual":
            c = fact_arrays.actuals(conn, first, last)
            stored = pd.DataFrame({"unit_key": c.unit_key, "metric_key": c.metric_key,
                                   "day": c.day, "value_old": c.value,
                                   "denominator_old": c.denominator})
        else:
            c = fact_arrays.incentive_spend(conn, first, last)
            stored = pd.DataFrame({"unit_key": c.unit_key, "day": c.day,
                                   "metric_key": c.metric_key,
                                   "product_line_key": c.product_line_key,
                                   "amount_old": c.amount})
    keys = list(shape.keys)
    if stored.empty:
        merged = frame.assign(**{f"{f}_old": np.nan for f in shape.fields}, _stored=False)
    else:
        stored["_stored"] = True
        merged = frame.merge(stored.drop_duplicates(keys), on=keys, how="left")
        merged["_stored"] = merged["_stored"].astype("boolean").fillna(False).astype(bool)
    is_new = ~merged["_stored"].to_numpy()
    differs = np.zeros(len(merged), dtype=bool)
    for f in shape.fields:
        a, b = merged[f].to_numpy(dtype=float), merged[f"{f}_old"].to_numpy(dtype=float)
        differs |= ~((a == b) | (np.isnan(a) & np.isnan(b)))
    changed_mask = ~is_new & differs
    report.added = int(is_new.sum())
    report.changed = int(changed_mask.sum())
    report.unchanged = len(merged) - report.added - report.changed
    changed = merged[changed_mask]
    for r in changed.head(CHANGE_EXAMPLES).to_dict("records"):
        report.changes.append(
            f"{_label(shape, r, lookups)}: " + ", ".join(
                f"{f} {_show(r[f + '_old'])} → {_show(r[f])}" for f in shape.fields
                if not _same(r[f], r[f + "_old"])))
    return merged[is_new][frame.columns], changed


def _fact_columns(shape: _Shape, new: pd.DataFrame, source: str) -> dict:
    cols = {k: new[k].to_numpy() for k in shape.keys}
    if shape.table == "actual":
        cols["value"] = new["value"].to_numpy()
        cols["denominator"] = [None if np.isnan(d) else d for d in new["denominator"]] \
            if new["denominator"].notna().any() else [None] * len(new)
        cols["source"] = [source] * len(new)
    else:
        cols["amount"] = new["amount"].to_numpy()
        for k in ("metric_key", "product_line_key"):
            cols[k] = [None if v < 0 else int(v) for v in new[k]]
    return cols


def _same(a, b) -> bool:
    return (a == b) or (_none(a) is None and _none(b) is None)


def _none(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def _key(v):
    """A key column's value; -1 stands for NULL (a spend names a metric or a line)."""
    v = int(v)
    return None if v < 0 else v


def _show(v) -> str:
    v = _none(v)
    return "—" if v is None else f"{v:g}"


def _label(shape: _Shape, r: dict, lookups: Lookups) -> str:
    from desktop.store.clock import day_from_number

    parts = [lookups.units.code_of.get(int(r["unit_key"]), "?")]
    if int(r.get("metric_key", -1)) >= 0:
        parts.append(lookups.metrics.code_of.get(int(r["metric_key"]), "?"))
    parts.append(day_from_number(int(r["day"])).isoformat())
    return " ".join(parts)


def _entity_id(shape: _Shape, r: dict, lookups: Lookups) -> str:
    """The fact's natural key in UUIDs and an ISO day: the same in every copy."""
    from desktop.store.clock import day_from_number

    parts = [lookups.units.id_of[int(r["unit_key"])]]
    for k in ("metric_key", "product_line_key"):
        if k in shape.keys:
            key = int(r[k])
            known = lookups.metrics if k == "metric_key" else lookups.product_lines
            parts.append(known.id_of.get(key, "") if key >= 0 else "")
    parts.append(day_from_number(int(r["day"])).isoformat())
    return "/".join(parts)
