"""`targetflow cascade | publish | carry-over`: the cascade engine from the command line."""

import argparse
import json
import math
from pathlib import Path


def add_parsers(sub) -> None:
    cascade = sub.add_parser("cascade", help="recompute the cascade and print a summary")
    cascade.add_argument("path", type=Path)
    cascade.add_argument("--period", help="period code (default: the latest with a cascade)")
    cascade.add_argument("--json", action="store_true")
    what = cascade.add_mutually_exclusive_group()
    what.add_argument("--explain", nargs=2, metavar=("UNIT_CODE", "METRIC"),
                      help="print how a unit's weight and target were built")
    what.add_argument("--what-if", type=Path, metavar="CHANGES.json",
                      help="diff of a proposed change against the published version")

    publish = sub.add_parser("publish", help="freeze the cascade as a new version")
    publish.add_argument("path", type=Path)
    publish.add_argument("--note", required=True)
    publish.add_argument("--period")
    publish.add_argument("--author")

    carry = sub.add_parser("carry-over", help="start the next period from this cascade")
    carry.add_argument("path", type=Path)
    carry.add_argument("--to", required=True, metavar="PERIOD")
    carry.add_argument("--period", help="the period to carry from (default: latest)")
    carry.add_argument("--author")


def run(args: argparse.Namespace) -> int:
    from desktop.store.workspace import Workspace

    with Workspace.open(args.path) as ws:
        if args.command == "publish":
            return _publish(ws, args)
        if args.command == "carry-over":
            return _carry_over(ws, args)
        if args.explain:
            return _explain(ws, args)
        if args.what_if:
            return _what_if(ws, args)
        return _summary(ws, args)


def format_number(value: float) -> str:
    from desktop.engine.provenance import format_number as fmt

    return fmt(value)


def _summary(ws, args) -> int:
    from desktop.services.cascade import recompute

    summary = recompute(ws, args.period)
    if args.json:
        print(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
        return 0
    print(f"{summary.cascade} ({summary.period}): {summary.nodes:,} nodes, "
          f"{len(summary.metrics)} metrics, computed in {summary.seconds * 1e3:.1f} ms")
    for metric, total in summary.totals.items():
        print(f"  top target {metric:<28} {format_number(total):>16}")
    if not summary.diagnostics:
        print("no diagnostics")
    else:
        print(f"{len(summary.diagnostics)} diagnostic(s):")
        for d in summary.diagnostics[:50]:
            where = " / ".join(x for x in (d.node_id, d.metric_id, d.rule and f"rule {d.rule!r}")
                               if x)
            print(f"  [{d.code}] {where}: {d.message}")
        if len(summary.diagnostics) > 50:
            print(f"  … and {len(summary.diagnostics) - 50} more (use --json)")
    return 0


def _explain(ws, args) -> int:
    from desktop.services.cascade import provenance

    unit_code, metric_code = args.explain
    context, prov = provenance(ws, unit_code, metric_code, args.period)
    if args.json:
        from dataclasses import asdict

        data = {k: _num(v) if isinstance(v, float) else v for k, v in asdict(prov).items()}
        print(json.dumps(data, indent=2, default=str, ensure_ascii=False, allow_nan=False))
        return 0
    unit = context.unit_by_code(unit_code)
    print(f"{unit.code} {unit.name} — {context.metric_by_code(metric_code).name} "
          f"({context.period.code}, rule: {prov.rule or 'top node'})")
    for line in prov.lines():
        print(line)
    return 0


def _what_if(ws, args) -> int:
    from desktop.services.cascade import what_if

    result = what_if(ws, args.what_if, args.period)
    rows = result.rows
    changed = [r for r in rows if not math.isclose(r.old, r.new, rel_tol=1e-12, abs_tol=1e-12)
               and not (math.isnan(r.old) and math.isnan(r.new))]
    if args.json:
        print(json.dumps({
            "baseline": result.baseline,
            "changes": [{"unit": r.unit, "metric": r.metric, "quantity": r.quantity,
                         "old": _num(r.old), "new": _num(r.new), "delta": _num(r.delta),
                         "change": _num(r.change)} for r in changed],
            "diagnostics": [_diagnostic(d) for d in result.diagnostics]},
            indent=2, ensure_ascii=False, allow_nan=False))
        return 0
    print(f"against {result.baseline}: {len(changed):,} of {len(rows):,} weights and "
          "targets change")
    for d in result.diagnostics[:10]:
        print(f"  [{d.code}] {d.node_id} {d.metric_id or ''}: {d.message}")
    print(f"{'unit':<14} {'metric':<24} {'':<6} {'old':>14} {'new':>14} {'delta':>14} "
          f"{'%':>8}")
    for r in sorted(changed, key=lambda r: -abs(r.change if not math.isnan(r.change) else 0))[:40]:
        pct = "" if math.isnan(r.change) else f"{r.change:+.1%}"
        delta = ("+" if r.delta >= 0 else "") + format_number(r.delta)
        print(f"{r.unit:<14} {r.metric:<24} {r.quantity:<6} {format_number(r.old):>14} "
              f"{format_number(r.new):>14} {delta:>14} {pct:>8}")
    return 0


def _num(x: float):
    return None if math.isnan(x) else x


def _diagnostic(d) -> dict:
    return {"code": d.code, "node": d.node_id, "metric": d.metric_id, "rule": d.rule,
            "message": d.message}


def _publish(ws, args) -> int:
    from desktop.services.cascade import publish

    version = publish(ws, args.note, args.author, args.period)
    print(f"published version {version.number} of the cascade at "
          f"{version.published_at:%Y-%m-%d %H:%M} UTC by {version.author}: {version.note}")
    return 0


def _carry_over(ws, args) -> int:
    from desktop.services.cascade import carry_over

    cascade = carry_over(ws, args.to, args.author, args.period)
    print(f"created cascade {cascade.name!r} with {len(cascade.nodes):,} nodes for {args.to}")
    return 0
