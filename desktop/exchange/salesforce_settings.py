"""The Salesforce connection as the settings dialog sees it: login URL, client id and flow
(kept in the workspace), the client secret and refresh token (kept only in the operating
system's keyring, through ``salesforce_sync.keyring_store``), a connection test, and a
sync with progress. No Qt: the dialog runs these on the document's worker pool.

A secret typed into the dialog is used from memory when the keyring cannot keep it; it is
never written to the workspace, the change log or a message.
"""

import json
from dataclasses import dataclass

from desktop.exchange import salesforce_sync
from desktop.exchange.report import CancelFlag, Progress, report_progress
from desktop.exchange.salesforce_client import Credentials, SalesforceClient, SalesforceError
from desktop.store.workspace import Workspace

FLOWS = ("client_credentials", "refresh_token")
DEFAULT_LOGIN_URL = "https://login.salesforce.com"


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    login_url: str = DEFAULT_LOGIN_URL
    client_id: str = ""
    flow: str = "client_credentials"

    def as_meta(self) -> str:
        return json.dumps({"login_url": self.login_url, "client_id": self.client_id,
                           "flow": self.flow}, sort_keys=True)


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    instance_url: str
    opportunities: int | None  # how many the connected user can see


def load_settings(ws: Workspace) -> ConnectionSettings:
    saved = json.loads(ws.meta(salesforce_sync.SETTINGS_META) or "{}")
    flow = saved.get("flow") if saved.get("flow") in FLOWS else FLOWS[0]
    return ConnectionSettings(saved.get("login_url") or DEFAULT_LOGIN_URL,
                              saved.get("client_id") or "", flow)


def save_settings(ws: Workspace, settings: ConnectionSettings) -> bool:
    """Store the non-secret settings in the workspace; False when nothing changed."""
    validate(settings)
    if ws.meta(salesforce_sync.SETTINGS_META) == settings.as_meta():
        return False
    from desktop.store.fact_updates import set_meta

    with ws.transaction() as tx:
        set_meta(tx, salesforce_sync.SETTINGS_META, settings.as_meta())
    return True


def validate(settings: ConnectionSettings) -> None:
    if not settings.login_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise SalesforceError("the login URL must start with https://")
    if not settings.client_id.strip():
        raise SalesforceError("the client id (consumer key) is empty")
    if settings.flow not in FLOWS:
        raise SalesforceError(f"unknown flow {settings.flow!r}")


def keyring_problem() -> str | None:
    """Why secrets cannot be kept in the keyring — ``not_installed`` (no keyring package)
    or ``no_service`` (no keyring service on this system) — or None when they can."""
    try:
        store = salesforce_sync.keyring_store()
    except SalesforceError:
        return "not_installed"
    get_keyring = getattr(store, "get_keyring", None)  # the keyring package itself
    if get_keyring is not None and type(get_keyring()).__module__.endswith("backends.fail"):
        return "no_service"
    return None


def store_secrets(settings: ConnectionSettings, secret: str | None,
                  refresh_token: str | None) -> None:
    """Put what was typed into the keyring (nothing typed: nothing changes)."""
    if not secret and not refresh_token:
        return
    store = salesforce_sync.keyring_store()
    service, user = salesforce_sync.KEYRING_SERVICE, settings.client_id
    try:
        if secret:
            store.set_password(service, user, secret)
        if refresh_token:
            store.set_password(service, f"{user}:refresh_token", refresh_token)
    except Exception as exc:  # any backend failure; its text never holds the secret
        raise SalesforceError(f"the keyring refused the secret ({type(exc).__name__})"
                              ) from None


class _Typed:
    """What was typed in the dialog first, then the keyring (when there is one)."""

    def __init__(self, settings: ConnectionSettings, secret: str | None,
                 refresh_token: str | None) -> None:
        user = settings.client_id
        self.typed = {user: secret, f"{user}:refresh_token": refresh_token}

    def get_password(self, service: str, username: str) -> str | None:
        if self.typed.get(username):
            return self.typed[username]
        try:
            store = salesforce_sync.keyring_store()
        except SalesforceError:
            return None
        return store.get_password(service, username)


def credentials(settings: ConnectionSettings, secret: str | None = None,
                refresh_token: str | None = None) -> Credentials:
    validate(settings)
    return salesforce_sync.credentials_from(_Typed(settings, secret, refresh_token),
                                            settings.login_url, settings.client_id,
                                            settings.flow)


def check_connection(creds: Credentials, *, client: SalesforceClient | None = None
                    ) -> ConnectionCheck:
    """Sign in and count the opportunities the user can see (one small request)."""
    client = client or SalesforceClient(creds, timeout=20.0, retries=1)
    client.login()
    answer = client.get(f"/services/data/{client.api_version}/query?q=SELECT+COUNT()+"
                        "FROM+Opportunity")
    total = answer.get("totalSize") if isinstance(answer, dict) else None
    return ConnectionCheck(client.instance_url or creds.login_url,
                           int(total) if isinstance(total, int) else None)


def sync_now(ws: Workspace, settings: ConnectionSettings, creds: Credentials, *,
             progress: Progress | None = None, client: SalesforceClient | None = None,
             cancel: CancelFlag | None = None) -> salesforce_sync.SyncResult:
    """Save the settings, then an incremental sync (watermark and deals in one
    transaction). A cancel stops it before anything of the sync is written."""
    report_progress(progress, "login", 0.0)
    save_settings(ws, settings)
    return salesforce_sync.sync(ws, client or SalesforceClient(creds), progress=progress,
                                cancel=cancel)
