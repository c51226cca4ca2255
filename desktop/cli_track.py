"""`targetflow track`: the calibration loop from the command line — status counts, open
alerts with their action packs, health per region, and the case figures per period."""

import argparse
import json
import math
from dataclasses import asdict
from pathlib import Path

OPEN_ALERTS_SHOWN = 12


def add_parsers(sub) -> None:
    track = sub.add_parser("track", help="run the calibration loop and print where the "
                                         "cascade stands")
    track.add_argument("path", type=Path)
    track.add_argument("--period", help="period code (default: the latest with a cascade)")
    track.add_argument("--week", help="ISO week to evaluate, e.g. 2025-W20 (default: the "
                                      "last week that is over)")
    track.add_argument("--dry-run", action="store_true",
                       help="report only: raise and resolve no alerts in the workspace")
    track.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from desktop.services.actual_checks import check_actuals
    from desktop.services.case_figures import case_figures
    from desktop.services.health import health_index
    from desktop.services.tracking import run_tracking, stored_alerts
    from desktop.services.tracking_queue import alert_views, period_evaluation
    from desktop.store.workspace import Workspace

    with Workspace.open(args.path) as ws:
        result = run_tracking(ws, args.period, args.week, write=not args.dry_run)
        data = result.data
        alerts = alert_views(ws, data, stored_alerts(ws, data))
        health = health_index(ws, data=data)
        figures = case_figures(ws, org=data.org)
        actual_report = check_actuals(ws)
        evaluation = period_evaluation(result.evaluation)
    month = _month_of_week(health, data, result.evaluation.week)
    regions = [c for c, k in zip(data.org.codes, data.org.kinds, strict=True) if k == "region"]
    top = data.org.codes[0]
    units = [*regions, top]
    out = {
        "workspace": str(args.path), "period": data.period.code, "week": result.week_label,
        "targets": (f"version {data.version.number}" if data.targets_from == "version"
                    else "computed by the cascade engine"),
        "status": result.status_counts,
        "alerts_raised": len(result.changes.raised),
        "alerts_resolved": len(result.changes.resolved), "written": result.written,
        "rejected_facts": result.rejected, "actual_checks": actual_report.as_json(),
        "open_alerts": [a.as_json() for a in alerts],
        "health": {"month": month,
                   "units": [health.unit(u, month).as_json() for u in units]},
        "evaluation": [asdict(e) for e in evaluation],
        "case_figures": [f.as_json() for f in figures],
    }
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    _print_text(out, alerts, health, figures, units, month)
    return 0


def _month_of_week(health, data, week: int) -> str:
    """The month the evaluated week belongs to (the month of its Thursday)."""
    import datetime as dt

    thursday = dt.date(1970, 1, 1) + dt.timedelta(days=int(data.week_monday[week]) + 3)
    label = thursday.strftime("%Y-%m")
    return label if label in health.months else health.months[-1]


def _pct(x) -> str:
    return "  —  " if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:5.0%}"


def _days(x) -> str:
    return "  — " if x is None or math.isnan(x) else f"{x:4.1f}"


def _score(x) -> str:
    return "  —" if x is None or math.isnan(x) else f"{x:3.0f}"


def _print_text(out, alerts, health, figures, units, month) -> None:
    print(f"{out['workspace']} — {out['period']}, week {out['week']} "
          f"(targets: {out['targets']})")
    print("status (unit × metric): " + ", ".join(f"{k.replace('_', ' ')} {v}"
                                                 for k, v in out["status"].items()))
    change = (f"{out['alerts_raised']} raised, {out['alerts_resolved']} resolved this run"
              if out["written"] else "report only: nothing written")
    print(f"alerts: {len(alerts)} open ({change})")
    bad = out["rejected_facts"]["total"] + out["actual_checks"]["bad"]
    if bad:
        counts = {**out["rejected_facts"]["counts"], **out["actual_checks"]["counts"]}
        print("bad actuals (left out, see --json for examples): "
              + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    for a in alerts[:OPEN_ALERTS_SHOWN]:
        d = a.trigger[-1] if a.trigger else float("nan")
        print(f"  {a.unit:<12} {a.metric:<18} {a.direction:<6} {d:+6.0%} since "
              f"{a.raised_week}  [{a.state.replace('_', ' ')}]")
        for s in a.suggestions[:2]:
            print(f"      ▸ {s.rule}: {'; '.join(s.actions)}")
    if len(alerts) > OPEN_ALERTS_SHOWN:
        print(f"  … and {len(alerts) - OPEN_ALERTS_SHOWN} more (use --json)")

    print(f"\nhealth {month} (0–100)      sync  path  resource  feedback  overall")
    for code in units:
        u = health.unit(code, month)
        s = u.scores
        print(f"  {code:<16} {_score(s['sync']):>14} {_score(s['path']):>5} "
              f"{_score(s['resource']):>9} {_score(s['feedback']):>9} "
              f"{_score(u.overall):>8}")

    periods = sorted({f.period for f in figures})
    print(f"\ncase figures {' → '.join(periods)}   latency (days)    consistency      "
          "misallocation")
    by = {(f.period, f.region): f for f in figures}
    for code in [*units[:-1], "company"]:
        rows = [by.get((p, code)) for p in periods]
        if not all(rows):
            continue
        lat = " → ".join(_days(r.latency_days) for r in rows)
        con = " → ".join(_pct(r.consistency) for r in rows)
        mis = " → ".join(_pct(r.misallocation) for r in rows)
        unacked = rows[-1].unacknowledged
        note = f"  ({unacked} unacknowledged)" if unacked else ""
        print(f"  {code:<16} {lat:>16}    {con:>13}    {mis:>13}{note}")
