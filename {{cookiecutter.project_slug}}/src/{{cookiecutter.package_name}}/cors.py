"""Cross-origin access, allowed only for the origins listed in CORS_ORIGINS.

One policy gives the headers of every answer: Flask's (through an after_request hook) and the
maintenance middleware's 503, which answers before Flask. Browsers read an answer only when it
carries these headers, so without them a client would see "Failed to fetch" instead of the
maintenance message.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_cors.core import get_cors_headers, get_cors_options
from werkzeug.datastructures import Headers

# What a browser script may read of an answer besides the simple headers.
EXPOSED_HEADERS = ("X-Request-ID", "Retry-After")
# Seconds a browser may reuse a preflight's answer (browsers cap it: Chromium at 2 hours).
PREFLIGHT_MAX_AGE = 600
PREFLIGHT_METHOD_HEADER = "Access-Control-Request-Method"


class CorsPolicy:
    """The CORS headers of an answer, computed by flask-cors from the configured options."""

    def __init__(self, app: Flask, origins: tuple[str, ...]) -> None:
        self._options = get_cors_options(
            app,
            {
                "origins": list(origins),
                "expose_headers": list(EXPOSED_HEADERS),
                "max_age": PREFLIGHT_MAX_AGE,
            },
        )

    def headers(self, request_headers: Headers, method: str) -> list[tuple[str, str]]:
        """The headers to add; Vary: Origin always, since the answer depends on the Origin."""
        found = get_cors_headers(self._options, request_headers, method)
        cors = [(name, str(value)) for name, value in found.items(multi=True) if name != "Vary"]
        return [*cors, ("Vary", "Origin")]

    def apply(self, response: Response) -> Response:
        """after_request: the headers on every answer Flask gives, errors included."""
        for name, value in self.headers(request.headers, request.method):
            if name == "Vary":
                response.vary.add(value)
            else:
                response.headers[name] = value
        return response


def is_preflight(method: str, request_headers: Headers) -> bool:
    return method == "OPTIONS" and PREFLIGHT_METHOD_HEADER in request_headers


def answer_preflight() -> Response | None:
    """before_request: a preflight gets its answer before any route's own checks (an API key, a
    token): browsers send no credentials with a preflight."""
    if request.url_rule is None or not is_preflight(request.method, request.headers):
        return None
    return current_app.make_default_options_response()


def configure_cors(app: Flask, origins: tuple[str, ...]) -> CorsPolicy | None:
    """The policy for the origins allowed, installed on app; None when no origin is allowed."""
    if not origins:
        return None
    policy = CorsPolicy(app, origins)
    app.before_request(answer_preflight)
    app.after_request(policy.apply)
    return policy
