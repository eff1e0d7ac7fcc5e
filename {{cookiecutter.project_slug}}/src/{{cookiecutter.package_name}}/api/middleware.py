"""Per-request middleware: a request id on every response and log line, access log, no session,
and the checks every request passes before its view runs (input rules, HEAD of a write)."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, Response, g, request
from flask.sessions import SessionInterface

from .guarded_input import install_input_rules
from .requests import REQUEST_ID_HEADER, request_id_from
from .writes import refuse_head_of_writes

access_logger = logging.getLogger("access")


def _start_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def printable(text: str) -> str:
    """The client's text with control characters escaped, so one request stays one log line."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def log_access(method: str, path: str, status: int, started: float, detail: str = "") -> None:
    """One access-log line: the request line, the status and how long it took."""
    path = printable(path)
    access_logger.info(
        "%s %s %s%s",
        method,
        path,
        status,
        detail,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )


def _finish_request(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    if started is not None:
        log_access(request.method, request.path, response.status_code, started)
    return response


class NoCookieSession(SessionInterface):
    """A JSON API keeps no cookie session: Flask would otherwise build a signing serializer and
    look for a session cookie on every request. flask.session is an empty, read-only session."""

    def open_session(self, app: Flask, request: Any) -> None:
        return None

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        """Nothing to save."""


def install_request_middleware(app: Flask) -> None:
    app.session_interface = NoCookieSession()
    app.before_request(_start_request)
    app.after_request(_finish_request)
    install_input_rules(app)
    app.before_request(refuse_head_of_writes)
