"""The maintenance window kept in the service_context row, read and written with Core queries."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from ...domain.models.maintenance import MaintenanceMode, MaintenanceWindow, WindowOwner
from ...services.maintenance import MaintenanceStateStore, MaintenanceStateUnavailable
from ..databases.availability import summary
from ..mappers.service_context import service_context_table as table

logger = logging.getLogger(__name__)

ROW_ID = 1
UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for a table that does not exist


def is_missing_table(error: DBAPIError) -> bool:
    """The database has not been migrated yet (or was downgraded below the first revision)."""
    if getattr(error.orig, "pgcode", None) == UNDEFINED_TABLE:
        return True
    return "no such table" in str(error.orig)


def _mode(value: str) -> MaintenanceMode:
    try:
        return MaintenanceMode(value)
    except ValueError:
        # A value the constraint should have stopped: refusing is the safe reading.
        logger.error("unknown maintenance mode %r in service_context; reading it as full", value)
        return MaintenanceMode.FULL


def _owner(value: str | None) -> WindowOwner | None:
    try:
        return None if value is None else WindowOwner(value)
    except ValueError:
        return None


def read_window(connection: Connection) -> MaintenanceWindow:
    """The window in the row; a closed one when the row is missing (e.g. after a TRUNCATE).

    Raises MaintenanceStateUnavailable when the row holds a value Python cannot read (a date
    past the year 9999 written with SQL, say): the service refuses rather than guess.
    """
    try:
        row = connection.execute(
            select(
                table.c.maintenance_mode,
                table.c.reason,
                table.c.expected_end,
                table.c.opened_at,
                table.c.opened_by,
            ).where(table.c.id == ROW_ID)
        ).first()
    except (ValueError, OverflowError) as error:
        raise MaintenanceStateUnavailable(
            f"The maintenance window in the database cannot be read ({error}): set it again with "
            "python manage.py maintenance off (or on), or PATCH /v1/service-context."
        ) from error
    if row is None:
        return MaintenanceWindow.closed()
    mode, reason, expected_end, opened_at, opened_by = row
    return MaintenanceWindow(
        mode=_mode(mode),
        reason=reason,
        expected_end=expected_end,
        opened_at=opened_at,
        opened_by=_owner(opened_by),
    )


def save_window(connection: Connection, window: MaintenanceWindow) -> None:
    """Write the window into the row, creating the row when it is missing."""
    values: dict[str, Any] = {
        "maintenance_mode": window.mode.value,
        "reason": window.reason,
        "expected_end": window.expected_end,
        "opened_at": window.opened_at,
        "opened_by": window.opened_by.value if window.opened_by else None,
        "updated_at": datetime.now(timezone.utc),
    }
    updated = connection.execute(update(table).where(table.c.id == ROW_ID).values(**values))
    if not updated.rowcount:
        connection.execute(insert(table).values(id=ROW_ID, **values))


class SqlMaintenanceStateStore(MaintenanceStateStore):
    """Short transactions on the service's engine; a missing row or table reads as closed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def read(self) -> MaintenanceWindow:
        try:
            with self._engine.connect() as connection:
                return read_window(connection)
        except DBAPIError as error:
            if is_missing_table(error):
                return MaintenanceWindow.closed()
            raise self._unavailable("read", error) from error
        except SQLAlchemyError as error:
            raise self._unavailable("read", error) from error

    def save(self, window: MaintenanceWindow) -> None:
        try:
            try:
                self._save(window)
            except IntegrityError:
                self._save(window)  # another writer created the row first: update it now
        except SQLAlchemyError as error:
            raise self._unavailable("saved", error) from error

    def _save(self, window: MaintenanceWindow) -> None:
        with self._engine.begin() as connection:
            save_window(connection, window)

    @staticmethod
    def _unavailable(verb: str, error: SQLAlchemyError) -> MaintenanceStateUnavailable:
        if isinstance(error, DBAPIError) and is_missing_table(error):
            why = "the database is not migrated (run: python manage.py db upgrade)"
        else:
            why = "the database did not answer"
        logger.warning("the maintenance state could not be %s: %s", verb, summary(error))
        return MaintenanceStateUnavailable(f"The maintenance state could not be {verb}: {why}.")
