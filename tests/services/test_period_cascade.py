"""The reader's cascade (services/period_cascade: columns straight into engine arrays)
against the designer's (services/cascade_context: domain objects): the same arrays, so
tracking, health and the review compute the same targets as the designer shows."""

import dataclasses
import datetime as dt

import numpy as np

from desktop.domain.errors import UnknownEntityError
from desktop.services.cascade_context import load_context
from desktop.services.period_cascade import load_period_cascade
from desktop.store import fact_arrays, loads
from tests.services.small_company import build


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return (a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name))
                   for f in dataclasses.fields(a))
    return a == b


def test_columns_give_the_designers_arrays(tmp_path):
    ws = build(tmp_path / "small.tfw")
    designer = load_context(ws).arrays()
    reader = load_period_cascade(ws)
    assert designer.n > 1 and reader.arrays().override[0].any()
    for field in dataclasses.fields(designer):
        assert _same(getattr(designer, field.name), getattr(reader.arrays(), field.name)), (
            field.name)
    with ws.read() as conn:
        units = dict(zip(*loads.unit_columns(conn)[:2], strict=True))
    assert [units[k] for k in reader.unit_keys().tolist()] == designer.unit_ids


def test_unknown_period_is_refused(tmp_path):
    ws = build(tmp_path / "small.tfw")
    try:
        load_period_cascade(ws, "1999-Q1")
    except UnknownEntityError:
        return
    raise AssertionError("an unknown period must be refused")


def test_acknowledgement_moments_are_the_datetimes_timestamps(tmp_path):
    from desktop.services import acknowledgements
    from desktop.services import cascade as service

    ws = build(tmp_path / "small.tfw")
    service.publish(ws, "targets", at=dt.datetime(2025, 4, 1, 8, tzinfo=dt.UTC))
    acknowledgements.acknowledge(ws, "R-E", at=dt.datetime(2025, 4, 3, 9, 15, 7, 123000,
                                                               tzinfo=dt.UTC))
    acknowledgements.acknowledge(ws, "HQ", at=dt.datetime(2025, 4, 2, tzinfo=dt.UTC))
    with ws.transaction("test") as tx:  # a moment spelt otherwise (an import) still reads
        tx.conn.exec_driver_sql(
            "UPDATE acknowledgement SET acknowledged_at = '2025-04-02T10:00:00.5+02:00' "
            "WHERE key = (SELECT max(key) FROM acknowledgement)")
    with ws.read() as conn:
        columns = fact_arrays.acknowledgements(conn)
        objects = loads.acknowledgements(conn)
    assert len(objects) == 2
    assert [a.acknowledged_at.timestamp() for a in objects] == columns.at.tolist()
