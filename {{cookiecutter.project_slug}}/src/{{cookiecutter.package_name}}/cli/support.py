"""What the commands share: one clear line for an error an operator can fix, and settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import wraps
from typing import ParamSpec, TypeVar

import click
from alembic.script.revision import RevisionError
from alembic.util.exc import CommandError
from sqlalchemy.exc import DBAPIError, OperationalError

from ..config import ConfigurationError, Settings
from ..domain.exceptions import DomainError
from ..domain_tooling.removal import RemovalRefused
from ..infrastructure.databases.migration_window import MigrationWindowError
from ..infrastructure.databases.migrations import MigrationError
from ..maintenance_settings import MaintenanceSettings
from ..settings_check import report

P = ParamSpec("P")
R = TypeVar("R")
MODE_CHOICE = click.Choice(["full", "read-only"])
OPERATOR_ERRORS = (
    ConfigurationError,
    CommandError,
    RevisionError,
    DomainError,
    MigrationError,
    MigrationWindowError,
    RemovalRefused,
)


def describe_database_error(error: DBAPIError) -> str:
    """The driver's first line, with what to do when the server refused the connection."""
    reason = (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]
    if "refused" in reason.lower():
        return (
            f"The database refused the connection ({reason}): is the server running, and does "
            "DATABASE_URL point at it?"
        )
    return f"Cannot use the database: {reason}"


def clear_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors an operator can fix into one line and a non-zero exit, not a traceback."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ConfigurationError as error:
            # Every missing or bad setting, one line each.
            raise click.ClickException(report(error)) from error
        except OPERATOR_ERRORS as error:
            cause = error.__cause__
            if isinstance(cause, OperationalError):
                # The message says what could not be done; the cause says why.
                raise click.ClickException(f"{error} {describe_database_error(cause)}") from error
            raise click.ClickException(str(error)) from error
        except OperationalError as error:
            raise click.ClickException(describe_database_error(error)) from error

    return run


def maintenance_settings() -> MaintenanceSettings:
    settings = Settings.from_environment()
    return MaintenanceSettings.from_environment(settings.environ, settings.is_production)


def expected_end(minutes: int | None) -> datetime | None:
    return None if minutes is None else datetime.now(timezone.utc) + timedelta(minutes=minutes)
