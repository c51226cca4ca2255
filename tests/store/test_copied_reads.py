"""The review's reads through their copies (store/copied_reads) give exactly what the
table reads give — fresh and from the copy — and the demo generator leaves the copies
warm, so its first review reads no table row by row."""

import dataclasses
import datetime as dt

import numpy as np
import pytest

from desktop.demo import generate
from desktop.services import review
from desktop.services.case_figures import ACTIVITIES
from desktop.store import cascade_reads, copied_reads, fact_arrays, fact_cache, loads
from desktop.store.column_copies import CopyReader, copies_dir
from desktop.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("copies") / "demo.tfw"
    generate(path)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b, strict=True)))
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name))
                   for f in dataclasses.fields(a))
    return type(a) is type(b) and a == b


def _copied(ws, read):
    with ws.read() as conn:
        return read(CopyReader(ws, conn))


def test_the_demo_generator_leaves_the_copies_warm(demo, monkeypatch):
    names = {p.name for p in copies_dir(demo.path).iterdir()}
    assert {"org", "unit_factors", "acknowledgements", "spend", "cascade_nodes",
            "cascade_node_ids"} <= names
    assert fact_cache.cache_path(demo.path).exists()

    def no_table(*_args, **_kwargs):
        pytest.fail("a table was read row by row")

    for name in ("org_columns", "unit_factor_columns"):
        monkeypatch.setattr(loads, name, no_table)
    for name in ("actual_rows", "acknowledgements", "incentive_spend", "deal_events"):
        monkeypatch.setattr(fact_arrays, name, no_table)
    monkeypatch.setattr(fact_cache, "actual_rows", no_table)
    inputs = review.review_inputs(demo)
    assert len(inputs.org.ids) == 112 and len(inputs.actuals) > 0


@pytest.mark.parametrize("twice", [False, True], ids=["fresh", "from the copy"])
def test_copied_reads_give_the_tables(demo, twice):
    if not twice:
        for path in copies_dir(demo.path).iterdir():
            path.unlink()
    with demo.read() as conn:
        tables = {
            "org": loads.org_columns(conn),
            "factors": loads.unit_factor_columns(conn),
            "acks": fact_arrays.acknowledgements(conn),
            "spend": fact_arrays.incentive_spend(conn),
            "events": fact_arrays.deal_events(conn, ACTIVITIES),
            "node_units": cascade_reads.node_units(conn),
            "structures": [cascade_reads.cascade_structure(conn, c.id)
                           for c in loads.cascade_headers(conn)]}
    nodes = _copied(demo, copied_reads.cascade_nodes)
    copied = {
        "org": _copied(demo, copied_reads.org_columns),
        "factors": _copied(demo, copied_reads.unit_factor_columns),
        "acks": _copied(demo, copied_reads.acknowledgements),
        "spend": _copied(demo, copied_reads.incentive_spend),
        "events": _copied(demo, lambda c: copied_reads.deal_events(c, ACTIVITIES)),
        "node_units": nodes.node_units(),
        "structures": [nodes.structure(c) for c in nodes.cascade_ids.values()]}
    assert len(tables["structures"]) == 2 and len(tables["acks"]) and len(tables["spend"])
    for name, value in tables.items():
        assert _same(value, copied[name]), name


def test_the_review_is_the_same_from_the_copies(demo):
    now = dt.datetime(2025, 6, 20, tzinfo=dt.UTC)
    for path in copies_dir(demo.path).iterdir():
        path.unlink()
    fresh = review.load_review(demo, now)
    again = review.load_review(demo, now)
    assert _same(fresh, again)


def test_a_staged_review_ends_as_the_whole_review(demo):
    """The latest period first (its won deals left to the next stage), then the rest."""
    now = dt.datetime(2025, 6, 20, tzinfo=dt.UTC)
    whole = review.load_review(demo, now)
    inputs = review.review_inputs(demo)
    first = review.load_review(demo, now, latest=1, inputs=inputs)
    assert first.pending and first.periods[-1].deals is None
    staged = review.load_review(demo, now, inputs=inputs, loaded=first)
    assert not staged.pending and staged.periods[-1].deals_query is None
    assert _same(whole, staged)
