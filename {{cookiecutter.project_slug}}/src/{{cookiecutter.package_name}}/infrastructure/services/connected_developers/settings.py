"""Which backend answers the look-ups, and where and how the live one reaches GitHub and Twitter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from ....config import ConfigurationError

LIVE = "live"
SAMPLE = "sample"
BACKENDS = (LIVE, SAMPLE)
DEFAULT_GITHUB_API_URL = "https://api.github.com"
DEFAULT_TWITTER_API_URL = "https://api.twitter.com"
DEFAULT_CONNECT_TIMEOUT = 3.0
DEFAULT_READ_TIMEOUT = 10.0


@dataclass(frozen=True)
class Timeouts:
    """Seconds to open a connection, and to wait for each read of an answer."""

    connect: float = DEFAULT_CONNECT_TIMEOUT
    read: float = DEFAULT_READ_TIMEOUT


@dataclass(frozen=True)
class ConnectedDevelopersSettings:
    """The credentials are kept out of repr(), so they never reach a log line by accident."""

    backend: str = SAMPLE
    github_api_url: str = DEFAULT_GITHUB_API_URL
    github_token: str = field(default="", repr=False)
    twitter_api_url: str = DEFAULT_TWITTER_API_URL
    twitter_bearer_token: str = field(default="", repr=False)
    timeouts: Timeouts = field(default_factory=Timeouts)

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str], production: bool
    ) -> ConnectedDevelopersSettings:
        """Sample data by default in development; production needs live and the credentials."""
        default_backend = LIVE if production else SAMPLE
        backend = environ.get("CONNECTED_DEVELOPERS_BACKEND", "").strip().lower() or default_backend
        if backend not in BACKENDS:
            raise ConfigurationError(
                f"CONNECTED_DEVELOPERS_BACKEND={backend!r} is not known: set it to live or sample."
            )
        if production and backend != LIVE:
            raise ConfigurationError(
                "CONNECTED_DEVELOPERS_BACKEND must be live in production: the sample data set is "
                "made up, for development and tests."
            )
        # Unauthenticated GitHub works, slowly rate limited: fine to try live in development.
        required = (
            ("GITHUB_TOKEN", "TWITTER_BEARER_TOKEN") if production else ("TWITTER_BEARER_TOKEN",)
        )
        missing = [name for name in required if not environ.get(name, "").strip()]
        if backend == LIVE and missing:
            raise ConfigurationError(
                "The live connected-developers backend is missing: " + ", ".join(missing) + ". "
                "Set them in the environment (see .env.example)."
            )
        return cls(
            backend=backend,
            github_api_url=_base_url(environ, "GITHUB_API_URL", DEFAULT_GITHUB_API_URL),
            github_token=environ.get("GITHUB_TOKEN", "").strip(),
            twitter_api_url=_base_url(environ, "TWITTER_API_URL", DEFAULT_TWITTER_API_URL),
            twitter_bearer_token=environ.get("TWITTER_BEARER_TOKEN", "").strip(),
            timeouts=Timeouts(
                connect=_seconds(
                    environ, "CONNECTED_DEVELOPERS_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT
                ),
                read=_seconds(environ, "CONNECTED_DEVELOPERS_READ_TIMEOUT", DEFAULT_READ_TIMEOUT),
            ),
        )


def _base_url(environ: Mapping[str, str], name: str, default: str) -> str:
    raw = environ.get(name, "").strip() or default
    try:
        url = httpx.URL(raw)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"{name}={raw!r} is not an http(s) URL such as {default}.")
    return raw.rstrip("/")


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 300:
        raise ConfigurationError(f"{name}={raw!r} is not a number of seconds between 0 and 300.")
    return seconds
