"""A Salesforce sync cancelled between pages writes nothing: no deal, no watermark, the
workspace file byte-identical; the next sync then runs whole."""

import threading
from pathlib import Path

import pytest
from fake_salesforce import FakeSalesforce
from test_salesforce import QUERY, QUERY_ALL, client, opportunity

from desktop.exchange.report import ImportCancelled
from desktop.exchange.salesforce_sync import WATERMARK_META, sync
from desktop.store import deals


@pytest.fixture
def sf():
    with FakeSalesforce() as server:
        yield server


def _pages(sf):
    sf.token()
    sf.add("GET", QUERY_ALL, 200, {
        "totalSize": 2, "done": False, "nextRecordsUrl": "/services/data/v60.0/query/c-2",
        "records": [opportunity(1, "Closed Won", 500.0, True, True, 100,
                                "2024-02-15T17:04:11.000+0000")]})
    sf.add("GET", "/services/data/v60.0/query/c-2", 200, {
        "totalSize": 2, "done": True,
        "records": [opportunity(2, "Prospecting", 80.0, False, False, 10,
                                "2024-02-16T09:00:00.000+0000")]})
    sf.add("GET", QUERY, 200, {"totalSize": 0, "done": True, "records": []})


def _bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_a_sync_cancelled_mid_fetch_changes_nothing(ws, sf):
    _pages(sf)
    ws.close()  # checkpoint: compare the file's bytes from here
    before = _bytes(ws.path)
    cancel = threading.Event()
    stages = []

    def progress(stage, _fraction):
        stages.append(stage)
        if stage == "fetch":  # the first page is in: the user presses Cancel
            cancel.set()

    with pytest.raises(ImportCancelled, match="sync cancelled; nothing was changed"):
        sync(ws, client(sf), progress=progress, cancel=cancel)
    assert "write" not in stages
    # the second page was never asked for
    assert not any(r["path"].endswith("/query/c-2") for r in sf.requests)
    ws.close()
    assert _bytes(ws.path) == before
    assert ws.meta(WATERMARK_META) is None
    with ws.read() as conn:
        assert deals.opportunities_by_crm_id(conn) == {}
    # not cancelled: the same sync runs whole
    sf.requests.clear()
    _pages(sf)
    result = sync(ws, client(sf), cancel=threading.Event())
    assert result.fetched == 2 and result.report.added == 2
    assert ws.meta(WATERMARK_META) == "2024-02-16T09:00:00Z"
