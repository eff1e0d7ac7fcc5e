"""The WSGI middleware that answers 503 to the requests an open maintenance window refuses.

It runs before Flask: a refused request costs no routing and no query of its own. Health checks,
the documentation and the maintenance admin route are never refused, so a window can always be
watched and closed over HTTP, and neither are CORS preflights (they run no view). An operator with
the token can pass with the bypass header. Whatever the gate cannot read or decide, the request
is refused with the same JSON 503: the middleware fails closed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from werkzeug.datastructures import EnvironHeaders

from ..cors import CorsPolicy, is_preflight
from ..domain.models.maintenance import MaintenanceMode, MaintenanceWindow
from ..services.maintenance import utc_now
from ..services.maintenance_gate import UNCONFIRMED_MESSAGE, MaintenanceGate, Refusal
from .credentials import secret_matches
from .middleware import log_access
from .requests import request_id_from
from .writes import is_write_by_method

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SERVICE_CONTEXT_PATH = "/v1/service-context"
EXEMPT_PATHS = frozenset(
    {"/health/live", "/health/ready", SERVICE_CONTEXT_PATH, "/openapi.json", "/docs"}
)
EXEMPT_PREFIXES = ("/health/", "/docs/")
BYPASS_HEADER = "X-Maintenance-Bypass"
_BYPASS_ENVIRON_KEY = "HTTP_" + BYPASS_HEADER.upper().replace("-", "_")
# What a request gets when the gate itself fails: the window cannot be known, so assume the worst.
UNDECIDED = Refusal(UNCONFIRMED_MESSAGE, MaintenanceWindow(MaintenanceMode.FULL))

logger = logging.getLogger(__name__)


def is_exempt(path: str) -> bool:
    """Paths a window never refuses: health, documentation, the admin route."""
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


class MaintenanceMiddleware:
    """Wraps app.wsgi_app: lets a request in through the gate or answers 503 itself."""

    def __init__(
        self,
        app: WSGIApplication,
        gate: MaintenanceGate,
        token: str | None,
        retry_after: int,
        *,
        clock: Callable[[], datetime] = utc_now,
        is_write: Callable[[WSGIEnvironment], bool] = is_write_by_method,
        cors: CorsPolicy | None = None,
    ) -> None:
        self._app = app
        self._gate = gate
        self._token = token
        self._retry_after = retry_after
        self._clock = clock
        self._is_write = is_write
        self._cors = cors

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if is_exempt(path) or is_preflight(method, EnvironHeaders(environ)):
            return self._app(environ, start_response)
        try:
            write = self._is_write(environ)
            refusal = self._gate.admit(write)
        except Exception as error:
            logger.error("the maintenance gate failed; refusing the request: %r", error)
            return self._refuse(UNDECIDED, environ, start_response)
        if refusal is not None:
            if secret_matches(environ.get(_BYPASS_ENVIRON_KEY), self._token):
                return self._app(environ, start_response)
            return self._refuse(refusal, environ, start_response)
        try:
            # The view has run (and committed) when the app returns: the request is no longer
            # in flight for the database, whatever is left to stream.
            return self._app(environ, start_response)
        finally:
            self._gate.finish(write)

    def _refuse(
        self, refusal: Refusal, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        window = refusal.window
        retry_after = window.retry_after(self._clock(), self._retry_after)
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        body = json.dumps(
            {
                "message": refusal.message,
                "mode": window.mode.value,
                "expected_end": window.expected_end.isoformat() if window.expected_end else None,
                "retry_after": retry_after,
                "request_id": request_id,
            }
        ).encode()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Retry-After", str(retry_after)),
            ("Cache-Control", "no-store"),
            ("X-Request-ID", request_id),
        ]
        if self._cors is not None:
            method = environ.get("REQUEST_METHOD", "GET")
            headers.extend(self._cors.headers(EnvironHeaders(environ), method))
        start_response("503 SERVICE UNAVAILABLE", headers)
        # Outside Flask: the request id goes into the line (the log filter cannot see it).
        log_access(
            environ.get("REQUEST_METHOD", "GET"),
            environ.get("PATH_INFO", ""),
            503,
            started,
            f" (maintenance, request {request_id})",
        )
        return [body]
