"""Headless commands: `targetflow demo|info|shot|report ...`; with no command, the desktop app.

This module imports no Qt (tests/test_code_rules.py checks it): headless commands must
start fast and run on machines without a display. GUI commands import the app lazily.
"""

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from desktop import cli_cascade, cli_exchange, cli_package, cli_report, cli_track

COMMANDS = ("demo", "info", "shot", "cascade", "publish", "carry-over", "track", "import",
            "export", "crm-sync", "package", "import-package", "report")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="targetflow",
        description="TargetFlow: dynamic target cascading. With no command (or just a "
                    "workspace path) the desktop app opens.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="write the demo company to a new workspace")
    demo.add_argument("path", type=Path)
    demo.add_argument("--scale", type=int, default=None, metavar="UNITS",
                      help="build a company of this many org units (for benchmarks)")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--force", action="store_true", help="overwrite an existing file")

    info = sub.add_parser("info", help="format version and counts per entity")
    info.add_argument("path", type=Path)
    info.add_argument("--json", action="store_true")

    shot = sub.add_parser("shot", help="render the main window on a workspace to a PNG")
    shot.add_argument("paths", type=Path, nargs="+", metavar="[PATH] OUT.png")
    cli_cascade.add_parsers(sub)
    cli_track.add_parsers(sub)
    cli_exchange.add_parsers(sub)
    cli_package.add_parsers(sub)
    cli_report.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        return _gui(args_list)
    args = _parser().parse_args(args_list)
    try:
        handlers = {"demo": _demo, "info": _info, "shot": _shot, "cascade": cli_cascade.run,
                    "publish": cli_cascade.run, "carry-over": cli_cascade.run,
                    "track": cli_track.run, "import": cli_exchange.run,
                    "export": cli_exchange.run, "crm-sync": cli_exchange.run,
                    "package": cli_package.run, "import-package": cli_package.run,
                    "report": cli_report.run}
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `targetflow … | head`: the reader has seen enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the message is the product: no traceback for known errors
        from desktop.domain.errors import DomainError
        from desktop.store.errors import WorkspaceError

        if isinstance(exc, WorkspaceError | DomainError):
            print(f"targetflow: {exc}", file=sys.stderr)
            return 2
        raise


def _gui(args: list[str]) -> int:
    from desktop import app  # Qt is paid for only when a window is wanted

    return app.run(Path(args[0]) if args else None)


def _demo(args: argparse.Namespace) -> int:
    from desktop.demo import generate

    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        print(f"\r{stage:<40} {fraction:6.1%}", end="", file=sys.stderr, flush=True)

    summary = generate(args.path, scale=args.scale, seed=args.seed, overwrite=args.force,
                       progress=progress if sys.stderr.isatty() else None)
    elapsed = time.perf_counter() - started
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"wrote {args.path}: {summary} in {elapsed:.1f} s")
    return 0


def _info(args: argparse.Namespace) -> int:
    from desktop.store import loads
    from desktop.store.workspace import Workspace

    with Workspace.open(args.path) as ws, ws.read() as conn:
        counts = loads.counts(conn)
        data = {"path": str(args.path), "name": ws.meta("name"),
                "format_version": int(conn.exec_driver_sql("PRAGMA user_version").scalar()),
                "replica_id": ws.replica_id, "counts": counts}
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(f"{data['path']} — {data['name']} (format {data['format_version']})")
        for name, count in counts.items():
            print(f"  {name:<18} {count:>12,}")
    return 0


def _shot(args: argparse.Namespace) -> int:
    if len(args.paths) > 2:
        print("targetflow shot: give [PATH] OUT.png", file=sys.stderr)
        return 2
    workspace, out = (None, args.paths[0]) if len(args.paths) == 1 else args.paths
    from desktop import app

    return app.shot(workspace, out)


if __name__ == "__main__":
    raise SystemExit(main())
