"""OrgTree invariants: unique codes and ids, known parents, no cycles, leaf-only removal."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import CycleError, InvalidValueError, UnknownEntityError
from desktop.domain.events import ChangeEvent, ChangeKind
from desktop.domain.org import OrgTree, OrgUnit, UnitKind


def unit(code: str, parent: OrgUnit | None = None, **kw) -> OrgUnit:
    return OrgUnit(code=code, name=code.title(), kind=kw.pop("kind", UnitKind.TEAM),
                   parent_id=parent.id if parent else None, **kw)


@pytest.fixture
def company():
    """hq → (east → (e1, e2), west → (w1))"""
    hq = unit("hq", kind=UnitKind.COMPANY)
    east, west = unit("east", hq), unit("west", hq)
    e1, e2, w1 = unit("e1", east), unit("e2", east), unit("w1", west)
    units = {u.code: u for u in (hq, east, west, e1, e2, w1)}
    return OrgTree(units.values()), units


def snapshot(tree: OrgTree):
    """Everything observable about the tree's structure, for 'unchanged' checks."""
    return ({u.id: (u.code, u.parent_id) for u in tree},
            [u.id for u in tree.roots()],
            {u.id: [c.id for c in tree.children(u.id)] for u in tree})


# --- OrgUnit ------------------------------------------------------------------------------

def test_unit_needs_a_code():
    with pytest.raises(InvalidValueError, match="code"):
        OrgUnit(code="  ", name="Nameless", kind="team")


def test_unit_kind_is_parsed_and_unknown_kinds_refused():
    assert OrgUnit(code="r", name="R", kind="region").kind is UnitKind.REGION
    with pytest.raises(InvalidValueError, match="kind 'galaxy'"):
        OrgUnit(code="g", name="G", kind="galaxy")


def test_unit_headcount_must_not_be_negative():
    with pytest.raises(InvalidValueError, match="headcount"):
        unit("x", headcount=-1)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "1.3", None, True])
def test_unit_local_factors_must_be_finite_numbers(bad):
    with pytest.raises(InvalidValueError, match="customer_density"):
        unit("x", factors={"competition_intensity": 0.8, "customer_density": bad})


def test_unit_local_factors_accept_ints_and_floats():
    u = unit("x", factors={"customer_density": 1.3, "competition_intensity": 2})
    assert u.factors == {"customer_density": 1.3, "competition_intensity": 2}


# --- construction -------------------------------------------------------------------------

def test_construction_indexes_units(company):
    tree, u = company
    assert len(tree) == 6
    assert u["e1"].id in tree and "nope" not in tree
    assert tree.by_code("west") is u["west"]
    assert tree.get(u["e2"].id) is u["e2"]
    assert [r.code for r in tree.roots()] == ["hq"]
    assert [c.code for c in tree.children(u["east"].id)] == ["e1", "e2"]
    assert tree.children(u["e1"].id) == []


def test_construction_accepts_children_listed_before_parents():
    hq = unit("hq")
    team = unit("team", hq)
    person = unit("person", team)
    tree = OrgTree([person, team, hq])
    assert [x.code for x in tree.subtree(hq.id)] == ["hq", "team", "person"]


def test_construction_refuses_duplicate_codes():
    a = unit("dup")
    with pytest.raises(InvalidValueError, match="'dup' is used twice"):
        OrgTree([a, unit("dup", a)])


def test_construction_refuses_duplicate_ids():
    a = unit("a")
    b = OrgUnit(code="b", name="B", kind="team", id=a.id)
    with pytest.raises(InvalidValueError, match="used twice"):
        OrgTree([a, b])


def test_construction_refuses_unknown_parent():
    orphan = OrgUnit(code="orphan", name="O", kind="team", parent_id="missing")
    with pytest.raises(UnknownEntityError, match="orphan: unknown parent missing"):
        OrgTree([unit("hq"), orphan])


def test_construction_refuses_self_parent():
    u = unit("loop")
    u.parent_id = u.id
    with pytest.raises(CycleError, match="loop"):
        OrgTree([u])


