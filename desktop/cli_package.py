"""`targetflow package | import-package`: office packages from the command line.

Head office makes a package for an office (``package``); the office imports it into its
own copy, created when the file is new (``import-package``), and later makes a return
package of its work (``package --return``), which head office imports the same way.
"""

import argparse
import json
import sys
from pathlib import Path


def add_parsers(sub) -> None:
    pkg = sub.add_parser("package", help="export an office package (or, in an office copy, "
                                         "a return package with --return)")
    pkg.add_argument("path", type=Path, help="the workspace")
    pkg.add_argument("--unit", metavar="CODE", help="the office's top unit (head office)")
    pkg.add_argument("--period", metavar="CODE", help="the cascade's period (default: the "
                                                      "latest with a cascade)")
    pkg.add_argument("--return", dest="back", action="store_true",
                     help="the office's work since its package, for head office")
    pkg.add_argument("--out", type=Path, required=True, metavar="FILE",
                     help="the package to write (.tfpkg)")
    pkg.add_argument("--json", action="store_true")

    imp = sub.add_parser("import-package", help="import an office package (creating the "
                                                "office copy if new) or a return package")
    imp.add_argument("path", type=Path, help="the workspace (an office copy may be new)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from desktop.cli_exchange import _refused
    from desktop.exchange.report import ExchangeError, ImportCancelled, ImportRefused

    try:
        result = _package(args) if args.command == "package" else _import(args)
    except ImportRefused as exc:
        return _refused(exc.report, args)
    except (ExchangeError, ImportCancelled) as exc:
        print(f"targetflow {args.command}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    elif args.command == "package":
        counts = ", ".join(f"{n} {t}" for t, n in result.added.items() if n)
        print(f"wrote {args.out} ({result.kind} package, {result.unit_code}): "
              f"{counts or 'no rows'}")
    else:
        print(result.summary())
        for note in result.skipped:
            print(f"  note: {note}")
    return 0


def _package(args: argparse.Namespace):
    from desktop.exchange.office_package import make_office_package
    from desktop.exchange.return_package import make_return_package
    from desktop.store.workspace import Workspace

    if args.back == bool(args.unit):
        from desktop.exchange.package_format import PackageError

        raise PackageError(args.out, "give either --unit CODE (head office) or --return "
                                     "(an office copy)")
    with Workspace.open(args.path) as ws:
        if args.back:
            return make_return_package(ws, args.out)
        return make_office_package(ws, args.unit, args.out, period=args.period)


def _import(args: argparse.Namespace):
    from desktop.exchange.return_package import import_package

    return import_package(args.path, args.file)
