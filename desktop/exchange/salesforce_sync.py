"""Salesforce opportunities into the workspace: incremental by ``SystemModstamp`` from a
stored watermark, deletions through ``queryAll``, owners mapped to org units, won/lost
from ``IsWon``/``IsClosed`` (never from stage names), and the stage-weighted forecast.

Connection settings (login URL, client id, flow) are kept in the workspace; the secret
and the refresh token only in the operating system's keyring — never in the workspace
file, the change log or any message.
"""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop.exchange.deals import DealRecord, plan_and_write
from desktop.exchange.report import (
    CancelFlag,
    ImportCancelled,
    ImportReport,
    Progress,
    report_progress,
)
from desktop.exchange.salesforce_client import Credentials, SalesforceClient, SalesforceError
from desktop.store import loads
from desktop.store.clock import day_number
from desktop.store.workspace import Workspace

SETTINGS_META = "crm.salesforce"
WATERMARK_META = "crm.salesforce.watermark"
KEYRING_SERVICE = "targetflow-salesforce"
OPPORTUNITY_FIELDS = ("Id", "Name", "StageName", "Amount", "Probability", "CloseDate",
                      "CreatedDate", "IsClosed", "IsWon", "IsDeleted", "OwnerId",
                      "LastModifiedDate", "SystemModstamp")
_USER_BATCH = 200  # ids per User query: keeps the SOQL well under its length limit


