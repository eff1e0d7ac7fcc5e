"""A local HTTP server that speaks the parts of GitHub REST and Twitter API v2 the adapters use.

GitHub is served under /github and Twitter under /twitter, so both base URLs carry a path, as a
GitHub Enterprise URL does. Lists are cut into small pages to make the adapters paginate. The
server counts the requests in flight and the connections opened, and can hold an answer until
other requests have arrived: tests prove what waits for what without timing anything.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import unittest
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.settings import (
    Timeouts,
)

GITHUB = "/github"
TWITTER = "/twitter"
# How often the server looks for a shutdown request. serve_forever's default, 0.5 s, made every
# stop() wait up to half a second; the server answers requests as they come whatever this is.
SHUTDOWN_POLL_SECONDS = 0.01
# The adapters' loggers; they warn on every upstream failure the tests provoke.
ADAPTER_LOGGER = "{{ cookiecutter.package_name }}.infrastructure.services.connected_developers"
# Short enough that an answer held two seconds (FakeUpstream.slow) times out.
FAST_TIMEOUTS = Timeouts(connect=1.0, read=0.5)
# The longest an answer is held for requests that do not come (FakeUpstream.hold).
HOLD_SECONDS = 5.0


def quiet_adapter_logs(test: unittest.TestCase) -> None:
    """Keep the warnings of failures a test provokes on purpose out of the test output."""
    logger = logging.getLogger(ADAPTER_LOGGER)
    handler = logging.NullHandler()
    logger.addHandler(handler)
    logger.propagate = False
    test.addCleanup(logger.removeHandler, handler)
    test.addCleanup(setattr, logger, "propagate", True)


@dataclass
class Answer:
    """A canned answer for one path; {authorization} in the body echoes the request's header."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str = "{}"

    @classmethod
    def github_rate_limit(cls, reset_in: int) -> Answer:
        return cls(
            403,
            {
                "x-ratelimit-limit": "5000",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": str(int(time.time()) + reset_in),
            },
            json.dumps({"message": "API rate limit exceeded for user."}),
        )

    @classmethod
    def too_many_requests(cls, retry_after: int) -> Answer:
        return cls(429, {"retry-after": str(retry_after)}, json.dumps({"message": "Slow down"}))

    @classmethod
    def twitter_rate_limit(cls, reset_in: int) -> Answer:
        return cls(
            429,
            {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(time.time()) + reset_in)},
            json.dumps(
                {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}
            ),
        )

    @classmethod
    def server_error(cls, status: int = 502) -> Answer:
        # A careless upstream that echoes the credentials in its error page.
        return cls(
            status, {"content-type": "text/plain"}, "upstream broke; you sent {authorization}"
        )


@dataclass(frozen=True)
class Seen:
    path: str
    host: str
    authorization: str | None
    # The first request on its connection: the client opened a connection for it.
    opened_connection: bool = False