def test_construction_refuses_a_cycle_hanging_off_a_tree():
    hq = unit("hq")
    a, b, c = unit("a", hq), unit("b"), unit("c")
    b.parent_id, c.parent_id, a.parent_id = c.id, a.id, b.id  # a → b → c → a
    with pytest.raises(CycleError, match="parent chain loops"):
        OrgTree([hq, a, b, c])


def test_empty_tree():
    tree = OrgTree()
    assert len(tree) == 0 and tree.roots() == [] and list(tree) == []


# --- queries ------------------------------------------------------------------------------

def test_subtree_lists_parents_before_children_in_sibling_order(company):
    tree, u = company
    assert [x.code for x in tree.subtree(u["hq"].id)] == ["hq", "east", "e1", "e2", "west", "w1"]
    assert [x.code for x in tree.subtree(u["east"].id)] == ["east", "e1", "e2"]
    assert [x.code for x in tree.subtree(u["w1"].id)] == ["w1"]


def test_ancestors_go_from_parent_up_to_root(company):
    tree, u = company
    assert [x.code for x in tree.ancestors(u["e2"].id)] == ["east", "hq"]
    assert tree.ancestors(u["hq"].id) == []


def test_unknown_ids_and_codes_raise_unknown_entity(company):
    tree, _ = company
    for call in (lambda: tree.get("x"), lambda: tree.by_code("x"),
                 lambda: tree.subtree("x"), lambda: tree.ancestors("x"),
                 lambda: tree.move("x", None), lambda: tree.remove("x")):
        with pytest.raises(UnknownEntityError):
            call()
    # UnknownEntityError is both a DomainError (ValueError) and a KeyError, with a plain text
    with pytest.raises(KeyError) as info:
        tree.by_code("ghost")
    assert str(info.value) == "unknown org unit code 'ghost'"


# --- edits --------------------------------------------------------------------------------

def test_add_under_known_parent_emits_added(company, record):
    tree, u = company
    rec = record(tree.events)
    new = unit("e3", u["east"])
    tree.add(new)
    assert tree.children(u["east"].id)[-1] is new
    assert rec.take() == [ChangeEvent(ChangeKind.ADDED, "org_unit", new.id)]


def test_add_refusals_leave_tree_unchanged(company, record):
    tree, u = company
    before = snapshot(tree)
    rec = record(tree.events)
    with pytest.raises(InvalidValueError, match="already exists"):
        tree.add(u["e1"])
    with pytest.raises(InvalidValueError, match="'e1' is used twice"):
        tree.add(unit("e1", u["west"]))
    with pytest.raises(UnknownEntityError, match="unknown parent"):
        tree.add(OrgUnit(code="z", name="Z", kind="team", parent_id="nowhere"))
    assert snapshot(tree) == before
    assert rec.take() == []


def test_move_reparents_and_emits_change(company, record):
    tree, u = company
    rec = record(tree.events)
    tree.move(u["e2"].id, u["west"].id)
    assert u["e2"].parent_id == u["west"].id
    assert [c.code for c in tree.children(u["west"].id)] == ["w1", "e2"]
    assert [c.code for c in tree.children(u["east"].id)] == ["e1"]
    assert rec.take() == [ChangeEvent(ChangeKind.CHANGED, "org_unit", u["e2"].id, "parent_id",
                                      u["east"].id, u["west"].id)]
    tree.move(u["west"].id, None)
    assert {r.code for r in tree.roots()} == {"hq", "west"}
    assert [x.code for x in tree.subtree(u["west"].id)] == ["west", "w1", "e2"]
    assert rec.take()[0].new is None


def test_move_to_current_parent_changes_nothing(company, record):
    tree, u = company
    before = snapshot(tree)
    rec = record(tree.events)
    tree.move(u["e1"].id, u["east"].id)  # e1 stays first: sibling order is kept
    assert snapshot(tree) == before
    assert rec.take() == []


@pytest.mark.parametrize(("mover", "target"), [("hq", "hq"), ("hq", "e1"), ("east", "e2"),
                                               ("east", "east")])
