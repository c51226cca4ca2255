"""The demo's tracking history: the calibration loop run week by week over each quarter,
and the managers answering its alerts (SPEC §5, §7).

Each week the tracking services evaluate the actuals so far and reconcile the alert rule
with what was raised before — exactly what the weekly run does on a real workspace. The
story's managers then respond after their region's typical delay: within hours in the
pilot regions, after days elsewhere, and not at all when the alert has already resolved
by then. Everything is written as ordinary alert rows and lifecycle events, through the
change-logged writer; nothing in the engine or the services knows this is a demo.
"""

import datetime as dt
import json

import numpy as np

from desktop.demo.catalogue import Catalogue
from desktop.demo.company import Company
from desktop.demo.ids import uuids
from desktop.demo.packs import library
from desktop.demo.story import REGIONS
from desktop.engine.tracking_alerts import BEHIND, KnownAlerts, run_alerts
from desktop.engine.tracking_status import weighted_score
from desktop.services.action_packs import PackMatcher
from desktop.services.tracking import ENGINE_AUTHOR, RESOLVED_NOTE, evaluate
from desktop.services.tracking_data import load_tracking
from desktop.store.alerts import checkin_row, pack_rule_row
from desktop.store.clock import to_iso
from desktop.store.workspace import Workspace

# The weekly run happens on Monday at 01:00 UTC (09:00 in China), after the week closed.
RUN_AFTER_WEEK = dt.timedelta(hours=1)
# delay ranges in hours: raised → acknowledged, then acknowledged → action taken
PILOT_DELAY = ((1.0, 6.0), (3.0, 18.0))
OTHER_DELAY = ((30.0, 100.0), (40.0, 120.0))
CHECKIN_EVERY_WEEKS = {True: 1, False: 3}  # pilot managers check in weekly
FALLBACK_ACTION = "Reviewed the gap with the team and adjusted the weekly plan"


def write_history(ws: Workspace, cat: Catalogue, org: Company, unit_ids: list[str],
                  rng: np.random.Generator, author: str) -> tuple[int, int]:
    """Simulate both quarters; returns (alerts, lifecycle events) written."""
    packs = library(cat, rng)
    alerts, events, actions, checkins = [], [], [], []
    row_of_id = {u: i for i, u in enumerate(unit_ids)}
    pilot_region = np.array([r.pilot for r in REGIONS])
    for _, period in sorted(cat.periods.items()):
        data = load_tracking(ws, period.code)
        evaluation = evaluate(data, len(data.week_labels) - 1)
        company_row = np.array([row_of_id[u] for u in data.org.ids])  # level order → org
        region = org.region[company_row]
        pilot = np.where(region >= 0, pilot_region[np.maximum(region, 0)], True)
        matcher = PackMatcher(packs, data.metrics, data.objective)
        episodes = _replay_weekly(data, evaluation)
        for u, j, k, direction, trigger, resolved_k in episodes:
            raised = data.week_end(k) + RUN_AFTER_WEEK
            resolved = None if resolved_k < 0 else data.week_end(resolved_k) + RUN_AFTER_WEEK
            alert_id = uuids(rng, 1)[0]
            (ack_lo, ack_hi), (act_lo, act_hi) = PILOT_DELAY if pilot[u] else OTHER_DELAY
            ack = raised + dt.timedelta(hours=float(rng.uniform(ack_lo, ack_hi)))
            act = ack + dt.timedelta(hours=float(rng.uniform(act_lo, act_hi)))
            manager = org.manager[company_row[u]]
            history = [("raised", raised, ENGINE_AUTHOR, "")]
            if resolved is None or ack < resolved:
                history.append(("acknowledged", ack, manager, ""))
            if resolved is None or act < resolved:
                packs_now = matcher.suggest(data.metrics[j].id, direction,
                                            data.org.kinds[u], trigger[-1])
                text = packs_now[0].actions[0] if packs_now else FALLBACK_ACTION
                history.append(("action_taken", act, manager, text))
                actions.append({"id": uuids(rng, 1)[0], "alert_id": alert_id, "action": text,
                                "pack_rule_id": packs_now[0].rule_id if packs_now else None,
                                "at": to_iso(act), "author": manager})
            if resolved is not None:
                history.append(("resolved", resolved, ENGINE_AUTHOR, RESOLVED_NOTE))
            alerts.append({
                "id": alert_id, "unit_id": data.org.ids[u], "metric_id": data.metrics[j].id,
                "period_id": data.period.id, "direction": direction,
                "raised_week": data.week_labels[k], "raised_at": to_iso(raised),
                "state": history[-1][0], "trigger": json.dumps([round(x, 6) for x in trigger]),
                "resolved_week": None if resolved_k < 0 else data.week_labels[resolved_k],
                "resolved_at": None if resolved is None else to_iso(resolved),
                "author": ENGINE_AUTHOR})
            for state, at, who, note in history:
                events.append({"alert_id": alert_id, "state": state, "at": to_iso(at),
                               "author": who, "note": note})
        checkins += _checkins(data, evaluation, company_row, pilot, org, rng)
    for event, event_id in zip(events, uuids(rng, len(events)), strict=True):
        event["id"] = event_id
    with ws.transaction(author) as tx:
        tx.insert_many("action_pack_rule", [pack_rule_row(p) for p in packs])
        tx.insert_many("alert", alerts)
        tx.insert_many("alert_event", events)
        tx.insert_many("alert_action", actions)
        tx.insert_many("checkin", checkins)
    return len(alerts), len(events)


