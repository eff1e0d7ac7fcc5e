"""GitHub REST and Twitter API v2 on 127.0.0.1, answering every request after a fixed delay.

Two developers, ann and bo, follow each other and share an organisation, so a realtime check of
the pair walks every step. Lists come two items a page, as the real APIs cut longer ones:
organisation lists follow `Link: rel="next"`, following lists `meta.next_token`. Each
developer is in three organisations (two pages, both needed: the list is read whole) and follows
three people, the other one first (one page needed of two: the list can stop there). GitHub is
served under /github and Twitter under /twitter.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAGE_SIZE = 2
DEVELOPERS = {"ann": 1, "bo": 2}
ORGANISATIONS = {
    "ann": [(7, "tools"), (8, "owls"), (9, "kiln")],
    "bo": [(10, "bees"), (11, "moss"), (7, "tools")],
}
# Ids of whom each developer follows; 31 and up are people who are not part of the check.
FOLLOWING = {"ann": ["2", "31", "32"], "bo": ["1", "33", "34"]}


def page_of(items: list[Any], query: dict[str, str], name: str) -> tuple[list[Any], int | None]:
    """The page the query asks for (parameter `name`, 1 when absent) and the next one's number."""
    number = int(query.get(name, "1"))
    start = (number - 1) * PAGE_SIZE
    return items[start : start + PAGE_SIZE], number + 1 if start + PAGE_SIZE < len(items) else None


def answer_for(target: str, host: str) -> tuple[int, Any, dict[str, str]]:
    """The status, JSON body and extra headers GitHub or Twitter would give for this target.

    host is the request's Host header: GitHub's next-page links are absolute URLs.
    """
    split = urlsplit(target)
    parts = split.path.strip("/").split("/")
    query = {name: values[0] for name, values in parse_qs(split.query).items()}
    if parts[:2] == ["github", "users"] and len(parts) in (3, 4):
        login = parts[2].lower()
        if login not in DEVELOPERS:
            return 404, {"message": "Not Found"}, {}
        if len(parts) == 3:
            return 200, {"login": login, "id": DEVELOPERS[login], "type": "User"}, {}
        if parts[3] != "orgs":
            return 404, {"message": "Not Found"}, {}
        items, next_page = page_of(ORGANISATIONS[login], query, "page")
        headers = {}
        if next_page is not None:
            next_url = f"http://{host}/github/users/{login}/orgs?page={next_page}"
            headers["link"] = f'<{next_url}>; rel="next"'
        return 200, [{"login": name, "id": id_, "url": ""} for id_, name in items], headers
    if parts[:5] == ["twitter", "2", "users", "by", "username"] and len(parts) == 6:
        username = parts[5].lower()
        if username not in DEVELOPERS:
            return 200, {"errors": [{"title": "Not Found Error", "value": username}]}, {}
        user = {"id": str(DEVELOPERS[username]), "name": username, "username": username}
        return 200, {"data": user}, {}
    if parts[:3] == ["twitter", "2", "users"] and len(parts) == 5 and parts[4] == "following":
        follower = next((name for name, id_ in DEVELOPERS.items() if str(id_) == parts[3]), "")
        token = query.get("pagination_token", "page-1").removeprefix("page-")
        items, next_page = page_of(FOLLOWING.get(follower, []), {"page": token}, "page")
        meta: dict[str, Any] = {"result_count": len(items)}
        if next_page is not None:
            meta["next_token"] = f"page-{next_page}"
        data = [{"id": id_, "name": f"user{id_}", "username": f"user{id_}"} for id_ in items]
        return 200, {"data": data, "meta": meta}, {}
    return 404, {"title": "Not Found"}, {}


class FakeUpstream:
    """Counts requests, and connections by the upstream their first request asked."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.requests = 0
        self.connections = {"github": 0, "twitter": 0}
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

    def counts(self) -> tuple[int, dict[str, int]]:
        """Requests so far, and connections opened so far per upstream."""
        with self._lock:
            return self.requests, dict(self.connections)

    def count(self, path: str, new_connection: bool) -> None:
        with self._lock:
            self.requests += 1
            upstream = path.strip("/").split("/")[0]
            if new_connection and upstream in self.connections:
                self.connections[upstream] += 1


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
    answered = 0

    def do_GET(self) -> None:
        self.server.upstream.count(self.path, new_connection=self.answered == 0)
        self.answered += 1
        status, body, headers = answer_for(self.path, self.headers.get("Host", ""))
        time.sleep(self.server.upstream.delay)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""
