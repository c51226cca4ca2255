"""Contract tests of the Salesforce connector against a local server on 127.0.0.1 that
serves the shapes of SALESFORCE_API_NOTES.md: token answers without expires_in, paging
by nextRecordsUrl, session expiry, error arrays, 5xx/429 retries, a dropped connection,
and a whole incremental sync into a workspace."""

import json

import pytest
from fake_salesforce import FakeSalesforce, fixture

from desktop.exchange.deals import DELETED_STAGE
from desktop.exchange.importer import run_import
from desktop.exchange.salesforce_client import Credentials, SalesforceClient, SalesforceError
from desktop.exchange.salesforce_sync import (
    WATERMARK_META,
    keyring_store,
    sync,
    sync_workspace,
)
from desktop.store import deals, loads

QUERY = "/services/data/v60.0/query"
QUERY_ALL = "/services/data/v60.0/queryAll"
EXPIRED = [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]


@pytest.fixture
def sf():
    with FakeSalesforce() as server:
        yield server


def client(sf, refresh=None, **kw):
    return SalesforceClient(Credentials(sf.url, "cid", "secret", refresh), sleep=lambda s: None,
                            timeout=5, **kw)


def test_client_credentials_login_and_paging(sf):
    sf.token()
    sf.add("GET", QUERY, 200, fixture("sobject_query_paginated_first_page_response"))
    sf.add("GET", "/services/data/v26.0/query/01gD", 200,
           fixture("sobject_query_paginated_last_page_response"))
    c = client(sf)
    labels = [r["Text_Label"] for r in c.query("SELECT Text_Label FROM Whizbang")]
    assert labels == ["First Page", "Last Page"]
    login = sf.requests[0]
    assert "grant_type=client_credentials" in login["body"]
    # the next page is fetched as given, with no query parameters, and with the token
    assert sf.requests[2]["path"] == "/services/data/v26.0/query/01gD"
    assert sf.requests[2]["auth"].startswith("Bearer 00Dx0000000BV7z!")


def test_absolute_next_page_on_the_same_host_and_refused_elsewhere(sf):
    sf.token()
    first = fixture("sobject_query_paginated_first_page_response")
    first["nextRecordsUrl"] = sf.url + "/services/data/v26.0/query/01gD"
    sf.add("GET", QUERY, 200, first)
    sf.add("GET", "/services/data/v26.0/query/01gD", 200,
           fixture("sobject_query_paginated_last_page_response"))
    assert len(list(client(sf).query("SELECT Id FROM Whizbang"))) == 2
    first["nextRecordsUrl"] = "https://elsewhere.example/query/next"
    sf.token()
    sf.add("GET", QUERY, 200, first)
    with pytest.raises(SalesforceError, match="another host"):
        list(client(sf).query("SELECT Id FROM Whizbang"))


def test_expired_session_refreshes_once_with_the_refresh_token(sf):
    sf.token()
    sf.add("GET", QUERY, 401, EXPIRED)
    sf.token("refresh_success_response")
    sf.add("GET", QUERY, 200, fixture("sobject_query_empty_response"))
    c = client(sf, refresh="rt-123")
    assert list(c.query("SELECT Id FROM Opportunity")) == []
    logins = [r for r in sf.requests if r["method"] == "POST"]
    assert len(logins) == 2 and "grant_type=refresh_token" in logins[1]["body"]
    assert sf.requests[-1]["auth"] == "Bearer refreshed_access_token"
    # a second 401 in a row is an error, not a loop
    sf.add("GET", QUERY, 401, EXPIRED)
    sf.token("refresh_success_response")
    sf.add("GET", QUERY, 401, EXPIRED)
    with pytest.raises(SalesforceError) as caught:
        list(c.query("SELECT Id FROM Opportunity"))
    assert caught.value.code == "INVALID_SESSION_ID"


def test_error_answers(sf):
    sf.token("auth_error_response", status=400)
    with pytest.raises(SalesforceError, match="Invalid Password") as caught:
        client(sf).login()
    assert caught.value.code == "invalid_grant"
    sf.token()
    sf.add("GET", QUERY, 400, fixture("sobject_query_error_response"))
    with pytest.raises(SalesforceError, match="INVALID_FIELD") as caught:
        list(client(sf).query("SELECT foo FROM Bar"))
    assert caught.value.status == 400
    assert "secret" not in str(caught.value) and "00Dx" not in str(caught.value)


def test_retries_on_5xx_429_and_a_connection_dropped_mid_page(sf):
    sf.token()
    sf.add("GET", QUERY, 503, [{"message": "busy", "errorCode": "SERVER_UNAVAILABLE"}])
    sf.add("GET", QUERY, 429, [{"message": "slow down", "errorCode": "REQUEST_LIMIT"}])
    sf.add("GET", QUERY, 200, fixture("sobject_query_success_response"), drop=True)
    sf.add("GET", QUERY, 200, fixture("sobject_query_success_response"))
    waits = []
    c = SalesforceClient(Credentials(sf.url, "cid", "secret"), sleep=waits.append, timeout=5)
    records = list(c.query("SELECT Id FROM Whizbang"))
    assert records[0]["Picklist_Multiselect_Label"] == "four;six"
    assert waits == [0.5, 1.0, 2.0]  # exponential backoff
    for _ in range(5):
        sf.add("GET", QUERY, 500, [{"message": "down", "errorCode": "UNKNOWN"}])
    with pytest.raises(SalesforceError, match="after 5 tries"):
        list(c.query("SELECT Id FROM Whizbang"))


