"""The demo company's shape (SPEC §1, §7): org tree, catalogue, rule, cascades."""

import json
import re

from desktop.demo import generate
from desktop.store import loads
from desktop.store.workspace import Workspace


def test_org_tree_has_the_companys_shape(demo_db):
    kinds = dict(demo_db.execute("SELECT kind, count(*) FROM org_unit GROUP BY kind"))
    assert kinds == {"company": 1, "region": 6, "team": 18, "person": 87}
    codes = [c for (c,) in demo_db.execute("SELECT code FROM org_unit")]
    assert "HQ" in codes and {"R-EAST", "R-SOUTH"} <= set(codes)
    assert all(re.fullmatch(r"HQ|R-[A-Z]+|T-[A-Z]+-\d+|P-\d{4}", c) for c in codes)
    # every rep sits in a team, every team in a region, every region under HQ
    pairs = set(demo_db.execute("""SELECT c.kind, p.kind FROM org_unit c
                                   LEFT JOIN org_unit p ON p.key = c.parent_key"""))
    assert pairs == {("company", None), ("region", "company"), ("team", "region"),
                     ("person", "team")}


def test_units_carry_manager_headcount_and_both_factors(demo_db):
    assert demo_db.execute("SELECT count(*) FROM org_unit WHERE manager = ''").fetchone() == (0,)
    factors = dict(demo_db.execute("SELECT factor, count(*) FROM unit_factor GROUP BY factor"))
    assert factors == {"customer_density": 112, "competition_intensity": 112}
    regional = demo_db.execute("""SELECT count(DISTINCT f.value) FROM unit_factor f
        JOIN org_unit u ON u.key = f.unit_key WHERE u.kind = 'region'""").fetchone()[0]
    assert regional >= 10  # regions differ
    hq, regions = demo_db.execute("""SELECT (SELECT headcount FROM org_unit WHERE kind='company'),
        (SELECT sum(headcount) FROM org_unit WHERE kind='region')""").fetchone()
    assert hq > regions > 87


def test_catalogue(demo_db):
    metrics = {code: (unit, agg, dim) for code, unit, agg, dim in demo_db.execute(
        """SELECT m.code, m.unit, m.aggregation, d.code FROM metric m
           JOIN dimension d ON d.key = m.dimension_key""")}
    assert metrics == {"collections": ("CNY", "sum", "finance"),
                       "contracts": ("count", "sum", "sales"),
                       "activity": ("count", "sum", "sales"),
                       "high_margin_share": ("%", "ratio", "product")}
    periods = list(demo_db.execute("SELECT code, start_date, end_date FROM period ORDER BY 1"))
    assert periods == [("2025-Q1", "2025-01-01", "2025-03-31"),
                       ("2025-Q2", "2025-04-01", "2025-06-30")]
    lines = dict(demo_db.execute("SELECT code, high_margin FROM product_line"))
    assert sum(lines.values()) == 1 and lines["CAP"] == 1


def test_objectives_shift_toward_product_and_switch_the_strategic_line(demo_path):
    with Workspace.open(demo_path) as ws, ws.read() as conn:
        objectives = {o.code: o for o in loads.objectives(conn)}
        dims = {d.id: d.code for d in loads.dimensions(conn)}
        lines = {p.id: p for p in loads.product_lines(conn)}
    q1, q2 = objectives["OBJ-2025-Q1"], objectives["OBJ-2025-Q2"]
    w1 = {dims[k]: v for k, v in q1.dimension_weights.items()}
    w2 = {dims[k]: v for k, v in q2.dimension_weights.items()}
    assert w1 == {"finance": 0.40, "sales": 0.35, "product": 0.25}
    assert w2["product"] > w1["product"]
    assert [lines[i].high_margin for i in q2.strategic_product_lines] == [True]
    assert q1.strategic_product_lines.isdisjoint(q2.strategic_product_lines)


def test_rule_template_is_on_every_edge(demo_path):
    with Workspace.open(demo_path) as ws, ws.read() as conn:
        rules = loads.rules(conn)
        metrics = {m.id for m in loads.metrics(conn)}
        cascades = loads.cascades(conn)
        tree = loads.org_tree(conn)
    assert len(rules) == 1
    rule = rules[0]
    assert rule.is_template and rule.alpha == 0.70 and rule.beta > 0
    assert rule.name.startswith("Standard regional rule: 70% inherited")
    assert rule.factors() == ["competition_intensity", "customer_density"]
    assert all(set(row) == metrics for row in rule.tilt.values())
    assert len(cascades) == 2
    for cascade in cascades:
        assert all(e.rule_id == rule.id for e in cascade.edges.values())
        assert len(cascade.edges) == len(tree) - 1


def test_one_cascade_per_period_with_a_node_per_unit_following_the_tree(demo_path):
    with Workspace.open(demo_path) as ws, ws.read() as conn:
        cascades = loads.cascades(conn)
        periods = {p.id: p.code for p in loads.periods(conn)}
        tree = loads.org_tree(conn)
    assert sorted(periods[c.period_id] for c in cascades) == ["2025-Q1", "2025-Q2"]
    for cascade in cascades:
        unit_of = {n.id: n.unit_id for n in cascade.nodes.values()}
        assert sorted(unit_of.values()) == sorted(u.id for u in tree)
        for child, edge in cascade.edges.items():
            assert tree.get(unit_of[child]).parent_id == unit_of[edge.parent_node_id]
        roots = cascade.roots()
        assert [tree.get(unit_of[r]).code for r in roots] == ["HQ"]
        assert len(cascade.topological()) == len(tree)
        # only the company node has (locked) targets; the engine computes the rest
        with_overrides = [n for n in cascade.nodes.values() if n.overrides]
        assert [n.id for n in with_overrides] == roots
        assert len(with_overrides[0].overrides) == 4
        assert all(o.locked for o in with_overrides[0].overrides.values())
        # a tidy layout: parents above children
        for child, edge in cascade.edges.items():
            assert cascade.nodes[edge.parent_node_id].y < cascade.nodes[child].y


def test_no_computed_targets_or_summaries_are_stored(demo_db):
    assert demo_db.execute("SELECT count(*) FROM version_target").fetchone() == (0,)
    assert demo_db.execute("SELECT count(*) FROM target_override").fetchone() == (8,)


def test_versions_and_acknowledgements(demo_db):
    versions = list(demo_db.execute("""SELECT p.code, v.number, v.published_at
        FROM cascade_version v JOIN cascade c ON c.key = v.cascade_key
        JOIN period p ON p.key = c.period_key ORDER BY v.published_at"""))
    assert [(p, n) for p, n, _ in versions] == [("2025-Q1", 1), ("2025-Q1", 2), ("2025-Q2", 1)]
    late = demo_db.execute("""SELECT count(*) FROM acknowledgement a
        JOIN cascade_version v ON v.key = a.version_key
        WHERE a.acknowledged_at < v.published_at""").fetchone()[0]
    assert late == 0


def test_summary_reads_well(tmp_path):
    summary = generate(tmp_path / "s.tfw")
    text = str(summary)
    assert text.startswith("1 company, 6 regions, 18 teams, 87 reps")
    assert "9 048 actuals" in text


def test_change_log_records_the_entities(demo_db):
    logged = dict(demo_db.execute("SELECT entity, count(*) FROM change_log GROUP BY entity"))
    assert logged["org_unit"] == 112 and logged["fact_batch"] == 3
    value = demo_db.execute("SELECT new_value FROM change_log WHERE entity = 'rule'").fetchone()
    assert json.loads(value[0])["is_template"] is True