class CredentialStore(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...


def keyring_store() -> CredentialStore:
    try:
        import keyring
    except ImportError:
        raise SalesforceError("CRM credentials are kept only in the operating system's "
                              "keyring, and the 'keyring' package is not installed "
                              "(pip install keyring); nothing was synced") from None
    return keyring


def credentials_from(store: CredentialStore, login_url: str, client_id: str,
                     flow: str) -> Credentials:
    secret = store.get_password(KEYRING_SERVICE, client_id)
    refresh = (store.get_password(KEYRING_SERVICE, f"{client_id}:refresh_token")
               if flow == "refresh_token" else None)
    if flow == "refresh_token" and not refresh:
        raise SalesforceError(f"no refresh token for {client_id} in the keyring (service "
                              f"{KEYRING_SERVICE!r}, user '{client_id}:refresh_token')")
    if flow == "client_credentials" and not secret:
        raise SalesforceError(f"no client secret for {client_id} in the keyring (service "
                              f"{KEYRING_SERVICE!r}, user {client_id!r})")
    return Credentials(login_url, client_id, secret, refresh)


@dataclass(slots=True)
class SyncResult:
    fetched: int = 0
    deleted: int = 0
    report: ImportReport | None = None
    unmapped_owners: dict[str, str] = field(default_factory=dict)  # user id -> name/email
    forecast: float = 0.0  # won + Σ open amount × probability, of the deals fetched
    watermark: str | None = None

    def summary(self) -> str:
        r = self.report
        changed = (f"{r.added} new, {r.changed} changed" if r else "nothing")
        owners = (f"; {len(self.unmapped_owners)} owner(s) match no unit: "
                  + ", ".join(sorted(self.unmapped_owners.values())[:5])
                  if self.unmapped_owners else "")
        return (f"Salesforce: {self.fetched} opportunities fetched ({self.deleted} deleted): "
                f"{changed}; stage-weighted forecast {self.forecast:,.2f}; watermark "
                f"{self.watermark or 'none'}{owners}")

    def as_json(self) -> dict[str, Any]:
        return {"fetched": self.fetched, "deleted": self.deleted,
                "report": self.report.as_json() if self.report else None,
                "unmapped_owners": self.unmapped_owners, "forecast": self.forecast,
                "watermark": self.watermark}


def parse_datetime(text: str) -> dt.datetime:
    """Salesforce datetimes: ``2011-07-07T00:37:00.000+0000`` (UTC, offset without colon)."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


def soql_literal(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # unquoted in SOQL


def _check_cancel(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled("sync cancelled; nothing was changed")


def sync(ws: Workspace, client: SalesforceClient, *, full: bool = False,
         dry_run: bool = False, progress: Progress | None = None,
         cancel: CancelFlag | None = None) -> SyncResult:
    """``progress`` gets the stages login, fetch (by records fetched), owners, write.
    ``cancel`` is honoured until the write begins (between records and pages: nothing
    is written before then); the write itself is one short transaction."""
    watermark = None if full else ws.meta(WATERMARK_META)
    where = f" WHERE SystemModstamp > {watermark}" if watermark else ""
    soql = (f"SELECT {', '.join(OPPORTUNITY_FIELDS)} FROM Opportunity{where} "
            "ORDER BY SystemModstamp")
    report_progress(progress, "login", 0.02)
    records = []
    for record in client.query(soql, include_deleted=True):
        records.append(record)
        if progress is not None and len(records) % 500 == 1:
            total = max(client.total_size or 0, len(records))
            report_progress(progress, "fetch", 0.05 + 0.65 * len(records) / total)
        _check_cancel(cancel)  # before the next page is asked for
    result = SyncResult(fetched=len(records))
    owner_ids = sorted({r["OwnerId"] for r in records if r.get("OwnerId")})
    _check_cancel(cancel)
    report_progress(progress, "owners", 0.75)
    users = _users(client, owner_ids)
    unit_of = owners_to_units(ws, users)
    result.unmapped_owners = {u: (users[u].get("Email") or users[u].get("Name") or u)
                              for u in users if u not in unit_of}
    latest = watermark
    deals, deleted = [], []
    for r in records:
        stamp = parse_datetime(r["SystemModstamp"])
        literal = soql_literal(stamp)
        latest = literal if latest is None or literal > latest else latest
        modified = day_number(parse_datetime(r.get("LastModifiedDate")
                                             or r["SystemModstamp"]).date())
        if r.get("IsDeleted"):
            deleted.append((r["Id"], modified))
            continue
        deals.append(_deal(r, unit_of.get(r.get("OwnerId") or ""), modified))
    result.deleted = len(deleted)
    result.forecast = stage_weighted_forecast(deals)
    report = ImportReport("Salesforce", "opportunities", rows=len(records))
    meta = {WATERMARK_META: latest} if latest and latest != watermark else {}
    _check_cancel(cancel)
    report_progress(progress, "write", 0.85)
    plan_and_write(ws, deals, report, dry_run=dry_run, source="crm", origin="salesforce",
                   deleted=deleted, meta=meta)
    result.report, result.watermark = report, latest
    report_progress(progress, "done", 1.0)
    return result


def _deal(r: dict[str, Any], owner_unit_id: str | None, modified: int) -> DealRecord:
    created = parse_datetime(r["CreatedDate"]).date() if r.get("CreatedDate") else None
    close = dt.date.fromisoformat(r["CloseDate"]) if r.get("CloseDate") else None
    probability = r.get("Probability")
    won, closed = bool(r.get("IsWon")), bool(r.get("IsClosed"))
    if probability is None:  # a stage without a default probability
        probability = 100.0 if won else 0.0
    return DealRecord(r["Id"], r.get("Name") or r["Id"], owner_unit_id, None,
                      r.get("StageName") or "", float(probability) / 100.0,
                      float(r.get("Amount") or 0.0),  # Amount is nillable
                      day_number(created) if created else modified,
                      day_number(close) if close else None, won, closed, modified)


def stage_weighted_forecast(deals: Iterable[DealRecord]) -> float:
    """Won deals count in full, lost ones not at all, open ones at their probability."""
    return float(sum(d.amount if d.is_won else 0.0 if d.is_closed
                     else d.amount * d.probability for d in deals))


def _users(client: SalesforceClient, ids: list[str]) -> dict[str, dict[str, Any]]:
    users: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _USER_BATCH):
        quoted = ", ".join(f"'{i}'" for i in ids[start:start + _USER_BATCH]
                           if i.isalnum())  # ids are alphanumeric; nothing else is sent
        for u in client.query(f"SELECT Id, Name, Email FROM User WHERE Id IN ({quoted})"):
            users[u["Id"]] = u
    return users


def owners_to_units(ws: Workspace, users: dict[str, dict[str, Any]]) -> dict[str, str]:
    """User id -> unit id: the unit whose code is the user's e-mail (or its local part),
    else the one unit with the user's name."""
    with ws.read() as conn:
        org = loads.org_columns(conn)
    by_code = {c.casefold(): i for c, i in zip(org.code, org.id, strict=True)}
    names: dict[str, list[str]] = {}
    for name, uid in zip(org.name, org.id, strict=True):
        names.setdefault(name.casefold(), []).append(uid)
    out = {}
    for user_id, u in users.items():
        email = (u.get("Email") or "").casefold()
        found = by_code.get(email) or by_code.get(email.split("@")[0]) if email else None
        if found is None:
            same = names.get((u.get("Name") or "").casefold(), [])
            found = same[0] if len(same) == 1 else None
        if found is not None:
            out[user_id] = found
    return out


def sync_workspace(ws: Workspace, *, login_url: str | None = None,
                   client_id: str | None = None, flow: str | None = None,
                   full: bool = False, dry_run: bool = False,
                   store: CredentialStore | None = None) -> SyncResult:
    """The CLI's crm-sync: settings from the workspace (updated by the options given),
    secrets from the keyring."""
    saved = json.loads(ws.meta(SETTINGS_META) or "{}")
    settings = {"login_url": login_url or saved.get("login_url"),
                "client_id": client_id or saved.get("client_id"),
                "flow": flow or saved.get("flow") or "client_credentials"}
    if not settings["login_url"] or not settings["client_id"]:
        raise SalesforceError("no Salesforce connection set up: give --login-url and "
                              "--client-id once (the secret goes in the keyring)")
    creds = credentials_from(store or keyring_store(), settings["login_url"],
                             settings["client_id"], settings["flow"])
    if settings != saved and not dry_run:
        from desktop.store.fact_updates import set_meta

        with ws.transaction() as tx:
            set_meta(tx, SETTINGS_META, json.dumps(settings, sort_keys=True))
    return sync(ws, SalesforceClient(creds), full=full, dry_run=dry_run)
