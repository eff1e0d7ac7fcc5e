"""Maintenance-window settings: the operator token, the refresh bound and the migration limits."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .config import ConfigurationError

# A shorter token can be guessed; production refuses one.
MIN_PRODUCTION_TOKEN_LENGTH = 16


def _seconds(environ: Mapping[str, str], name: str, default: float, zero_allowed: bool) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_allowed):
        kind = "zero or more" if zero_allowed else "more than zero"
        raise ConfigurationError(f"{name}={raw!r} is not a number of seconds ({kind}).")
    return value


@dataclass(frozen=True)
class MaintenanceSettings:
    """Read from the environment; see .env.example for each variable."""

    # None: the admin route and the bypass header are disabled.
    token: str | None = None
    # Each process may serve from a window read at most this long ago.
    refresh_seconds: float = 1.0
    # Retry-After of a 503 when the window has no expected end.
    retry_after: int = 30
    # db upgrade / downgrade: how long to wait for in-flight requests, and the transaction limits.
    drain_timeout: float = 30.0
    lock_timeout: float = 5.0
    statement_timeout: float = 300.0

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], production: bool) -> MaintenanceSettings:
        token = environ.get("MAINTENANCE_TOKEN", "").strip() or None
        if production and (token is None or len(token) < MIN_PRODUCTION_TOKEN_LENGTH):
            raise ConfigurationError(
                f"MAINTENANCE_TOKEN must be set to at least {MIN_PRODUCTION_TOKEN_LENGTH} "
                "characters in production: operators need it for /v1/service-context and the "
                "maintenance bypass header. Make one with: "
                "python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        retry_after = _seconds(environ, "MAINTENANCE_RETRY_AFTER", 30, zero_allowed=False)
        return cls(
            token=token,
            # Zero reads the window on every request (tests use it); production wants about 1 s.
            refresh_seconds=_seconds(
                environ, "MAINTENANCE_REFRESH_SECONDS", 1.0, zero_allowed=True
            ),
            retry_after=max(1, round(retry_after)),
            drain_timeout=_seconds(environ, "MAINTENANCE_DRAIN_TIMEOUT", 30.0, zero_allowed=False),
            lock_timeout=_seconds(environ, "MIGRATION_LOCK_TIMEOUT", 5.0, zero_allowed=False),
            statement_timeout=_seconds(
                environ, "MIGRATION_STATEMENT_TIMEOUT", 300.0, zero_allowed=True
            ),
        )
