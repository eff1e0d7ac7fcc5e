"""What both HTTP adapters share: a client per upstream, and failures turned into verdicts or not.

A timeout, an unreachable host, a rate limit, a 5xx or an answer of the wrong shape is never a
verdict about a user: it raises UpstreamUnavailable. Nothing here puts a header in a message or a
log line, so a credential cannot leak through them.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Mapping
from functools import cache
from typing import Any

import httpx

from ....domain.models.connected_developers.exceptions import UpstreamUnavailable
from .settings import Timeouts

logger = logging.getLogger(__name__)


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS set-up, built once per process and shared by every client.

    Each client otherwise builds its own, and loading the CA bundle takes some 40 ms. A context
    is safe to share between clients and threads.
    """
    return httpx.create_ssl_context()


class Upstream:
    """One upstream API: GETs relative to its base URL, failures classified."""

    def __init__(
        self, name: str, base_url: str, headers: Mapping[str, str], timeouts: Timeouts
    ) -> None:
        self.name = name
        self._base = httpx.URL(base_url.rstrip("/") + "/")
        self._client = httpx.Client(
            base_url=self._base,
            headers=dict(headers),
            timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect),
            verify=tls_context(),
            # A redirect could carry the credentials elsewhere; none of the endpoints redirects.
            follow_redirects=False,
        )

    def get(self, url: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        """GET a path under the base URL (or a next-page URL on it); 2xx and 404 come back."""
        target = httpx.URL(url)
        if target.is_absolute_url and not self._is_ours(target):
            # A next-page link elsewhere: following it would send the credentials to that host.
            raise self._unavailable("it sent a next-page link to another address")
        try:
            response = self._client.get(url, params=params)
        except httpx.TimeoutException:
            raise self._unavailable("it did not answer in time") from None
        except httpx.TransportError as error:
            raise self._unavailable(f"it could not be reached ({type(error).__name__})") from None
        if response.is_success or response.status_code == httpx.codes.NOT_FOUND:
            return response
        raise self._failure(response)

    def json_object(self, response: httpx.Response) -> dict[str, Any]:
        body = self._json(response)
        if not isinstance(body, dict):
            raise self.unexpected_shape()
        return body

    def json_list(self, response: httpx.Response) -> list[Any]:
        body = self._json(response)
        if not isinstance(body, list):
            raise self.unexpected_shape()
        return body

    def unexpected_shape(self) -> UpstreamUnavailable:
        return self._unavailable("it answered in a shape this service does not understand")

    def close(self) -> None:
        self._client.close()

    def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise self._unavailable("it answered with something other than JSON") from None

    def _is_ours(self, url: httpx.URL) -> bool:
        return (url.scheme, url.host, url.port) == (
            self._base.scheme,
            self._base.host,
            self._base.port,
        ) and url.path.startswith(self._base.path)

    def _failure(self, response: httpx.Response) -> UpstreamUnavailable:
        status = response.status_code
        if is_rate_limited(response):
            return self._unavailable(
                "it is rate limiting this service", retry_after=retry_after(response)
            )
        if status == httpx.codes.UNAUTHORIZED:
            return self._unavailable("it refused this service's credentials (HTTP 401)")
        if status >= httpx.codes.INTERNAL_SERVER_ERROR:
            return self._unavailable(f"it answered with an error (HTTP {status})")
        return self._unavailable(f"it answered HTTP {status}, which this service does not expect")

    def _unavailable(self, reason: str, retry_after: int | None = None) -> UpstreamUnavailable:
        logger.warning("%s look-up failed: %s", self.name, reason)
        return UpstreamUnavailable(self.name, reason, retry_after=retry_after)


def is_rate_limited(response: httpx.Response) -> bool:
    """429 anywhere; GitHub also answers 403 with no requests left or with a Retry-After."""
    if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
        return True
    return response.status_code == httpx.codes.FORBIDDEN and (
        response.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in response.headers
    )


def retry_after(response: httpx.Response, now: float | None = None) -> int | None:
    """Seconds until the limit resets: Retry-After, else GitHub's or Twitter's reset time."""
    delay = response.headers.get("retry-after", "").strip()
    if delay.isdigit():
        return int(delay)
    reset = (
        response.headers.get("x-ratelimit-reset")
        or response.headers.get("x-rate-limit-reset")
        or ""
    ).strip()
    if reset.isdigit():
        return max(0, int(reset) - int(time.time() if now is None else now))
    return None