def test_move_refuses_cycles_and_leaves_tree_unchanged(company, record, mover, target):
    tree, u = company
    before = snapshot(tree)
    rec = record(tree.events)
    with pytest.raises(CycleError, match=f"cannot move {mover} under {target}"):
        tree.move(u[mover].id, u[target].id)
    assert snapshot(tree) == before
    assert rec.take() == []


def test_move_to_unknown_parent_is_refused(company):
    tree, u = company
    before = snapshot(tree)
    with pytest.raises(UnknownEntityError):
        tree.move(u["e1"].id, "nowhere")
    assert snapshot(tree) == before


def test_remove_only_leaves(company, record):
    tree, u = company
    rec = record(tree.events)
    before = snapshot(tree)
    with pytest.raises(InvalidValueError, match="east still has child units"):
        tree.remove(u["east"].id)
    assert snapshot(tree) == before and rec.take() == []
    tree.remove(u["e1"].id)
    assert u["e1"].id not in tree and len(tree) == 5
    with pytest.raises(UnknownEntityError):
        tree.by_code("e1")
    assert rec.take() == [ChangeEvent(ChangeKind.REMOVED, "org_unit", u["e1"].id)]
    tree.remove(u["e2"].id)
    tree.remove(u["east"].id)  # a leaf now
    assert [c.code for c in tree.children(u["hq"].id)] == ["west"]
    tree.add(unit("e1", u["west"]))  # the code is free again


def test_remove_root_leaf():
    solo = unit("solo")
    tree = OrgTree([solo])
    tree.remove(solo.id)
    assert len(tree) == 0 and tree.roots() == []


# --- property: no sequence of edits breaks the tree ---------------------------------------

def assert_sound(tree: OrgTree) -> None:
    seen: list[str] = []
    for root in tree.roots():
        assert root.parent_id is None
        seen.extend(x.id for x in tree.subtree(root.id))
    assert sorted(seen) == sorted(u.id for u in tree)  # reachable once each from a root
    for u in tree:
        chain = [a.id for a in tree.ancestors(u.id)]
        assert u.id not in chain and len(chain) == len(set(chain))
        for child in tree.children(u.id):
            assert child.parent_id == u.id


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_edits_never_make_a_cycle(data):
    n = data.draw(st.integers(1, 12), label="initial size")
    units: list[OrgUnit] = []
    for i in range(n):
        parent = data.draw(st.sampled_from([None, *units]), label=f"parent of u{i}")
        units.append(unit(f"u{i}", parent))
    order = data.draw(st.permutations(units), label="construction order")
    tree = OrgTree(order)
    assert_sound(tree)
    events: list[ChangeEvent] = []
    tree.events.subscribe(events.append)
    ops = data.draw(st.lists(st.tuples(st.sampled_from(["add", "move"]),
                                       st.integers(0, 10**6), st.integers(-1, 10**6)),
                             max_size=40), label="ops")
    for step, (op, a, b) in enumerate(ops):
        ids = [u.id for u in tree]
        target = None if b < 0 else ids[b % len(ids)]
        heard = len(events)
        if op == "add":
            new = OrgUnit(code=f"n{step}", name="N", kind="team", parent_id=target)
            tree.add(new)
            assert events[heard:] == [ChangeEvent(ChangeKind.ADDED, "org_unit", new.id)]
        else:
            mover = ids[a % len(ids)]
            in_subtree = {x.id for x in tree.subtree(mover)}
            if target is not None and target in in_subtree:
                before = snapshot(tree)
                with pytest.raises(CycleError):
                    tree.move(mover, target)
                assert snapshot(tree) == before and len(events) == heard
            else:
                old = tree.get(mover).parent_id
                tree.move(mover, target)
                assert tree.get(mover).parent_id == target
                assert events[heard:] == ([] if old == target else [ChangeEvent(
                    ChangeKind.CHANGED, "org_unit", mover, "parent_id", old, target)])
        assert_sound(tree)


def test_local_factors_accept_any_real_number_type():
    """numbers.Real, not just int/float: engines and importers may hand in numpy scalars."""
    from fractions import Fraction

    u = unit("x", factors={"customer_density": Fraction(3, 2)})
    assert u.factors["customer_density"] == 1.5
