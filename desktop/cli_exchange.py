"""`targetflow import | export | crm-sync`: data exchange from the command line.

Problems are the product here: a refused import prints each problem with its file, row
and column (or the whole report with --json) and exits 2, having changed nothing.
"""

import argparse
import json
import sys
from pathlib import Path

IMPORT_KINDS = ("org", "targets", "actuals", "opportunities", "spend")
EXPORT_KINDS = ("targets", "actuals", "alerts", "health", "case-figures")
PROBLEMS_SHOWN = 20


def add_parsers(sub) -> None:
    imp = sub.add_parser("import", help="import a CSV or .xlsx file (validated first; all "
                                        "or nothing)")
    imp.add_argument("path", type=Path, help="the workspace")
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--mapping", type=Path, metavar="MAP.json",
                     help="column mapping and formats (see --save-mapping)")
    imp.add_argument("--save-mapping", type=Path, metavar="MAP.json",
                     help="write the mapping used (the suggestion, if none was given)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change")
    imp.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="export targets, actuals, alerts, health or case "
                                        "figures to .csv or .xlsx")
    exp.add_argument("path", type=Path)
    exp.add_argument("kind", choices=EXPORT_KINDS)
    exp.add_argument("out", type=Path, help="OUT.csv or OUT.xlsx")

    crm = sub.add_parser("crm-sync", help="fetch changed Salesforce opportunities")
    crm.add_argument("path", type=Path)
    crm.add_argument("--login-url", help="e.g. https://login.salesforce.com (remembered)")
    crm.add_argument("--client-id", help="connected app consumer key (remembered)")
    crm.add_argument("--flow", choices=("client_credentials", "refresh_token"),
                     help="OAuth flow (remembered; default client_credentials)")
    crm.add_argument("--full", action="store_true", help="ignore the watermark")
    crm.add_argument("--dry-run", action="store_true")
    crm.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from desktop.exchange.report import ExchangeError, ImportCancelled, ImportRefused
    from desktop.exchange.salesforce_client import SalesforceError

    try:
        if args.command == "import":
            return _import(args)
        if args.command == "export":
            return _export(args)
        return _crm_sync(args)
    except ImportRefused as exc:
        return _refused(exc.report, args)
    except (ExchangeError, ImportCancelled, SalesforceError) as exc:
        print(f"targetflow {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"targetflow {args.command}: {exc.strerror or exc}: "
              f"{exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


def _import(args: argparse.Namespace) -> int:
    from desktop.exchange import mapping as mapping_io
    from desktop.exchange.importer import run_import, suggest_mapping
    from desktop.store.workspace import Workspace

    mapping = mapping_io.load(args.mapping, args.kind) if args.mapping else None
    if args.save_mapping:
        suggest_mapping(args.kind, args.file, mapping).save(args.save_mapping)
    with Workspace.open(args.path) as ws:
        report = run_import(ws, args.kind, args.file, mapping, dry_run=args.dry_run)
    if not report.ok:
        return _refused(report, args)
    if args.json:
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        return 0
    print(report.summary())
    for warning in report.warnings:
        print(f"  note: {warning}")
    for change in report.changes:
        print(f"  {change}")
    return 0


def _refused(report, args: argparse.Namespace) -> int:
    if getattr(args, "json", False):
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        return 2
    print(f"targetflow {args.command}: {report.summary()}", file=sys.stderr)
    for issue in report.errors[:PROBLEMS_SHOWN]:
        print(f"  {issue}", file=sys.stderr)
    if report.error_total > PROBLEMS_SHOWN:
        print(f"  … and {report.error_total - PROBLEMS_SHOWN} more (use --json)",
              file=sys.stderr)
    return 2


def _export(args: argparse.Namespace) -> int:
    from desktop.exchange.export import export
    from desktop.store.workspace import Workspace

    with Workspace.open(args.path) as ws:
        rows = export(ws, args.kind, args.out)
    print(f"wrote {args.out}: {rows} {args.kind} rows")
    return 0


def _crm_sync(args: argparse.Namespace) -> int:
    from desktop.exchange.salesforce_sync import sync_workspace
    from desktop.store.workspace import Workspace

    with Workspace.open(args.path) as ws:
        result = sync_workspace(ws, login_url=args.login_url, client_id=args.client_id,
                                flow=args.flow, full=args.full, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        print(result.summary())
    return 0
