"""Saving what the cascade designer changed, and keeping unsaved work safe.

The designer edits a *draft*: the cascade (nodes, edges, overrides, positions), the org
units it shows (new units, renamed units, local factors) and the rules. ``save_cascade``
compares the draft with the one loaded from the file and writes the row-level difference
in ONE transaction through the ChangeWriter, so the change log records every field.

Recovery: ``write_recovery`` puts the unsaved draft next to the workspace as JSON
(parsed and validated again by ``read_recovery``, never eval'ed); a crash loses at most
the edits since the last autosave.
"""

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.cascade import Cascade, CascadeEdge, TargetNode, TargetOverride
from desktop.domain.errors import InvalidValueError
from desktop.domain.org import OrgUnit
from desktop.domain.rule import CascadeRule
from desktop.store import entities
from desktop.store.clock import default_author
from desktop.store.workspace import Workspace

RECOVERY_FORMAT = "targetflow-design-recovery"
RECOVERY_VERSION = 1


@dataclass(slots=True)
class CascadeDraft:
    """A detached copy of what the designer edits (no event listeners, safe to hand to
    a worker thread while the GUI keeps editing its own copy)."""

    cascade: Cascade
    units: dict[str, OrgUnit]
    rules: dict[str, CascadeRule]


def copy_cascade(cascade: Cascade) -> Cascade:
    out = Cascade(cascade.name, cascade.period_id, cascade.objective_id, id=cascade.id)
    out.nodes = {node_id: _copy_node(n) for node_id, n in cascade.nodes.items()}
    out.edges = {child: _copy_edge(e) for child, e in cascade.edges.items()}
    return out


# Copies of objects that are valid already: their checks (__post_init__) are not run
# again, which makes the snapshot of a 100 000-unit cascade several times cheaper.
def _copy_node(n: TargetNode) -> TargetNode:
    c = object.__new__(TargetNode)
    c.cascade_id, c.unit_id, c.x, c.y, c.collapsed, c.id = (n.cascade_id, n.unit_id, n.x,
                                                            n.y, n.collapsed, n.id)
    c.overrides = {m: _copy_override(o) for m, o in n.overrides.items()} \
        if n.overrides else {}
    return c


def _copy_override(o: TargetOverride) -> TargetOverride:
    c = object.__new__(TargetOverride)
    c.value, c.locked = o.value, o.locked
    return c


def _copy_edge(e: CascadeEdge) -> CascadeEdge:
    c = object.__new__(CascadeEdge)
    c.cascade_id, c.parent_node_id, c.child_node_id, c.rule_id, c.id = (
        e.cascade_id, e.parent_node_id, e.child_node_id, e.rule_id, e.id)
    return c


def copy_unit(u: OrgUnit) -> OrgUnit:
    c = object.__new__(OrgUnit)
    c.code, c.name, c.kind, c.parent_id, c.manager, c.headcount, c.id = (
        u.code, u.name, u.kind, u.parent_id, u.manager, u.headcount, u.id)
    c.factors = dict(u.factors)
    return c


def copy_rule(r: CascadeRule) -> CascadeRule:
    return CascadeRule(r.name, r.alpha, {f: dict(row) for f, row in r.tilt.items()},
                       None if r.base is None else dict(r.base), r.allocation_key,
                       r.custom_key, r.beta, r.overage, r.ratio_band,
                       None if r.factor_weights is None else dict(r.factor_weights),
                       r.is_template, id=r.id)


def draft_of(cascade: Cascade, units: dict[str, OrgUnit], rules: dict[str, CascadeRule]
             ) -> CascadeDraft:
    return CascadeDraft(copy_cascade(cascade), {k: copy_unit(u) for k, u in units.items()},
                        {k: copy_rule(r) for k, r in rules.items()})


# --- save ------------------------------------------------------------------------------
@dataclass(slots=True)
class SaveReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, kind: dict[str, int], table: str, n: int = 1) -> None:
        if n:
            kind[table] = kind.get(table, 0) + n

    @property
    def empty(self) -> bool:
        return not (self.inserted or self.updated or self.deleted)


