"""One entry point for every kind of file import: read, map, validate, dry run or write.

Parse then build: nothing touches the workspace until every row of the file has been
checked; then all of it is written in one transaction, or none of it. A cancel between
chunks (or before the commit) rolls the transaction back.
"""

from pathlib import Path

from desktop.exchange import deals, facts_import, org_import, targets_import
from desktop.exchange.mapping import KINDS, ColumnMapping, merged, suggest
from desktop.exchange.report import (
    CancelFlag,
    ImportRefused,
    ImportReport,
    Progress,
    check_cancel,
    report_progress,
)
from desktop.exchange.tables import read_table
from desktop.store.workspace import Workspace


def suggest_mapping(kind: str, path: Path | str, mapping: ColumnMapping | None = None
                    ) -> ColumnMapping:
    """What the wizard shows first: the header-based suggestion under any saved choices."""
    m = mapping or ColumnMapping(kind)
    table = read_table(path, encoding=m.encoding, delimiter=m.delimiter, sheet=m.sheet)
    return merged(suggest(kind, table.header), mapping)


def run_import(ws: Workspace, kind: str, path: Path | str,
               mapping: ColumnMapping | None = None, *, dry_run: bool = False,
               progress: Progress | None = None, cancel: CancelFlag | None = None
               ) -> ImportReport:
    """Import ``path`` as ``kind``. A dry run returns the report (with any problems);
    a real run raises ImportRefused when there are problems, having written nothing."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r} (one of {', '.join(KINDS)})")
    base = mapping or ColumnMapping(kind)
    table = read_table(path, encoding=base.encoding, delimiter=base.delimiter,
                       sheet=base.sheet, progress=progress, cancel=cancel)
    check_cancel(cancel)
    m = merged(suggest(kind, table.header), mapping) if not (mapping and mapping.levels) \
        else mapping
    report = ImportReport(table.file, kind)
    report_progress(progress, "validating", 0.3)
    if kind == "org":
        _org(ws, table, m, report, dry_run, cancel)
    elif kind in ("actuals", "spend"):
        facts_import.import_facts(ws, table, m, report, dry_run=dry_run, progress=progress,
                                  cancel=cancel)
    elif kind == "targets":
        targets_import.import_targets(ws, table, m, report, dry_run=dry_run, cancel=cancel)
    else:
        deals.import_opportunities(ws, table, m, report, dry_run=dry_run, cancel=cancel)
    if not report.ok and not dry_run:
        raise ImportRefused(report)
    if not dry_run:
        # the review's columnar copies take in what was written (appended actuals are
        # read alone), here on the importer's thread rather than in the next review
        from desktop.services.review import warm

        report_progress(progress, "preparing the review", 0.97)
        warm(ws)
    report_progress(progress, "done", 1.0)
    return report


def _org(ws: Workspace, table, m: ColumnMapping, report: ImportReport, dry_run: bool,
         cancel: CancelFlag | None) -> None:
    if m.levels:
        records = org_import.parse_level_table(table, m, report)
    else:
        records = org_import.parse_parent_table(table, m, report)
    check_cancel(cancel)
    if not report.ok:
        return
    existing = org_import.validate(records, ws, report, m)
    if not report.ok:
        report.rows = len(records)
        return
    org_import.infer_kinds(records, existing)
    org_import.plan_and_write(ws, records, existing, report, dry_run=dry_run, cancel=cancel)
