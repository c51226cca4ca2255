"""A Salesforce stand-in on 127.0.0.1 for the contract tests: it serves the documented
payload shapes (the restforce fixtures, with the instance URL pointed at itself) from
per-route queues, records every request, and can cut a connection off mid-body."""

import json
import threading
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = (Path(__file__).resolve().parents[1] / "data" / "external" /
            "salesforce_fixtures" / "restforce")


def fixture(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text())


class FakeSalesforce:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], deque] = defaultdict(deque)
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                path = self.path
                outer.requests.append({"method": method, "path": path, "body": body,
                                       "auth": self.headers.get("Authorization")})
                key = next((k for k in outer.routes if k[0] == method
                            and path.startswith(k[1]) and outer.routes[k]), None)
                if key is None:
                    status, payload, drop = 404, [{"message": "no route",
                                                   "errorCode": "NOT_FOUND"}], False
                else:
                    status, payload, drop = outer.routes[key].popleft()
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if drop:  # half the body, then the connection goes away
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, method: str, path: str, status: int, payload, *, drop: bool = False):
        self.routes[(method, path)].append((status, payload, drop))

    def token(self, name: str = "auth_success_response", status: int = 200):
        payload = fixture(name)
        if "instance_url" in payload:
            payload["instance_url"] = self.url  # the fixture's na1 would leave loopback
        self.add("POST", "/services/oauth2/token", status, payload)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