def save_cascade(ws: Workspace, before: CascadeDraft, after: CascadeDraft,
                 author: str | None = None) -> SaveReport:
    """Write the difference between two drafts of one cascade in one transaction."""
    if before.cascade.id != after.cascade.id:
        raise InvalidValueError("the draft belongs to another cascade")
    after.cascade.validate()
    for rule in after.rules.values():
        rule.validate()
    report = SaveReport()
    b, a = before.cascade, after.cascade
    with ws.transaction(author or default_author()) as tx:
        # 1. removals, children before what they point at
        gone_edges = [e for child, e in b.edges.items()
                      if child not in a.edges or a.edges[child].id != e.id]
        for e in gone_edges:
            tx.delete("cascade_edge", {"id": e.id})
        report.count(report.deleted, "cascade_edge", len(gone_edges))
        for node_id, node in b.nodes.items():
            kept = a.nodes.get(node_id)
            for metric in node.overrides:
                if kept is None or metric not in kept.overrides:
                    tx.delete("target_override", {"node_id": node_id, "metric_id": metric})
                    report.count(report.deleted, "target_override")
        gone_nodes = [n for n in b.nodes if n not in a.nodes]
        for node_id in gone_nodes:
            tx.delete("target_node", {"id": node_id})
        report.count(report.deleted, "target_node", len(gone_nodes))
        # 2. units and rules the nodes and edges may refer to
        _save_units(tx, before, after, report)
        _save_rules(tx, before, after, report)
        # 3. nodes, overrides, edges
        new_nodes = [a.nodes[n] for n in a.nodes if n not in b.nodes]
        tx.insert_many("target_node", [entities.node_row(n) for n in new_nodes])
        report.count(report.inserted, "target_node", len(new_nodes))
        for node_id, node in a.nodes.items():
            old = b.nodes.get(node_id)
            if old is not None:
                changes = {k: v for k, v in entities.node_row(node).items()
                           if entities.node_row(old)[k] != v}
                if changes:
                    tx.update("target_node", {"id": node_id}, changes)
                    report.count(report.updated, "target_node")
            for metric, o in node.overrides.items():
                prior = old.overrides.get(metric) if old is not None else None
                identity = {"node_id": node_id, "metric_id": metric}
                if prior is None:
                    tx.insert("target_override", {**identity, "value": o.value,
                                                  "locked": o.locked})
                    report.count(report.inserted, "target_override")
                elif (prior.value, prior.locked) != (o.value, o.locked):
                    tx.update("target_override", identity, {"value": o.value,
                                                            "locked": o.locked})
                    report.count(report.updated, "target_override")
        old_edges = {e.id: e for e in b.edges.values()}
        for child in a.topological():
            e = a.edges.get(child)
            if e is None:
                continue
            prior = old_edges.get(e.id)
            if prior is None or prior.child_node_id != child:
                tx.insert("cascade_edge", entities.edge_row(e))
                report.count(report.inserted, "cascade_edge")
            else:
                changes = {k: v for k, v in entities.edge_row(e).items()
                           if entities.edge_row(prior)[k] != v}
                if changes:
                    tx.update("cascade_edge", {"id": e.id}, changes)
                    report.count(report.updated, "cascade_edge")
    return report


def _save_units(tx, before: CascadeDraft, after: CascadeDraft, report: SaveReport) -> None:
    used = {n.unit_id for n in after.cascade.nodes.values()}
    new = [u for uid, u in after.units.items() if uid not in before.units and uid in used]
    # parents first: a new unit may sit under another new one
    placed: set[str] = set(before.units)
    ordered: list[OrgUnit] = []
    while new:
        ready = [u for u in new if u.parent_id is None or u.parent_id in placed]
        if not ready:
            raise InvalidValueError("new org units refer to parents that do not exist")
        ordered += ready
        placed.update(u.id for u in ready)
        new = [u for u in new if u.id not in placed]
    entities.add_org_units(tx, ordered)
    report.count(report.inserted, "org_unit", len(ordered))
    for uid, unit in after.units.items():
        old = before.units.get(uid)
        if old is None:
            continue
        changes = {k: v for k, v in entities.unit_row(unit).items()
                   if entities.unit_row(old)[k] != v}
        if changes:
            tx.update("org_unit", {"id": uid}, changes)
            report.count(report.updated, "org_unit")
        for factor, value in unit.factors.items():
            identity = {"unit_id": uid, "factor": factor}
            if factor not in old.factors:
                tx.insert("unit_factor", {**identity, "value": value})
                report.count(report.inserted, "unit_factor")
            elif old.factors[factor] != value:
                tx.update("unit_factor", identity, {"value": value})
                report.count(report.updated, "unit_factor")
        for factor in set(old.factors) - set(unit.factors):
            tx.delete("unit_factor", {"unit_id": uid, "factor": factor})
            report.count(report.deleted, "unit_factor")


def _save_rules(tx, before: CascadeDraft, after: CascadeDraft, report: SaveReport) -> None:
    for rid, rule in after.rules.items():
        row = entities.rule_row(rule)
        old = before.rules.get(rid)
        if old is None:
            tx.insert("rule", row)
            report.count(report.inserted, "rule")
            continue
        prior = entities.rule_row(old)
        changes = {k: v for k, v in row.items() if k != "id" and prior[k] != v}
        if changes:
            tx.update("rule", {"id": rid}, changes)
            report.count(report.updated, "rule")


