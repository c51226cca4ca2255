"""Acknowledging versions; who is current and how long each unit took."""

import datetime as dt

import pytest

from desktop.domain.errors import InvalidValueError
from desktop.services import acknowledgements as acks
from desktop.services import cascade as service
from tests.services.small_company import build

T0 = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ws(tmp_path):
    workspace = build(tmp_path / "small.tfw")
    yield workspace
    workspace.close()


def test_latency_and_current_version_per_unit(ws):
    service.publish(ws, "Q2 switch", at=T0)
    acks.acknowledge(ws, "R-E", at=T0 + dt.timedelta(hours=30))
    acks.acknowledge(ws, "R-S", at=T0 + dt.timedelta(days=9))
    by_code = {s.unit_code: s for s in acks.status(ws, now=T0 + dt.timedelta(days=10))}
    assert by_code["R-E"].current and by_code["R-E"].latency_days == pytest.approx(1.25)
    assert by_code["R-S"].latency_days == pytest.approx(9.0)
    assert not by_code["R-N"].current and by_code["R-N"].pending_days == pytest.approx(10.0)
    service.publish(ws, "mid-quarter tweak", at=T0 + dt.timedelta(days=20))
    later = {s.unit_code: s for s in acks.status(ws, now=T0 + dt.timedelta(days=21))}
    assert later["R-E"].latest_version == 2 and later["R-E"].acknowledged_version == 1
    assert later["R-E"].pending_days == pytest.approx(1.0)


def test_acknowledgement_rules(ws):
    with pytest.raises(InvalidValueError, match="no published version"):
        acks.acknowledge(ws, "R-E", at=T0)
    service.publish(ws, "v1", at=T0)
    with pytest.raises(InvalidValueError, match="cannot come before"):
        acks.acknowledge(ws, "R-E", at=T0 - dt.timedelta(hours=1))
    acks.acknowledge(ws, "R-E", at=T0 + dt.timedelta(hours=1))
    with pytest.raises(InvalidValueError, match="already acknowledged version 1"):
        acks.acknowledge(ws, "R-E", at=T0 + dt.timedelta(hours=2))
    with pytest.raises(Exception, match="no version 7"):
        acks.acknowledge(ws, "R-S", number=7, at=T0 + dt.timedelta(hours=2))
