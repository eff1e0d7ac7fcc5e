"""GitHub REST and Twitter API v2 on 127.0.0.1, answering every request after a fixed delay.

Two developers, ann and bo, follow each other and share an organisation, so a realtime check of
the pair walks every step: four user look-ups, then two organisation lists and two following
lists. GitHub is served under /github and Twitter under /twitter.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

DEVELOPERS = {"ann": 1, "bo": 2}
ORGANISATIONS = [{"login": "tools", "id": 7, "url": ""}]


def answer_for(path: str) -> tuple[int, Any]:
    """The status and JSON body GitHub or Twitter would give for this path."""
    parts = urlsplit(path).path.strip("/").split("/")
    if parts[:2] == ["github", "users"] and len(parts) in (3, 4):
        login = parts[2].lower()
        if login not in DEVELOPERS:
            return 404, {"message": "Not Found"}
        if len(parts) == 3:
            return 200, {"login": login, "id": DEVELOPERS[login], "type": "User"}
        return (200, ORGANISATIONS) if parts[3] == "orgs" else (404, {"message": "Not Found"})
    if parts[:5] == ["twitter", "2", "users", "by", "username"] and len(parts) == 6:
        username = parts[5].lower()
        if username not in DEVELOPERS:
            return 200, {"errors": [{"title": "Not Found Error", "value": username}]}
        user = {"id": str(DEVELOPERS[username]), "name": username, "username": username}
        return 200, {"data": user}
    if parts[:3] == ["twitter", "2", "users"] and len(parts) == 5 and parts[4] == "following":
        # Everyone follows everyone else.
        others = [
            {"id": str(number), "name": name, "username": name}
            for name, number in DEVELOPERS.items()
            if str(number) != parts[3]
        ]
        return 200, {"data": others, "meta": {"result_count": len(others)}}
    return 404, {"title": "Not Found"}


class FakeUpstream:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.requests = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.upstream = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeUpstream:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self) -> None:
        with self._lock:
            self.requests += 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    upstream: FakeUpstream


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as the real APIs allow: the service's HTTP clients reuse their connections.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body would wait for
    # the client's delayed ACK (40 ms on Linux) and the measured latency would be the fake's own.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self.server.upstream.count()
        status, body = answer_for(self.path)
        time.sleep(self.server.upstream.delay)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""
