"""Saving the designer's draft (one transaction, row-level diff, logged) and the recovery
file (round trip, refusal of a damaged file)."""

import sqlite3

import pytest

from desktop.demo import generate
from desktop.domain.cascade import TargetNode, TargetOverride
from desktop.domain.errors import DomainError, InvalidValueError
from desktop.domain.org import OrgUnit
from desktop.services import design
from desktop.services.cascade_context import load_context
from desktop.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("design") / "demo.tfw"
    generate(path)
    return path


@pytest.fixture
def ws(demo_file, tmp_path):
    path = tmp_path / "demo.tfw"
    path.write_bytes(demo_file.read_bytes())
    with Workspace.open(path) as workspace:
        yield workspace


def _draft(context):
    return design.draft_of(context.cascade, context.units, context.rules)


def _edit(context):
    """Add a team under the first region, lock a target, move a team to another region,
    delete a rep, change a rule and a local factor."""
    cascade = context.cascade
    root = cascade.roots()[0]
    east, south = cascade.children_of(root)[:2]
    unit = OrgUnit("R-EAST-NEW", "New team", "team",
                   parent_id=cascade.nodes[east].unit_id, factors={"customer_density": 1.1})
    context.units[unit.id] = unit
    node = cascade.add_node(TargetNode(cascade.id, unit.id, 10, 20))
    cascade.connect(east, node.id, cascade.edges[east].rule_id)
    team = cascade.children_of(east)[0]
    cascade.reparent(team, south)
    rep = cascade.children_of(team)[0]
    cascade.remove_node(rep)
    metric = context.metrics[0].id
    cascade.set_override(south, metric, TargetOverride(5e6, True))
    cascade.move_node(east, 1.0, 2.0)
    rule = next(iter(context.rules.values()))
    rule.alpha = 0.6
    context.units[cascade.nodes[south].unit_id].factors["customer_density"] = 2.0
    return node.id, team, rep, south


def test_save_writes_the_difference_in_one_transaction(ws):
    context = load_context(ws)
    before = _draft(context)
    node, team, rep, south = _edit(context)
    with ws.read() as conn:
        logged = conn.exec_driver_sql("select count(*) from change_log").scalar()
    report = design.save_cascade(ws, before, _draft(context))
    assert report.inserted == {"org_unit": 1, "target_node": 1, "target_override": 1,
                               "cascade_edge": 1}
    assert report.deleted == {"cascade_edge": 1, "target_node": 1}
    assert report.updated["rule"] == 1 and report.updated["unit_factor"] == 1
    assert report.updated["cascade_edge"] == 1 and report.updated["target_node"] == 1
    with ws.read() as conn:
        txns = conn.exec_driver_sql(
            "select distinct txn_id from (select txn_id from change_log order by rowid "
            f"limit -1 offset {logged})").all()
    assert len(txns) == 1
    again = load_context(ws)
    assert again.cascade.parent_of(team) == south and rep not in again.cascade.nodes
    assert node in again.cascade.nodes
    assert again.cascade.nodes[south].overrides[context.metrics[0].id].value == 5e6
    assert next(iter(again.rules.values())).alpha == 0.6
    assert again.units[again.cascade.nodes[south].unit_id].factors["customer_density"] == 2.0
    assert design.save_cascade(ws, _draft(again), _draft(again)).empty


def test_a_refused_save_writes_nothing(ws):
    context = load_context(ws)
    before = _draft(context)
    after = _draft(context)
    root = after.cascade.roots()[0]
    child = after.cascade.children_of(root)[0]
    after.cascade.edges[root] = type(after.cascade.edges[child])(
        after.cascade.id, child, root)  # a loop, set behind the domain's back
    with pytest.raises(DomainError):
        design.save_cascade(ws, before, after)
    with sqlite3.connect(ws.path) as conn:
        assert conn.execute("select count(*) from cascade_edge where child_node_key = "
                            "(select key from target_node where id = ?)", (root,)
                            ).fetchone()[0] == 0


def test_recovery_round_trip(ws, tmp_path):
    context = load_context(ws)
    before = _draft(context)
    node, team, rep, south = _edit(context)
    path = design.recovery_path(ws.path)
    assert path.parent == ws.path.parent and path.name.startswith(".")
    design.write_recovery(path, design.recovery_payload(before, _draft(context)))
    recovered = design.read_recovery(path, before)
    draft = recovered.draft
    assert draft.cascade.parent_of(team) == south and rep not in draft.cascade.nodes
    assert draft.units[draft.cascade.nodes[node].unit_id].code == "R-EAST-NEW"
    assert next(iter(draft.rules.values())).alpha == 0.6
    report = design.save_cascade(ws, before, draft)  # recovered work saves like any draft
    assert report.inserted["target_node"] == 1
    design.discard_recovery(path)
    assert design.read_recovery(path, before) is None


def test_a_damaged_recovery_file_is_refused_by_name(ws):
    before = _draft(load_context(ws))
    path = design.recovery_path(ws.path)
    path.write_text('{"format": "targetflow-design-recovery", "version": 1, "cascade": '
                    f'{{"id": "{before.cascade.id}"}}}}', encoding="utf-8")
    with pytest.raises(InvalidValueError, match=path.name):
        design.read_recovery(path, before)
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="cannot read"):
        design.read_recovery(path, before)
