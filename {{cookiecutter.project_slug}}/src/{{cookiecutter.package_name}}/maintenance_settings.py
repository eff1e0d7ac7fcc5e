"""Maintenance-window settings: the operator token, the refresh bound and the migration limits."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .config import MIN_PRODUCTION_SECRET_LENGTH, ConfigurationError, Problems
from .secret_strength import MAKE_ONE, secret_problem

# Used when a variable is unset (see .env.example); WindowOptions and manage.py's help too.
DEFAULT_REFRESH_SECONDS = 1.0
DEFAULT_RETRY_AFTER = 30
DEFAULT_DRAIN_TIMEOUT = 30.0
DEFAULT_LOCK_TIMEOUT = 5.0
DEFAULT_STATEMENT_TIMEOUT = 300.0


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
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    # Retry-After of a 503 when the window has no expected end.
    retry_after: int = DEFAULT_RETRY_AFTER
    # db upgrade / downgrade: how long to wait for in-flight requests, and the transaction limits.
    drain_timeout: float = DEFAULT_DRAIN_TIMEOUT
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], production: bool) -> MaintenanceSettings:
        problems = Problems()
        token = environ.get("MAINTENANCE_TOKEN", "").strip() or None
        if production:
            # Operators need it for /v1/service-context and the maintenance bypass header.
            problems.add(
                f"MAINTENANCE_TOKEN is not set: {MAKE_ONE}."
                if token is None
                else secret_problem("MAINTENANCE_TOKEN", token, MIN_PRODUCTION_SECRET_LENGTH)
            )

        def seconds(name: str, default: float, zero_allowed: bool) -> float:
            return problems.read(lambda: _seconds(environ, name, default, zero_allowed), default)

        settings = cls(
            token=token,
            # Zero reads the window on every request (tests use it); production wants about 1 s.
            refresh_seconds=seconds(
                "MAINTENANCE_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS, zero_allowed=True
            ),
            retry_after=max(
                1,
                round(seconds("MAINTENANCE_RETRY_AFTER", DEFAULT_RETRY_AFTER, zero_allowed=False)),
            ),
            drain_timeout=seconds(
                "MAINTENANCE_DRAIN_TIMEOUT", DEFAULT_DRAIN_TIMEOUT, zero_allowed=False
            ),
            lock_timeout=seconds(
                "MIGRATION_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT, zero_allowed=False
            ),
            statement_timeout=seconds(
                "MIGRATION_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT, zero_allowed=True
            ),
        )
        problems.raise_if_any()
        return settings
