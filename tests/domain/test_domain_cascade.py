"""Cascade invariants (one parent, no cycles), topological order and change events."""

import copy
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.cascade import Cascade, CascadeEdge, TargetNode, TargetOverride
from desktop.domain.errors import (
    CycleError,
    DomainError,
    InvalidValueError,
    SecondParentError,
    UnknownEntityError,
)
from desktop.domain.events import ChangeEvent, ChangeKind
from desktop.domain.ids import is_id


def make_cascade(n: int) -> tuple[Cascade, list[str]]:
    cascade = Cascade(name="Q2 plan", period_id="p")
    ids = [cascade.add_node(TargetNode(cascade.id, f"unit-{i}")).id for i in range(n)]
    return cascade, ids


def state(cascade: Cascade):
    """Everything an edit could change, for 'unchanged' checks."""
    return ({k: (e.id, e.parent_node_id, e.child_node_id, e.rule_id)
             for k, e in cascade.edges.items()},
            {k: (n.unit_id, n.x, n.y, dict(n.overrides)) for k, n in cascade.nodes.items()})


@pytest.fixture
def chain():
    """a → b → c, and d alone."""
    cascade, (a, b, c, d) = make_cascade(4)
    cascade.connect(a, b)
    cascade.connect(b, c)
    return cascade, a, b, c, d


# --- nodes --------------------------------------------------------------------------------

def test_add_node_emits_added_and_refuses_duplicates(record):
    cascade = Cascade(name="c", period_id="p")
    rec = record(cascade.events)
    node = cascade.add_node(TargetNode(cascade.id, "u1"))
    assert is_id(node.id)
    assert rec.take() == [ChangeEvent(ChangeKind.ADDED, "target_node", node.id)]
    before = state(cascade)
    with pytest.raises(InvalidValueError, match="already in cascade"):
        cascade.add_node(node)
    with pytest.raises(InvalidValueError, match="unit u1 already has a node"):
        cascade.add_node(TargetNode(cascade.id, "u1"))
    with pytest.raises(InvalidValueError, match="another cascade"):
        cascade.add_node(TargetNode("other-cascade", "u2"))
    assert state(cascade) == before and rec.take() == []


def test_remove_node_refuses_parents_and_drops_the_edge_of_a_child(chain, record):
    cascade, _a, b, c, _ = chain
    rec = record(cascade.events)
    before = state(cascade)
    with pytest.raises(InvalidValueError, match="children first"):
        cascade.remove_node(b)
    assert state(cascade) == before and rec.take() == []
    edge_id = cascade.edges[c].id
    cascade.remove_node(c)
    assert c not in cascade.nodes and c not in cascade.edges
    assert rec.take() == [ChangeEvent(ChangeKind.REMOVED, "cascade_edge", edge_id),
                          ChangeEvent(ChangeKind.REMOVED, "target_node", c)]
    with pytest.raises(UnknownEntityError):
        cascade.remove_node(c)


def test_move_node_emits_position_change(chain, record):
    cascade, a, *_ = chain
    rec = record(cascade.events)
    cascade.move_node(a, 10.5, -3.0)
    assert (cascade.nodes[a].x, cascade.nodes[a].y) == (10.5, -3.0)
    assert rec.take() == [ChangeEvent(ChangeKind.CHANGED, "target_node", a, "position",
                                      (0.0, 0.0), (10.5, -3.0))]


def test_set_override_emits_old_and_new(chain, record):
    cascade, _, b, *_ = chain
    rec = record(cascade.events)
    first = TargetOverride(1200.0)
    cascade.set_override(b, "revenue", first)
    second = TargetOverride(900.0, locked=False)
    cascade.set_override(b, "revenue", second)
    cascade.set_override(b, "revenue", None)
    assert cascade.nodes[b].overrides == {}
    assert [(e.field, e.old, e.new) for e in rec.take()] == [
        ("override:revenue", None, first), ("override:revenue", first, second),
        ("override:revenue", second, None)]


@pytest.mark.parametrize("bad", [math.nan, math.inf, "12", None])
def test_override_value_must_be_finite(bad):
    with pytest.raises(InvalidValueError, match="finite"):
        TargetOverride(bad)


def test_override_defaults_to_locked():
    assert TargetOverride(5).locked is True


# --- edges --------------------------------------------------------------------------------

def test_connect_emits_added_and_queries_follow(chain, record):
    cascade, a, b, c, d = chain
    rec = record(cascade.events)
    edge = cascade.connect(a, d, rule_id="r1")
    assert rec.take() == [ChangeEvent(ChangeKind.ADDED, "cascade_edge", edge.id)]
    assert (edge.parent_node_id, edge.child_node_id, edge.rule_id) == (a, d, "r1")
    assert cascade.parent_of(d) == a and cascade.parent_of(a) is None
    assert cascade.children_of(a) == [b, d]
    assert cascade.roots() == [a]
    assert list(cascade.ancestors(c)) == [b, a]
    assert cascade.edge(d) is edge


