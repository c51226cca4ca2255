"""Reading the calibration loop: open alerts with their action packs, the "what must I do
now" queue of a unit (SPEC §8), and the period evaluation (hit / missed / exceeded, spread
over bands, per region).

Check-ins are expected from units that manage others (teams, regions, the company): a
rep's confidence is the team lead's to give. One is overdue when the latest is older than
the status grace period (``status.grace_days``), the same clock as staleness.
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from desktop.domain.alert import AlertState
from desktop.engine.tracking_status import weighted_score
from desktop.services.action_packs import PackMatcher, Suggestion, load_pack_rules
from desktop.services.tracking import Evaluation, StoredAlerts, trigger_of
from desktop.services.tracking_data import TrackingData
from desktop.store import alerts as store_alerts
from desktop.store import bulk, fact_arrays, loads
from desktop.store.clock import day_number, from_iso
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class AlertView:
    id: str
    unit: str  # code
    unit_name: str
    metric: str  # code
    direction: str
    raised_week: str
    raised_at: str
    state: str
    trigger: list[float]
    resolved_week: str | None
    suggestions: list[Suggestion] = field(default_factory=list)
    actions: list[tuple[str, str, str]] = field(default_factory=list)  # (at, author, text)

    def as_json(self) -> dict:
        return {"id": self.id, "unit": self.unit, "unit_name": self.unit_name,
                "metric": self.metric, "direction": self.direction,
                "raised_week": self.raised_week, "raised_at": self.raised_at,
                "state": self.state, "trigger": self.trigger,
                "resolved_week": self.resolved_week,
                "action_packs": [{"rule": s.rule, "actions": list(s.actions)}
                                 for s in self.suggestions],
                "actions_taken": [{"at": a, "author": w, "action": t}
                                  for a, w, t in self.actions]}


def subtree_mask(data: TrackingData, unit_code: str | None) -> np.ndarray:
    """(n,) bool: the unit and everything below it (everything for None)."""
    n = data.n
    if unit_code is None:
        return np.ones(n, dtype=bool)
    from desktop.domain.errors import UnknownEntityError

    if unit_code not in data.org.codes:
        raise UnknownEntityError(f"no org unit with code {unit_code!r}")
    inside = np.zeros(n, dtype=bool)
    inside[data.org.codes.index(unit_code)] = True
    for _ in range(len(data.org.tree.level_start)):  # down one level per pass
        above = data.org.tree.parent
        inside |= (above >= 0) & inside[np.maximum(above, 0)]
    return inside


def alert_views(ws: Workspace, data: TrackingData, stored: StoredAlerts,
                only_open: bool = True, unit_code: str | None = None) -> list[AlertView]:
    """The period's alerts (open ones by default) with suggested packs and actions."""
    cols = stored.columns
    matcher = PackMatcher(load_pack_rules(ws), data.metrics, data.objective)
    with ws.read() as conn:
        actions = store_alerts.action_columns(conn)
    by_alert: dict[int, list[tuple[str, str, str]]] = {}
    for key, text, at, who in zip(actions.alert_key, actions.action, actions.at,
                                  actions.author, strict=True):
        by_alert.setdefault(key, []).append((at, who, text))
    inside = subtree_mask(data, unit_code)
    out = []
    for i in range(len(cols)):
        u, j = int(stored.unit[i]), int(stored.metric[i])
        if (only_open and not stored.open[i]) or u < 0 or j < 0 or not inside[u]:
            continue
        trigger = trigger_of(cols.trigger[i])
        metric = data.metrics[j]
        out.append(AlertView(
            cols.id[i], data.org.codes[u], data.org.names[u], metric.code, cols.direction[i],
            cols.raised_week[i], cols.raised_at[i], cols.state[i], trigger,
            cols.resolved_week[i],
            matcher.suggest(metric.id, cols.direction[i], data.org.kinds[u],
                            trigger[-1] if trigger else 0.0),
            by_alert.get(cols.key[i], [])))
    return out


@dataclass(slots=True)
class QueueItem:
    kind: str  # "alert", "acknowledge_version", "check_in"
    unit: str
    what: str
    since: str  # ISO time or day the item has been waiting since
    alert: AlertView | None = None