class FakeUpstream:
    """GitHub and Twitter on 127.0.0.1, answering from the data the test put in."""

    def __init__(self, delay: float = 0.0, page_size: int = 2) -> None:
        self.delay = delay
        self.page_size = page_size
        self.github_users: dict[str, int] = {}
        self.github_orgs: dict[str, list[tuple[int, str]]] = {}
        self.twitter_users: dict[str, str] = {}
        self.twitter_follows: dict[str, list[str]] = {}
        self.answers: dict[str, Answer] = {}
        self.slow: dict[str, float] = {}
        self.next_link_host: str | None = None
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.peak_in_flight = 0
        self._holds: dict[str, tuple[str, ...]] = {}
        self._released = False
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.upstream = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def github_url(self) -> str:
        return self.url + GITHUB

    @property
    def twitter_url(self) -> str:
        return self.url + TWITTER

    def start(self) -> FakeUpstream:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeUpstream:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def add_github_user(self, login: str, user_id: int, orgs: list[tuple[int, str]]) -> None:
        self.github_users[login.lower()] = user_id
        self.github_orgs[login.lower()] = list(orgs)

    def add_twitter_user(self, username: str, user_id: str, follows: list[str]) -> None:
        """follows: the usernames this user follows (resolved to ids when asked)."""
        self.twitter_users[username.lower()] = user_id
        self.twitter_follows[username.lower()] = [name.lower() for name in follows]

    def add_developer(
        self, handle: str, number: int, orgs: list[tuple[int, str]], follows: list[str]
    ) -> None:
        """A developer on both networks, with the same handle on each."""
        self.add_github_user(handle, number, orgs)
        self.add_twitter_user(handle, str(number), follows)

    def hold(self, path: str, until: tuple[str, ...]) -> None:
        """Answer requests for path (query ignored) only once each of `until` has arrived too.

        `until` names paths, a query included when given. A request still held after
        HOLD_SECONDS gets a 504, so a client that waits for what never comes fails clearly.
        """
        with self._lock:
            self._holds[urlsplit(path).path] = until

    def release(self) -> None:
        """Answer every held request now, and hold none until the next reset()."""
        with self._arrived:
            self._released = True
            self._arrived.notify_all()

    def paths_seen(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.seen]

    def reset(self) -> None:
        with self._lock:
            self.answers.clear()
            self.slow.clear()
            self.seen.clear()
            self._holds.clear()
            self._released = False
            self.next_link_host = None
            self.peak_in_flight = 0

    # What follows runs in the server's threads.

    def _enter(self, seen: Seen) -> None:
        with self._arrived:
            self.seen.append(seen)
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            self._arrived.notify_all()

    def _held_too_long(self, raw_path: str) -> bool:
        """Waits while the path is held; True when what it waits for did not come in time."""
        with self._arrived:
            until = self._holds.get(urlsplit(raw_path).path, ())

            def arrived() -> bool:
                paths = {seen.path for seen in self.seen} | {
                    urlsplit(seen.path).path for seen in self.seen
                }
                return self._released or all(path in paths for path in until)

            return not self._arrived.wait_for(arrived, timeout=HOLD_SECONDS)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _answer(self, raw_path: str, host: str, authorization: str | None) -> tuple[Answer, float]:
        parts = urlsplit(raw_path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        path = parts.path
        delay = self.delay + self.slow.get(path, 0.0)
        canned = self.answers.get(path)
        if canned is not None:
            body = canned.body.replace("{authorization}", authorization or "")
            return Answer(canned.status, canned.headers, body), delay
        if path.startswith(GITHUB + "/"):
            return self._github(path[len(GITHUB) :], query, host), delay
        if path.startswith(TWITTER + "/"):
            return self._twitter(path[len(TWITTER) :], query), delay
        return Answer(404, body=json.dumps({"message": "Not Found"})), delay

    def _github(self, path: str, query: dict[str, str], host: str) -> Answer:
        parts = path.strip("/").split("/")
        login = parts[1].lower() if len(parts) > 1 else ""
        if parts[0] != "users" or login not in self.github_users or len(parts) > 3:
            return _json(
                404, {"message": "Not Found", "documentation_url": "https://docs.github.com"}
            )
        if len(parts) == 2:
            return _json(200, {"login": login, "id": self.github_users[login], "type": "User"})
        per_page = min(int(query.get("per_page", "30")), self.page_size)
        page = int(query.get("page", "1"))
        orgs = self.github_orgs[login]
        items = orgs[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(orgs):
            next_host = self.next_link_host or host
            next_url = (
                f"http://{next_host}{GITHUB}/users/{login}/orgs?per_page={per_page}&page={page + 1}"
            )
            headers["link"] = f'<{next_url}>; rel="next"'
        return _json(200, [{"login": name, "id": id_, "url": ""} for id_, name in items], headers)

    def _twitter(self, path: str, query: dict[str, str]) -> Answer:
        parts = path.strip("/").split("/")
        if parts[:4] == ["2", "users", "by", "username"] and len(parts) == 5:
            username = parts[4].lower()
            if username not in self.twitter_users:
                return _json(200, {"errors": [_not_found(username)]})
            user = {
                "id": self.twitter_users[username],
                "name": username.title(),
                "username": username,
            }
            return _json(200, {"data": user})
        if parts[:2] == ["2", "users"] and len(parts) == 4 and parts[3] == "following":
            following = self._following_ids(parts[2])
            page = int(query.get("pagination_token", "page-1").removeprefix("page-"))
            size = min(int(query.get("max_results", "100")), self.page_size)
            items = following[(page - 1) * size : page * size]
            meta: dict[str, Any] = {"result_count": len(items)}
            if page * size < len(following):
                meta["next_token"] = f"page-{page + 1}"
            body: dict[str, Any] = {"meta": meta}
            if items:
                body["data"] = [{"id": id_, "name": id_, "username": f"user{id_}"} for id_ in items]
            return _json(200, body)
        return _json(404, {"title": "Not Found"})

    def _following_ids(self, user_id: str) -> list[str]:
        username = next((name for name, id_ in self.twitter_users.items() if id_ == user_id), "")
        follows = self.twitter_follows.get(username, [])
        return [self.twitter_users[name] for name in follows if name in self.twitter_users]


class FakeUpstreamTestCase(unittest.TestCase):
    """One FakeUpstream for the class, reset before each test; provoked failures log quietly."""

    upstream: ClassVar[FakeUpstream]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.upstream = FakeUpstream(page_size=2).start()
        cls.addClassCleanup(cls.upstream.stop)

    def setUp(self) -> None:
        super().setUp()
        quiet_adapter_logs(self)
        self.upstream.reset()


def _not_found(username: str) -> dict[str, str]:
    return {
        "value": username,
        "detail": f"Could not find user with username: [{username}].",
        "title": "Not Found Error",
        "resource_type": "user",
        "parameter": "username",
        "resource_id": username,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Answer:
    return Answer(status, {"content-type": "application/json", **(headers or {})}, json.dumps(body))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    upstream: FakeUpstream


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as the real APIs allow: the adapters' clients reuse their connections.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body would wait for
    # the client's delayed ACK.
    disable_nagle_algorithm = True
    server: _Server
    answered = 0

    def do_GET(self) -> None:
        upstream = self.server.upstream
        host = self.headers.get("Host", "")
        authorization = self.headers.get("Authorization")
        upstream._enter(Seen(self.path, host, authorization, opened_connection=not self.answered))
        self.answered += 1
        try:
            if upstream._held_too_long(self.path):
                answer, delay = _json(504, {"message": "held for requests that did not come"}), 0.0
            else:
                answer, delay = upstream._answer(self.path, host, authorization)
            time.sleep(delay)
            body = answer.body.encode()
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is what a timeout test wants
        finally:
            upstream._leave()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read what the server saw from FakeUpstream.seen."""