def opportunity(i, stage, amount, won, closed, prob, stamp, owner="005A", deleted=False):
    return {"attributes": {"type": "Opportunity", "url": f"/x/006{i}"}, "Id": f"006{i}",
            "Name": f"Deal {i}", "StageName": stage, "Amount": amount, "Probability": prob,
            "CloseDate": "2024-03-31", "CreatedDate": "2024-01-03T09:00:00.000+0000",
            "IsClosed": closed, "IsWon": won, "IsDeleted": deleted, "OwnerId": owner,
            "LastModifiedDate": stamp, "SystemModstamp": stamp}


def test_incremental_sync_into_the_workspace(ws, sf, tmp_path):
    org = tmp_path / "org.csv"
    org.write_text("code,parent,name\nHQ,,Head office\njane@example.com,HQ,Jane Rep\n")
    run_import(ws, "org", org)
    sf.token()
    page1 = {"totalSize": 3, "done": False, "nextRecordsUrl": "/services/data/v60.0/query/c-2",
             "records": [opportunity(1, "Closed Won", 55555.0, True, True, 100,
                                     "2024-02-15T17:04:11.000+0000"),
                         opportunity(2, "Prospecting", None, False, False, 10,
                                     "2024-01-03T09:00:00.000+0000")]}
    page2 = {"totalSize": 3, "done": True,
             "records": [opportunity(3, "Negotiation", 1000, False, False, 60,
                                     "2024-02-01T00:00:00.000+0000", owner="005B")]}
    sf.add("GET", QUERY_ALL, 200, page1)
    sf.add("GET", "/services/data/v60.0/query/c-2", 200, page2)
    users = {"totalSize": 2, "done": True, "records": [
        {"attributes": {"type": "User"}, "Id": "005A", "Name": "Jane Rep",
         "Email": "JANE@example.com"},
        {"attributes": {"type": "User"}, "Id": "005B", "Name": "Nobody", "Email": None}]}
    sf.add("GET", QUERY, 200, users)
    result = sync(ws, client(sf))
    assert result.fetched == 3 and result.report.added == 3
    assert result.forecast == pytest.approx(55555.0 + 0.0 + 600.0)  # won + open × p
    assert result.unmapped_owners == {"005B": "Nobody"}
    assert ws.meta(WATERMARK_META) == "2024-02-15T17:04:11Z"
    with ws.read() as conn:
        stored = deals.opportunities_by_crm_id(conn)
        org_cols = loads.org_columns(conn)
    jane = org_cols.id[org_cols.code.index("jane@example.com")]
    assert stored["0061"]["owner_unit_id"] == jane and stored["0061"]["is_won"]
    assert stored["0062"]["amount"] == 0.0 and stored["0063"]["owner_unit_id"] is None

    # next run: only what changed since the watermark, a deletion among it
    sf.token()
    sf.add("GET", QUERY_ALL, 200, {"totalSize": 2, "done": True, "records": [
        opportunity(2, "Negotiation", 800, False, False, 60, "2024-03-01T00:00:00.000+0000"),
        opportunity(3, "Negotiation", 1000, False, False, 60, "2024-03-02T00:00:00.000+0000",
                    owner="005B", deleted=True)]})
    sf.add("GET", QUERY, 200, users)
    result = sync(ws, client(sf))
    soql = [r["path"] for r in sf.requests if r["path"].startswith(QUERY_ALL)][-1]
    assert "SystemModstamp+%3E+2024-02-15T17%3A04%3A11Z" in soql
    assert (result.report.added, result.report.changed, result.deleted) == (0, 2, 1)
    with ws.read() as conn:
        stored = deals.opportunities_by_crm_id(conn)
    assert stored["0063"]["stage"] == DELETED_STAGE and stored["0063"]["is_closed"]
    assert ws.meta(WATERMARK_META) == "2024-03-02T00:00:00Z"


class MemoryKeyring:
    def __init__(self, secrets):
        self.secrets = secrets

    def get_password(self, service, user):
        return self.secrets.get((service, user))


def test_sync_workspace_takes_secrets_from_the_keyring_only(ws, sf):
    sf.token()
    sf.add("GET", QUERY_ALL, 200, fixture("sobject_query_empty_response"))
    store = MemoryKeyring({("targetflow-salesforce", "cid"): "top-secret-value"})
    result = sync_workspace(ws, login_url=sf.url, client_id="cid", store=store)
    assert result.fetched == 0
    assert "client_secret=top-secret-value" in sf.requests[0]["body"]
    assert json.loads(ws.meta("crm.salesforce"))["client_id"] == "cid"
    ws.close()
    assert b"top-secret-value" not in ws.path.read_bytes()
    with pytest.raises(SalesforceError, match="no client secret"):
        sync_workspace(ws, store=MemoryKeyring({}))


def test_without_the_keyring_package_credentials_are_refused(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_keyring(name, *args, **kw):
        if name == "keyring":
            raise ImportError(name)
        return real(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_keyring)
    with pytest.raises(SalesforceError, match="keyring"):
        keyring_store()
