"""A small Salesforce REST client on the standard library: OAuth 2 token (client
credentials or refresh token), SOQL with ``nextRecordsUrl`` paging, one re-login on a
401 ``INVALID_SESSION_ID``, and retries with backoff on 5xx, 429, timeouts and dropped
connections. The contract it follows is shared/data/external/SALESFORCE_API_NOTES.md.

Every loop is bounded (pages, retries, re-logins), and a page link may only point back
to the instance the token was issued for: the token is never sent anywhere else.
"""

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

API_VERSION = "v60.0"
MAX_PAGES = 100_000  # 200 million records at 2 000 a page: far beyond any org
_RETRY_STATUS = {429, 500, 502, 503, 504}


class SalesforceError(Exception):
    """A refusal by Salesforce (or no answer after the retries); ``code`` is its errorCode
    or OAuth error. Messages never contain a token or a secret."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None):
        self.status, self.code = status, code
        super().__init__(message)


@dataclass(slots=True)
class Credentials:
    login_url: str  # https://login.salesforce.com, a My Domain, or a test server
    client_id: str
    client_secret: str | None = None
    refresh_token: str | None = None  # set: the refresh-token flow; unset: client credentials

    def __repr__(self) -> str:  # keep secrets out of tracebacks and logs
        return f"Credentials(login_url={self.login_url!r}, client_id={self.client_id!r})"


class SalesforceClient:
    def __init__(self, credentials: Credentials, *, api_version: str = API_VERSION,
                 timeout: float = 30.0, retries: int = 4, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.credentials = credentials
        self.api_version = api_version
        self.timeout, self.retries, self.backoff, self.sleep = timeout, retries, backoff, sleep
        self._token: str | None = None
        self.instance_url: str | None = None
        self.logins = 0
        self.total_size: int | None = None  # the last query's totalSize

    # --- OAuth ------------------------------------------------------------------------
    def login(self) -> None:
        c = self.credentials
        form = {"client_id": c.client_id}
        if c.refresh_token:
            form.update(grant_type="refresh_token", refresh_token=c.refresh_token)
        else:
            form["grant_type"] = "client_credentials"
        if c.client_secret:
            form["client_secret"] = c.client_secret
        body = urllib.parse.urlencode(form).encode()
        url = c.login_url.rstrip("/") + "/services/oauth2/token"
        status, data = self._send("POST", url, body,
                                  {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 200 or not isinstance(data, dict) or "access_token" not in data:
            error = data.get("error") if isinstance(data, dict) else None
            detail = data.get("error_description") if isinstance(data, dict) else None
            raise SalesforceError(f"login refused: {detail or error or f'HTTP {status}'}",
                                  status, error)
        # No expires_in in the answer: a token lives until a 401 says otherwise.
        self._token = data["access_token"]
        self.instance_url = data.get("instance_url", c.login_url).rstrip("/")
        self.logins += 1

    # --- queries ----------------------------------------------------------------------
    def query(self, soql: str, *, include_deleted: bool = False
              ) -> Iterator[dict[str, Any]]:
        """Every record of a SOQL query, page by page (the page size is the server's)."""
        resource = "queryAll" if include_deleted else "query"
        path = (f"/services/data/{self.api_version}/{resource}?"
                + urllib.parse.urlencode({"q": soql}))
        for _ in range(MAX_PAGES):
            page = self.get(path)
            if not isinstance(page, dict) or "records" not in page:
                raise SalesforceError("unexpected query answer (no records)")
            if isinstance(page.get("totalSize"), int):
                self.total_size = page["totalSize"]
            yield from page["records"]
            if page.get("done", True):
                return
            path = page.get("nextRecordsUrl")
            if not path:
                raise SalesforceError("a page says more follow but gives no nextRecordsUrl")
        raise SalesforceError(f"query stopped after {MAX_PAGES} pages")

    def get(self, path_or_url: str) -> Any:
        if self._token is None:
            self.login()
        url = self._url(path_or_url)
        for attempt in range(2):  # one re-login when the session has expired
            status, data = self._send("GET", url, None,
                                      {"Authorization": f"Bearer {self._token}"})
            if status == 200:
                return data
            code, message = _error_of(data)
            if status == 401 and code == "INVALID_SESSION_ID" and attempt == 0:
                self.login()
                continue
            raise SalesforceError(f"HTTP {status} {code or ''}: {message}".replace("  ", " "),
                                  status, code)
        raise AssertionError("unreachable")  # pragma: no cover

    def _url(self, path_or_url: str) -> str:
        """Relative links are the instance's; an absolute one must be the same host."""
        if path_or_url.startswith("/"):
            return f"{self.instance_url}{path_or_url}"
        base, link = urllib.parse.urlsplit(self.instance_url), urllib.parse.urlsplit(
            path_or_url)
        if (link.scheme, link.netloc) != (base.scheme, base.netloc):
            raise SalesforceError(f"refusing to follow a link to another host ({link.netloc})")
        return path_or_url

    # --- transport --------------------------------------------------------------------
    def _send(self, method: str, url: str, body: bytes | None,
              headers: dict[str, str]) -> tuple[int, Any]:
        """(status, parsed JSON), retrying what a retry can fix."""
        headers = {"Accept": "application/json", **headers}
        last = "no answer"
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    raw = response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status, raw = exc.code, exc.read()
                exc.close()
                if status in _RETRY_STATUS:
                    last = f"HTTP {status}"
                    continue
            except (TimeoutError, ConnectionError, http.client.HTTPException,
                    urllib.error.URLError) as exc:
                last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
                continue
            try:
                return status, json.loads(raw.decode("utf-8")) if raw else None
            except (UnicodeDecodeError, json.JSONDecodeError):
                # a body cut off mid-page by a dropped connection: ask again
                last = f"HTTP {status} with an incomplete body"
                continue
        raise SalesforceError(f"no usable answer from {urllib.parse.urlsplit(url).netloc} "
                              f"after {self.retries + 1} tries ({last})")


def _error_of(data: Any) -> tuple[str | None, str]:
    """REST errors are a JSON array of {message, errorCode}; OAuth ones an object."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return data[0].get("errorCode"), data[0].get("message", "")
    if isinstance(data, dict):
        return data.get("error") or data.get("errorCode"), data.get(
            "error_description") or data.get("message", "")
    return None, ""