def queue(ws: Workspace, data: TrackingData, stored: StoredAlerts, unit_code: str | None,
          now: dt.datetime, acks: fact_arrays.AcknowledgementColumns | None = None,
          alerts: list[AlertView] | None = None) -> list[QueueItem]:
    """What must the person responsible for ``unit_code`` do now: open alerts not yet
    acted on in the subtree, the latest version where a unit has not acknowledged it, and
    overdue check-ins — oldest first within each kind. ``acks`` and ``alerts`` (the open
    alert views of the whole company): what the caller has loaded already."""
    inside = subtree_mask(data, unit_code)
    items = [QueueItem("alert", a.unit, f"{a.direction} on {a.metric} since {a.raised_week}: "
                       + ("act" if a.state == AlertState.ACKNOWLEDGED else "acknowledge"),
                       a.raised_at, a)
             for a in _open_alerts(ws, data, stored, unit_code, alerts)
             if a.state in (AlertState.RAISED, AlertState.ACKNOWLEDGED)]
    with ws.read() as conn:
        versions = [v for v in loads.versions(conn)
                    if v.cascade_id == data.context.cascade.id and v.published_at <= now]
        if versions:
            version_key = bulk.key_map(conn, "cascade_version")
            if acks is None:
                acks = fact_arrays.acknowledgements(conn)
        checkins = store_alerts.checkin_columns(conn, day_number(now.date()))
    if versions:
        latest = max(versions, key=lambda v: v.number)
        has_node = np.zeros(data.n, dtype=bool)
        node_rows = data.org.rows(data.context.node_unit_key)
        has_node[node_rows[node_rows >= 0]] = True
        acked = np.zeros(data.n, dtype=bool)
        ack_rows = data.org.rows(acks.unit_key)
        acked[ack_rows[(acks.version_key == version_key[latest.id]) & (ack_rows >= 0)]] = True
        what = f"acknowledge version {latest.number}: {latest.note}"
        since = latest.published_at.isoformat()
        codes = data.org.codes
        items.extend(QueueItem("acknowledge_version", codes[i], what, since)
                     for i in np.flatnonzero(inside & has_node & ~acked).tolist())
    last = np.full(data.n, day_number(data.period.start), dtype=np.int64)
    rows = data.org.rows(np.asarray(checkins.unit_key, dtype=np.int64))
    ok = rows >= 0
    np.maximum.at(last, rows[ok], np.asarray(checkins.day, dtype=np.int64)[ok])
    tree = data.org.tree
    manages = tree.child_end > tree.child_start
    overdue = inside & manages & (day_number(now.date()) - last
                                  > data.settings.bands.grace_days)
    for i in np.flatnonzero(overdue).tolist():
        since = (dt.date(1970, 1, 1) + dt.timedelta(days=int(last[i]))).isoformat()
        items.append(QueueItem("check_in", data.org.codes[i],
                               "check in: confidence in this period's targets", since))
    order = {"alert": 0, "acknowledge_version": 1, "check_in": 2}
    return sorted(items, key=lambda it: (order[it.kind], it.since, it.unit))


def _open_alerts(ws: Workspace, data: TrackingData, stored: StoredAlerts,
                 unit_code: str | None, alerts: list[AlertView] | None) -> list[AlertView]:
    if alerts is None:
        return alert_views(ws, data, stored, True, unit_code)
    if unit_code is None:
        return alerts
    inside = subtree_mask(data, unit_code)
    row_of_code = {c: i for i, c in enumerate(data.org.codes)}
    return [a for a in alerts if inside[row_of_code[a.unit]]]


BANDS = (0.0, 0.70, 0.85, 0.95, 1.05, 1.15, np.inf)  # edges of weighted achievement
BAND_LABELS = ("<70%", "70–85%", "85–95%", "95–105%", "105–115%", "≥115%")


@dataclass(slots=True)
class RegionEvaluation:
    region: str  # code, or "company"
    units: int
    missed: int
    hit: int
    exceeded: int
    no_score: int
    bands: dict[str, int]


def period_evaluation(evaluation: Evaluation, kinds: tuple[str, ...] | None = ("person",)
                      ) -> list[RegionEvaluation]:
    """Per region and the company: units (of ``kinds``; None: all) whose weighted
    achievement at the evaluation week missed (below 1 − on-track band), hit, or exceeded
    (above 1 + band) their targets, and their spread over BANDS."""
    data = evaluation.data
    score = weighted_score(evaluation.pace.achievement[evaluation.week],
                           np.nan_to_num(data.weights, nan=0.0), data.lower_is_better).score
    band = data.settings.bands.on_track
    chosen = np.ones(data.n, bool) if kinds is None else np.isin(data.org.kinds, kinds)
    region = data.org.region_of()
    out = []
    groups = [(data.org.codes[r], region == r) for r in np.unique(region[region >= 0])]
    for name, member in [*groups, ("company", np.ones(data.n, bool))]:
        s = score[member & chosen]
        known = s[~np.isnan(s)]
        slot = np.searchsorted(np.asarray(BANDS[1:-1]), known, side="right")
        counts = np.bincount(slot, minlength=len(BAND_LABELS))
        out.append(RegionEvaluation(
            name, len(s), int(np.sum(known < 1 - band - 1e-9)),
            int(np.sum(np.abs(known - 1) <= band + 1e-9)),
            int(np.sum(known > 1 + band + 1e-9)), int(np.isnan(s).sum()),
            dict(zip(BAND_LABELS, counts.tolist(), strict=True))))
    return out


def waiting_hours(since: str, now: dt.datetime) -> float:
    return (now - from_iso(since)).total_seconds() / 3600.0