def test_connect_keeps_a_given_edge_id_and_refuses_a_used_one(chain):
    cascade, a, b, _c, d = chain
    used = cascade.edges[b].id
    before = state(cascade)
    with pytest.raises(InvalidValueError, match="already in cascade"):
        cascade.connect(a, d, edge_id=used)
    assert state(cascade) == before
    assert cascade.connect(a, d, edge_id="e-42").id == "e-42"


def test_second_parent_is_refused_and_nothing_changes(chain, record):
    cascade, _a, b, c, d = chain
    rec = record(cascade.events)
    before = state(cascade)
    with pytest.raises(SecondParentError):
        cascade.connect(d, c)
    with pytest.raises(SecondParentError):  # even when it would also be a cycle
        cascade.connect(c, b)
    assert state(cascade) == before and rec.take() == []


@pytest.mark.parametrize(("parent", "child"), [("c", "a"), ("b", "a"), ("d", "d")])
def test_connect_refuses_cycles_and_nothing_changes(chain, record, parent, child):
    cascade, a, b, c, d = chain
    ids = {"a": a, "b": b, "c": c, "d": d}
    rec = record(cascade.events)
    before = state(cascade)
    with pytest.raises(CycleError):
        cascade.connect(ids[parent], ids[child])
    assert state(cascade) == before and rec.take() == []


def test_connect_to_unknown_nodes_is_refused(chain):
    cascade, a, *_ = chain
    with pytest.raises(UnknownEntityError, match="unknown node ghost"):
        cascade.connect(a, "ghost")
    with pytest.raises(UnknownEntityError):
        cascade.connect("ghost", a)


def test_reparent_moves_the_subtree_keeps_the_rule_and_emits(chain, record):
    cascade, _a, b, c, d = chain
    cascade.set_rule(c, "rule-70")
    edge = cascade.edges[c]
    rec = record(cascade.events)
    moved = cascade.reparent(c, d)
    assert moved is edge and edge.parent_node_id == d and edge.rule_id == "rule-70"
    assert cascade.children_of(b) == [] and cascade.children_of(d) == [c]
    assert rec.take() == [ChangeEvent(ChangeKind.CHANGED, "cascade_edge", edge.id,
                                      "parent_node_id", b, d)]


def test_reparent_to_the_same_parent_is_silent(chain, record):
    cascade, a, b, *_ = chain
    rec = record(cascade.events)
    before = state(cascade)
    cascade.reparent(b, a)
    assert state(cascade) == before and rec.take() == []


@pytest.mark.parametrize(("child", "parent"), [("b", "c"), ("b", "b"), ("a", "c")])
def test_reparent_refusals_leave_cascade_unchanged(chain, record, child, parent):
    cascade, a, b, c, d = chain
    ids = {"a": a, "b": b, "c": c, "d": d}
    rec = record(cascade.events)
    before = state(cascade)
    # a root has no edge to move; the others would close a loop
    error = UnknownEntityError if child == "a" else CycleError
    with pytest.raises(error):
        cascade.reparent(ids[child], ids[parent])
    assert state(cascade) == before and rec.take() == []


def test_reparent_to_unknown_parent_is_refused(chain):
    cascade, _, b, *_ = chain
    before = state(cascade)
    with pytest.raises(UnknownEntityError):
        cascade.reparent(b, "ghost")
    assert state(cascade) == before


def test_disconnect_emits_removed_and_refuses_roots(chain, record):
    cascade, _a, _b, c, _d = chain
    rec = record(cascade.events)
    edge = cascade.disconnect(c)
    assert c in cascade.roots()
    assert rec.take() == [ChangeEvent(ChangeKind.REMOVED, "cascade_edge", edge.id)]
    with pytest.raises(UnknownEntityError):
        cascade.disconnect(c)
    assert rec.take() == []


def test_set_rule_emits_and_unknown_edge_is_a_domain_error(chain, record):
    cascade, a, b, *_ = chain
    rec = record(cascade.events)
    cascade.set_rule(b, "r")
    cascade.set_rule(b, None)
    assert [(e.field, e.old, e.new) for e in rec.take()] == [("rule_id", None, "r"),
                                                           ("rule_id", "r", None)]
    with pytest.raises(UnknownEntityError, match="no parent edge"):
        cascade.set_rule(a, "r")
    assert rec.take() == []


