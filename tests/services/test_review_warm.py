"""After a file import the review's copies are brought up to date by the importer (on its
own thread), so the next review reads no table; a warm-up that cannot be done costs
only time, never the import."""

import pytest

from desktop.demo import generate
from desktop.exchange.importer import run_import
from desktop.services import review
from desktop.store import fact_arrays, fact_cache, loads
from desktop.store.workspace import Workspace


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.tfw"
    generate(path)
    ws = Workspace.open(path)
    yield ws
    ws.close()


def _no_table_reads(monkeypatch):
    def no_table(*_args, **_kwargs):
        pytest.fail("a table was read row by row")

    monkeypatch.setattr(fact_cache, "actual_rows", no_table)
    for name in ("acknowledgements", "incentive_spend", "deal_events"):
        monkeypatch.setattr(fact_arrays, name, no_table)
    monkeypatch.setattr(loads, "org_columns", no_table)


def test_an_actuals_import_warms_the_review(demo, tmp_path, monkeypatch):
    with demo.read() as conn:
        unit = loads.org_columns(conn).code[-1]
        metric = loads.metrics(conn)[0].code
    csv = tmp_path / "more.csv"
    csv.write_text(f"unit,metric,date,value\n{unit},{metric},2025-06-27,12.5\n")
    stages = []
    report = run_import(demo, "actuals", csv, progress=lambda s, _f: stages.append(s))
    assert report.written and "preparing the review" in stages
    _no_table_reads(monkeypatch)
    inputs = review.review_inputs(demo)
    assert 12.5 in inputs.actuals.between(None, None).value.tolist()


def test_a_failed_warm_up_does_not_fail_the_writer(demo, monkeypatch):
    def broken(_ws):
        raise RuntimeError("no copies today")

    monkeypatch.setattr(review, "review_inputs", broken)
    assert review.warm(demo) is False


def test_a_bug_in_the_warm_up_is_reported_a_bad_file_is_not(demo, monkeypatch, caplog):
    import logging

    from desktop.store.errors import WorkspaceError

    def bug(_ws):
        raise AttributeError("a bug in the review's reads")

    monkeypatch.setattr(review, "review_inputs", bug)
    with caplog.at_level(logging.INFO, logger=review.log.name):
        assert review.warm(demo) is False
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is not None

    def no_cascade(ws):
        raise WorkspaceError(ws.path, "no period has a cascade")

    caplog.clear()
    monkeypatch.setattr(review, "review_inputs", no_cascade)
    with caplog.at_level(logging.INFO, logger=review.log.name):
        assert review.warm(demo) is False
    [record] = caplog.records
    assert record.levelno == logging.INFO and record.exc_info is None