def _replay_weekly(data, evaluation) -> list[tuple[int, int, int, str, list[float], int]]:
    """Run the alert rule after every week on the actuals so far, reconciling with what
    earlier weeks raised: (unit row, metric, raised week, direction, trigger, resolved
    week or -1) per alert."""
    deviation, counts = evaluation.pace.deviation, evaluation.rollup.fact_count
    found: list[list] = []
    open_index: list[int] = []
    for k in range(len(data.week_labels)):
        known = KnownAlerts(*(np.array([found[i][f] for i in open_index], dtype=np.int64)
                              for f in (0, 1, 6, 2)))
        closed = [i for i in range(len(found)) if found[i][5] >= 0]
        closed_known = KnownAlerts(*(np.array([found[i][f] for i in closed], dtype=np.int64)
                                     for f in (0, 1, 6, 2)))
        run = run_alerts(deviation, data.lower_is_better, known, data.settings.alerts,
                         reported=counts, through_week=k, closed_alerts=closed_known)
        gone = set(run.resolve.tolist())
        for index in gone:
            found[open_index[index]][5] = k  # resolved by this week's run
        still = [open_index[i] for i in range(len(open_index)) if i not in gone]
        new = run.new
        for u, j, w, s, t in zip(new.unit.tolist(), new.metric.tolist(),
                                 new.raised_week.tolist(), new.direction.tolist(),
                                 new.trigger.tolist(), strict=True):
            still.append(len(found))
            found.append([u, j, w, "behind" if s == BEHIND else "ahead", t, -1, s])
        open_index = still
    return [(u, j, w, d, t, r) for u, j, w, d, t, r, _ in found]


def _checkins(data, evaluation, company_row, pilot, org: Company, rng) -> list[dict]:
    """Managers' confidence on Fridays: weekly in the pilot, every third week elsewhere;
    their gut follows the weighted achievement, with some optimism and noise."""
    from desktop.domain.alert import CheckIn

    tree = data.org.tree
    manages = np.flatnonzero(tree.child_end > tree.child_start)
    out = []
    for k in range(len(data.week_labels)):
        score = weighted_score(evaluation.pace.achievement[k],
                               np.nan_to_num(data.weights, nan=0.0),
                               data.lower_is_better).score
        friday = int(data.week_monday[k]) + 4
        for u in manages.tolist():
            if (k + 1) % CHECKIN_EVERY_WEEKS[bool(pilot[u])]:
                continue
            gut = float(np.clip(0.75 + 2.0 * (score[u] - 1.0) + rng.normal(0, 0.05),
                                0.05, 0.95)) if np.isfinite(score[u]) else 0.5
            label = "on_track" if gut >= 0.7 else "at_risk" if gut >= 0.4 else "off_track"
            row = checkin_row(CheckIn(data.org.ids[u], friday, round(gut, 2), label,
                                      note="", id=uuids(rng, 1)[0]))
            row["author"] = org.manager[company_row[u]]
            out.append(row)
    return out