def test_unsubscribed_listener_hears_nothing(chain):
    cascade, a, *_ = chain
    heard = []
    unsubscribe = cascade.events.subscribe(heard.append)
    cascade.move_node(a, 1, 1)
    unsubscribe()
    unsubscribe()  # twice is harmless
    cascade.move_node(a, 2, 2)
    assert len(heard) == 1


def test_errors_are_domain_errors_and_value_errors():
    for error in (CycleError, SecondParentError, UnknownEntityError, InvalidValueError):
        assert issubclass(error, DomainError) and issubclass(error, ValueError)


# --- topological order and loaded cascades ------------------------------------------------

def test_topological_puts_parents_first(chain):
    cascade, a, b, c, d = chain
    cascade.connect(d, a)
    assert cascade.topological() == [d, a, b, c]


def test_topological_refuses_a_cycle_set_behind_the_cascades_back(chain):
    cascade, a, _b, c, _d = chain
    # a store loading rows field by field could do this; connect() never would
    cascade.edges[a] = CascadeEdge(cascade.id, c, a)
    with pytest.raises(CycleError):
        cascade.topological()
    with pytest.raises(CycleError, match="cycle"):
        cascade.validate()


def test_problems_names_each_broken_invariant():
    cascade, (a, b) = make_cascade(2)
    assert cascade.problems() == []
    cascade.validate()
    cascade.edges["wrong-key"] = CascadeEdge(cascade.id, a, b, id="e1")
    cascade.edges[a] = CascadeEdge("elsewhere", "ghost", a, id="e2")
    cascade.nodes["n9"] = TargetNode(cascade.id, "unit-0", id="n8")
    problems = cascade.problems()
    assert any("e1 is filed under wrong-key" in p for p in problems)
    assert any("e2 belongs to another cascade" in p for p in problems)
    assert any("e2 joins unknown node ghost" in p for p in problems)
    assert any("n8 is filed under n9" in p for p in problems)
    assert "a unit has two nodes" in problems
    with pytest.raises(InvalidValueError, match="Q2 plan"):
        cascade.validate()


# --- property: random edit sequences ------------------------------------------------------

def reference_has_cycle(parent: dict[str, str], start: str) -> bool:
    seen, node = set(), start
    while node in parent:
        if node in seen:
            return True
        seen.add(node)
        node = parent[node]
    return node in seen


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 9),
       ops=st.lists(st.tuples(st.sampled_from(["connect", "reparent", "disconnect"]),
                              st.integers(0, 8), st.integers(0, 8)), max_size=40))
def test_random_connect_and_reparent_keep_a_forest(n, ops):
    cascade, ids = make_cascade(n)
    model: dict[str, str] = {}  # child -> parent, the reference
    events = []
    cascade.events.subscribe(events.append)
    for op, i, j in ops:
        parent, child = ids[i % n], ids[j % n]
        before, events_before = copy.deepcopy(state(cascade)), len(events)
        trial = {**model, child: parent}
        if op == "connect":
            if child in model:
                with pytest.raises(SecondParentError):
                    cascade.connect(parent, child)
            elif reference_has_cycle(trial, child):
                with pytest.raises(CycleError):
                    cascade.connect(parent, child)
            else:
                edge = cascade.connect(parent, child)
                model[child] = parent
                assert events[events_before:] == [
                    ChangeEvent(ChangeKind.ADDED, "cascade_edge", edge.id)]
                continue
        elif op == "reparent":
            if child not in model:
                with pytest.raises(UnknownEntityError):
                    cascade.reparent(child, parent)
            elif reference_has_cycle(trial, child):
                with pytest.raises(CycleError):
                    cascade.reparent(child, parent)
            else:
                old = model[child]
                edge = cascade.reparent(child, parent)
                model[child] = parent
                expected = [] if old == parent else [ChangeEvent(
                    ChangeKind.CHANGED, "cascade_edge", edge.id, "parent_node_id", old, parent)]
                assert events[events_before:] == expected
                continue
        else:
            if child in model:
                cascade.disconnect(child)
                del model[child]
                assert len(events) == events_before + 1
                continue
            with pytest.raises(UnknownEntityError):
                cascade.disconnect(child)
        # every refused edit: nothing changed, nothing announced
        assert state(cascade) == before and len(events) == events_before

    assert {k: e.parent_node_id for k, e in cascade.edges.items()} == model
    order = cascade.topological()
    assert sorted(order) == sorted(ids)
    position = {node: k for k, node in enumerate(order)}
    for child, parent in model.items():
        assert position[parent] < position[child]
    for node in ids:
        chain = list(cascade.ancestors(node))
        assert node not in chain and len(chain) == len(set(chain))
    assert cascade.problems() == []
