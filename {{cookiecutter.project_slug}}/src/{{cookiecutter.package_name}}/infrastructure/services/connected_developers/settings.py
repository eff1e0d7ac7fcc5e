"""Which backend answers the look-ups, and where and how the live one reaches GitHub and Twitter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from ....config import MIN_PRODUCTION_SECRET_LENGTH, ConfigurationError, Problems
from ....secret_strength import secret_problem

LIVE = "live"
SAMPLE = "sample"
BACKENDS = (LIVE, SAMPLE)
DEFAULT_GITHUB_API_URL = "https://api.github.com"
DEFAULT_TWITTER_API_URL = "https://api.twitter.com"
DEFAULT_CONNECT_TIMEOUT = 3.0
DEFAULT_READ_TIMEOUT = 10.0
# Where a good value of each credential comes from: the upstream issues it.
CREDENTIAL_HINTS = {
    "GITHUB_TOKEN": "set the token GitHub issued (a fine-grained, read-only personal access token)",
    "TWITTER_BEARER_TOKEN": "set the bearer token of your app on the Twitter developer portal",
}


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
        problems = Problems()
        default_backend = LIVE if production else SAMPLE
        backend = environ.get("CONNECTED_DEVELOPERS_BACKEND", "").strip().lower() or default_backend
        if backend not in BACKENDS:
            problems.add(
                f"CONNECTED_DEVELOPERS_BACKEND={backend!r} is not known: set it to live or sample."
            )
        elif production and backend != LIVE:
            problems.add(
                "CONNECTED_DEVELOPERS_BACKEND must be live in production: the sample data set is "
                "made up, for development and tests."
            )
        # Unauthenticated GitHub works, slowly rate limited: fine to try live in development.
        required = (
            ("GITHUB_TOKEN", "TWITTER_BEARER_TOKEN") if production else ("TWITTER_BEARER_TOKEN",)
        )
        if backend == LIVE or production:
            for name in required:
                problems.add(_credential_problem(environ, name, production))
        settings = cls(
            backend=backend,
            github_api_url=problems.read(
                lambda: _base_url(environ, "GITHUB_API_URL", DEFAULT_GITHUB_API_URL),
                DEFAULT_GITHUB_API_URL,
            ),
            github_token=environ.get("GITHUB_TOKEN", "").strip(),
            twitter_api_url=problems.read(
                lambda: _base_url(environ, "TWITTER_API_URL", DEFAULT_TWITTER_API_URL),
                DEFAULT_TWITTER_API_URL,
            ),
            twitter_bearer_token=environ.get("TWITTER_BEARER_TOKEN", "").strip(),
            timeouts=Timeouts(
                connect=problems.read(
                    lambda: _seconds(
                        environ, "CONNECTED_DEVELOPERS_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT
                    ),
                    DEFAULT_CONNECT_TIMEOUT,
                ),
                read=problems.read(
                    lambda: _seconds(
                        environ, "CONNECTED_DEVELOPERS_READ_TIMEOUT", DEFAULT_READ_TIMEOUT
                    ),
                    DEFAULT_READ_TIMEOUT,
                ),
            ),
        )
        problems.raise_if_any()
        return settings


def _credential_problem(environ: Mapping[str, str], name: str, production: bool) -> str | None:
    """The live backend's credential is missing, or (in production) a placeholder."""
    value = environ.get(name, "").strip()
    if not value:
        return f"{name} is not set: the live backend needs it (see .env.example)."
    if production:
        return secret_problem(name, value, MIN_PRODUCTION_SECRET_LENGTH, CREDENTIAL_HINTS[name])
    return None


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