# --- recovery --------------------------------------------------------------------------
def recovery_path(workspace_path: Path) -> Path:
    """The autosave file beside a workspace: ``.<name>.recovery.json``."""
    workspace_path = Path(workspace_path)
    return workspace_path.with_name(f".{workspace_path.name}.recovery.json")


def recovery_payload(before: CascadeDraft, after: CascadeDraft) -> dict[str, Any]:
    """The unsaved draft as plain JSON data: the whole cascade (small: ids and numbers),
    and only the units and rules that differ from the file."""
    c = after.cascade
    units = [u for uid, u in after.units.items()
             if uid not in before.units or entities.unit_row(before.units[uid])
             != entities.unit_row(u) or before.units[uid].factors != u.factors]
    rules = [r for rid, r in after.rules.items()
             if rid not in before.rules
             or entities.rule_row(before.rules[rid]) != entities.rule_row(r)]
    return {
        "format": RECOVERY_FORMAT, "version": RECOVERY_VERSION,
        "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cascade": {"id": c.id, "name": c.name, "period_id": c.period_id,
                    "objective_id": c.objective_id},
        "nodes": [{"id": n.id, "unit_id": n.unit_id, "x": n.x, "y": n.y,
                   "collapsed": n.collapsed,
                   "overrides": {m: [o.value, o.locked] for m, o in n.overrides.items()}}
                  for n in c.nodes.values()],
        "edges": [{"id": e.id, "parent": e.parent_node_id, "child": e.child_node_id,
                   "rule": e.rule_id} for e in c.edges.values()],
        "units": [{**entities.unit_row(u), "factors": dict(u.factors)} for u in units],
        "rules": [{**entities.rule_row(r), "tilt": r.tilt, "base": r.base,
                   "factor_weights": r.factor_weights} for r in rules],
    }


def write_recovery(path: Path, payload: dict[str, Any]) -> None:
    """Write atomically (temporary file, then rename)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def discard_recovery(path: Path) -> None:
    Path(path).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Recovery:
    saved_at: str
    draft: CascadeDraft


def read_recovery(path: Path, base: CascadeDraft) -> Recovery | None:
    """The recovered draft for the cascade in ``base`` (the state loaded from the file),
    or None when there is no recovery file for it. A damaged file raises
    InvalidValueError naming the file; nothing is applied half-way."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != RECOVERY_FORMAT or data.get("version") != RECOVERY_VERSION:
            raise InvalidValueError("not a recovery file of this version")
        header = data["cascade"]
        if header["id"] != base.cascade.id:
            return None
        cascade = Cascade(header["name"], header["period_id"], header["objective_id"],
                          id=header["id"])
        for n in data["nodes"]:
            cascade.nodes[n["id"]] = TargetNode(
                cascade.id, n["unit_id"], float(n["x"]), float(n["y"]), bool(n["collapsed"]),
                {m: TargetOverride(float(v), bool(locked))
                 for m, (v, locked) in n["overrides"].items()}, id=n["id"])
        for e in data["edges"]:
            cascade.edges[e["child"]] = CascadeEdge(cascade.id, e["parent"], e["child"],
                                                    e["rule"], id=e["id"])
        cascade.validate()
        units = dict(base.units)
        for u in data["units"]:
            units[u["id"]] = OrgUnit(u["code"], u["name"], u["kind"], u["parent_id"],
                                     u["manager"], int(u["headcount"]), dict(u["factors"]),
                                     id=u["id"])
        rules = dict(base.rules)
        for r in data["rules"]:
            rules[r["id"]] = CascadeRule(
                r["name"], float(r["alpha"]), r["tilt"], r["base"], r["allocation_key"],
                r["custom_key"], float(r["beta"]), float(r["overage"]), float(r["ratio_band"]),
                r["factor_weights"], bool(r["is_template"]), id=r["id"])
        unknown = {n.unit_id for n in cascade.nodes.values()} - set(units)
        unknown_rules = {e.rule_id for e in cascade.edges.values() if e.rule_id} - set(rules)
        if unknown or unknown_rules:
            raise InvalidValueError("it refers to units or rules that no longer exist")
        return Recovery(str(data["saved_at"]), CascadeDraft(cascade, units, rules))
    except InvalidValueError as exc:
        raise InvalidValueError(f"{path}: {exc}") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidValueError(f"{path}: cannot read the recovery file ({exc})") from None
