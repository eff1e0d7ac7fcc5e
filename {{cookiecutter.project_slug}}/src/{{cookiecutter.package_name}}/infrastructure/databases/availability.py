"""Whether a database error means the database cannot be used now, and why, in one line."""

from __future__ import annotations

from sqlalchemy import exc

POOL_EXHAUSTED = (
    "every connection of the pool stayed busy (see DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW "
    "and DATABASE_CONNECT_TIMEOUT)"
)


def summary(error: BaseException) -> str:
    """The first line the driver gave (no SQL, no parameters): enough for one log line."""
    cause = error.orig if isinstance(error, exc.DBAPIError) else error
    lines = str(cause).strip().splitlines()
    return lines[0].strip() if lines else type(cause).__name__


def unavailability(error: BaseException) -> str | None:
    """Why the database cannot be used now (down, restarting, refusing, too busy); None when the
    error says something else, such as a bug in a statement."""
    if isinstance(error, exc.TimeoutError):
        return POOL_EXHAUSTED
    if isinstance(error, exc.DisconnectionError):
        return str(error)
    if isinstance(error, (exc.OperationalError, exc.InterfaceError)) or (
        isinstance(error, exc.DBAPIError) and error.connection_invalidated
    ):
        return summary(error)
    return None
