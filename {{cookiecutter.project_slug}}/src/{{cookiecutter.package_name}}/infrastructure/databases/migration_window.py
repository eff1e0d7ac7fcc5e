"""db upgrade / downgrade inside a maintenance window: the whole procedure, on PostgreSQL.

1. Take MIGRATOR_LOCK (a second migrator stops at once: MigratorBusy); with nothing to migrate,
   stop there, having changed nothing.
2. Open the window (mode, reason, expected end) in service_context.
3. Wait, with progress, until every instance has seen it and finished its in-flight requests:
   the exclusive FENCE_LOCK is granted then (see maintenance_fence.py); DrainTimedOut otherwise.
4. Migrate in one transaction with lock_timeout and statement_timeout: a failure rolls back every
   change to schema and data.
5. Let go of the fence and close the window (or keep it open, as the operator asked).
A migrator that dies leaves no lock (they end with its sessions) and, at worst, an open window
that the next run takes over. On SQLite (development) the migration runs in one process, in one
transaction too. Before the window opens, a `prepare` callback sees the steps (db upgrade prints
its lint verdict there; db downgrade says what it drops and asks).
"""

from __future__ import annotations

import enum
import re
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from alembic.script.revision import RevisionError
from sqlalchemy import Connection, Engine, create_engine, inspect, pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ...domain.models.maintenance import MaintenanceMode, MaintenanceWindow, WindowOwner
from ...maintenance_settings import (
    DEFAULT_DRAIN_TIMEOUT,
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_REFRESH_SECONDS,
    DEFAULT_STATEMENT_TIMEOUT,
)
from ..mappers.service_context import service_context_table
from ..repositories.maintenance import read_window, save_window
from .engine import create_migration_engine
from .maintenance_fence import (
    FENCE_LOCK,
    MIGRATOR_LOCK,
    lock_holders,
    set_application_name,
    try_lock,
    unlock,
)
from .migrations import MigrationRunner, current_revisions, describe_revisions

# A revision relative to the current one without a branch: ambiguous with several heads.
RELATIVE = re.compile(r"^-\d+$")
POLL_SECONDS = 0.1
PROGRESS_SECONDS = 1.0
# A killed migrator's backend notices within this time and rolls back (PostgreSQL 14+).
CLIENT_CHECK_INTERVAL = "1s"


class MigrationWindowError(Exception):
    """Nothing was migrated or the migration was rolled back; the message says what to do."""


class MigratorBusy(MigrationWindowError):
    """Another migrator holds the migrator lock on this database."""


class DrainTimedOut(MigrationWindowError):
    """In-flight requests did not finish in time; nothing was migrated."""


class MigrationFailed(MigrationWindowError):
    """A migration raised; its transaction was rolled back."""


class Direction(enum.Enum):
    UPGRADE = "upgrade"
    DOWNGRADE = "downgrade"


class FailurePolicy(enum.Enum):
    """What a failed run does with the window it opened."""

    CLOSE = "close"
    KEEP = "keep"


@dataclass(frozen=True)
class WindowOptions:
    """How a migration runs; seconds everywhere, 0 meaning no limit for statement_timeout."""

    open_window: bool = True
    mode: MaintenanceMode = MaintenanceMode.FULL
    keep_open: bool = False
    on_failure: FailurePolicy = FailurePolicy.CLOSE
    reason: str | None = None
    expected_end: datetime | None = None
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    drain_timeout: float = DEFAULT_DRAIN_TIMEOUT
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT


@dataclass(frozen=True)
class _Opening:
    """The window this run opened and the one to put back afterwards."""

    opened: MaintenanceWindow
    restore: MaintenanceWindow


def _milliseconds(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


# Called with the control connection, the direction and the steps, before any window opens.
Prepare = Callable[[Connection, "Direction", list[str]], None]


def _summary(error: BaseException) -> str:
    """The first line of what went wrong, e.g. 'canceling statement due to lock timeout'."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    first_line = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(cause).__name__}: {first_line}" if first_line else type(cause).__name__


class MigrationWindow:
    """Runs Alembic upgrades and downgrades inside a maintenance window."""

    def __init__(
        self,
        runner: MigrationRunner,
        report: Callable[[str], None] = print,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        prepare: Prepare | None = None,
    ) -> None:
        self._runner = runner
        self._prepare = prepare
        self._report = report
        self._sleep = sleep
        self._clock = clock

    def upgrade(self, revision: str = "heads", options: WindowOptions | None = None) -> bool:
        """Apply migrations up to revision; False when there was nothing to apply."""
        return self._run(Direction.UPGRADE, revision, options or WindowOptions())

    def downgrade(self, revision: str = "-1", options: WindowOptions | None = None) -> bool:
        """Revert migrations down to revision; False when there was nothing to revert."""
        return self._run(Direction.DOWNGRADE, revision, options or WindowOptions())

    def _run(self, direction: Direction, revision: str, options: WindowOptions) -> bool:
        if make_url(self._runner.database_url).get_backend_name() != "postgresql":
            # The migration engine also creates the folder of a new SQLite file.
            local = create_migration_engine(self._runner.database_url)
            try:
                return self._run_plainly(local, direction, revision)
            finally:
                local.dispose()
        engine = create_engine(self._runner.database_url, poolclass=pool.NullPool)
        try:
            with engine.connect() as control:
                control.execution_options(isolation_level="AUTOCOMMIT")
                set_application_name(control, "migrator")
                self._take_migrator_lock(control)
                try:
                    return self._run_guarded(engine, control, direction, revision, options)
                finally:
                    with suppress(SQLAlchemyError):  # closing the session ends the lock anyway
                        unlock(control, MIGRATOR_LOCK)
        finally:
            engine.dispose()

    def _run_plainly(self, engine: Engine, direction: Direction, revision: str) -> bool:
        with engine.connect() as connection:
            heads = current_revisions(connection)
            steps = self._steps(heads, direction, revision)
            if not steps:
                self._report(
                    f"Nothing to {direction.value}: the database is at {describe_revisions(heads)}."
                )
                return False
            if self._prepare is not None:
                self._prepare(connection, direction, steps)
        self._report(
            f"The {engine.dialect.name} database has no advisory locks: migrating in this process "
            "only, without a maintenance window (PostgreSQL gets the guarded procedure)."
        )
        try:
            if direction is Direction.UPGRADE:
                self._runner.upgrade(revision)
            else:
                self._runner.downgrade(revision)
        except Exception as error:
            start = describe_revisions(heads)
            raise MigrationFailed(
                f"The {direction.value} failed and was rolled back: {_summary(error)}. The schema "
                f"and the data are unchanged (the database is still at {start})."
            ) from error
        self._report_done(engine)
        return True

    def _run_guarded(
        self,
        engine: Engine,
        control: Connection,
        direction: Direction,
        revision: str,
        options: WindowOptions,
    ) -> bool:
        heads = current_revisions(control)
        steps = self._steps(heads, direction, revision)
        start = describe_revisions(heads)
        if not steps:
            self._report(f"Nothing to {direction.value}: the database is at {start}.")
            return False
        self._report(f"To {direction.value} from {start}: {', '.join(steps)}.")
        if self._prepare is not None:
            self._prepare(control, direction, steps)
        opening = self._open(control, direction, revision, options)
        fenced = False
        try:
            if opening is not None:
                self._drain(control, options)
                fenced = True
            self._migrate(engine, direction, revision, options)
        except BaseException as error:
            window_note = self._after_failure(control, opening, options, fenced)
            if isinstance(error, MigrationWindowError):
                raise type(error)(f"{error} {window_note}") from error
            if not isinstance(error, Exception):
                raise  # interrupted (Ctrl-C): the transaction is rolled back, the window handled
            raise MigrationFailed(
                f"The {direction.value} failed and was rolled back: {_summary(error)}. The schema "
                f"and the data are unchanged (the database is still at {start}). {window_note}"
            ) from error
        if fenced:
            unlock(control, FENCE_LOCK)
        self._after_success(control, opening, options)
        self._report_done(engine)
        return True

    def _take_migrator_lock(self, control: Connection) -> None:
        if try_lock(control, MIGRATOR_LOCK):
            return
        holders = ", ".join(lock_holders(control, MIGRATOR_LOCK, shared=False)) or "unknown"
        raise MigratorBusy(
            f"Another migrator is running on this database ({holders}). Nothing was changed: "
            "wait for it to finish, then run this command again."
        )

    def _steps(self, current: tuple[str, ...], direction: Direction, revision: str) -> list[str]:
        """The revisions the command would apply, in order; empty when there is nothing to do."""
        script = self._runner.script()
        if direction is Direction.DOWNGRADE and len(current) > 1 and RELATIVE.match(revision):
            raise MigrationWindowError(
                f"The database is at the newest revision of several branches "
                f"({describe_revisions(current)}): say which to revert, as BRANCH@-1 (its last "
                "revision), BRANCH@base (all of it) or a revision id; the branches are "
                f"{', '.join(self._runner.branches())}."
            )
        # The same walk Alembic's upgrade and downgrade commands make, newest first.
        try:
            if direction is Direction.UPGRADE:
                found = script.iterate_revisions(revision, current, implicit_base=True)
            else:
                found = script.iterate_revisions(current, revision, select_for_downgrade=True)
            revisions = [script_revision.revision for script_revision in found if script_revision]
        except RevisionError as error:
            raise MigrationWindowError(
                f"Cannot {direction.value} to {revision!r}: {error}"
            ) from error
        return revisions[::-1] if direction is Direction.UPGRADE else revisions

    def _report_done(self, engine: Engine) -> None:
        with engine.connect() as connection:
            heads = current_revisions(connection)
        self._report(f"Done: the database is at {describe_revisions(heads)}.")

    def _open(
        self, control: Connection, direction: Direction, revision: str, options: WindowOptions
    ) -> _Opening | None:
        if not options.open_window:
            self._report("No maintenance window (--no-window): the service keeps serving.")
            return None
        if not inspect(control).has_table(service_context_table.name):
            self._report(
                "No maintenance state in this database yet: nothing can be serving from it, "
                "so no window is opened."
            )
            return None
        now = datetime.now(timezone.utc)
        previous = read_window(control)
        if previous.is_open and previous.opened_by is WindowOwner.OPERATOR:
            opened = replace(previous, mode=previous.mode.strictest(options.mode))
            restore = previous
            self._report("An operator's maintenance window is open: it stays open afterwards.")
        else:
            if previous.is_open:
                self._report(
                    "Found a window left open by an interrupted migration: this run takes it over."
                )
            opened = MaintenanceWindow.opened(
                options.mode,
                now=now,
                reason=options.reason or f"Database migration ({direction.value} to {revision})",
                expected_end=options.expected_end,
                opened_by=WindowOwner.MIGRATION,
            )
            restore = MaintenanceWindow.closed()
        save_window(control, opened)
        refused = "writes" if opened.mode is MaintenanceMode.READ_ONLY else "requests"
        self._report(
            f"Maintenance window open ({opened.mode.value}): every instance refuses {refused} "
            f"with 503 within {options.refresh_seconds:g} s."
        )
        return _Opening(opened, restore)

    def _drain(self, control: Connection, options: WindowOptions) -> None:
        """Wait for the refresh bound and for every instance to let go of the fence."""
        started = self._clock()
        seen_by_all = started + options.refresh_seconds
        deadline = started + options.drain_timeout
        next_progress = started
        while True:
            now = self._clock()
            if now >= seen_by_all and try_lock(control, FENCE_LOCK):
                self._report("Every instance has drained: migrating.")
                return
            busy = lock_holders(control, FENCE_LOCK, shared=True)
            if now >= deadline:
                raise DrainTimedOut(
                    f"In-flight requests did not finish within {options.drain_timeout:g} s on: "
                    f"{', '.join(busy) or 'no instance (the lock was not granted)'}. "
                    "Nothing was migrated."
                )
            if now >= next_progress:
                waiting = (
                    f"{len(busy)} instance(s) to finish in-flight requests: {', '.join(busy)}"
                    if busy
                    else "every instance to see the window"
                )
                self._report(f"Waiting for {waiting} ({deadline - now:.0f} s left).")
                next_progress = now + PROGRESS_SECONDS
            self._sleep(POLL_SECONDS)

    def _migrate(
        self, engine: Engine, direction: Direction, revision: str, options: WindowOptions
    ) -> None:
        with engine.connect() as connection, connection.begin():
            settings = {
                "lock_timeout": _milliseconds(options.lock_timeout),
                "statement_timeout": _milliseconds(options.statement_timeout),
            }
            if (connection.dialect.server_version_info or (0,)) >= (14,):
                settings["client_connection_check_interval"] = CLIENT_CHECK_INTERVAL
            for name, value in settings.items():
                # set_config(..., true) is SET LOCAL: it ends with the migration's transaction.
                connection.execute(
                    text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value}
                )
            self._migrate_on(connection, direction, revision)

    def _migrate_on(self, connection: Connection, direction: Direction, revision: str) -> None:
        """Run Alembic on a connection already in a transaction: migrations/env.py uses it."""
        if direction is Direction.UPGRADE:
            self._runner.upgrade_on(connection, revision)
        else:
            self._runner.downgrade_on(connection, revision)

    def _after_failure(
        self, control: Connection, opening: _Opening | None, options: WindowOptions, fenced: bool
    ) -> str:
        """Let go of the fence and apply --on-failure; never masks the failure itself."""
        try:
            if fenced:
                unlock(control, FENCE_LOCK)
            if opening is None:
                return "No maintenance window was opened."
            if options.on_failure is FailurePolicy.KEEP:
                self._hand_over(control, opening)
                return (
                    "The maintenance window stays open (--on-failure=keep); close it with: "
                    "python manage.py maintenance off"
                )
            return self._restore(control, opening, "--on-failure=close")
        except SQLAlchemyError as error:
            return (
                f"The maintenance window could not be updated ({_summary(error)}): check it with: "
                "python manage.py maintenance status"
            )

    def _after_success(
        self, control: Connection, opening: _Opening | None, options: WindowOptions
    ) -> None:
        if opening is None:
            return
        if options.keep_open and inspect(control).has_table(service_context_table.name):
            self._hand_over(control, opening)
            self._report(
                "The maintenance window stays open (--keep-window): check the service with the "
                "bypass header, then run: python manage.py maintenance off"
            )
            return
        self._report(self._restore(control, opening, "done"))

    def _hand_over(self, control: Connection, opening: _Opening) -> None:
        """A window kept open on purpose is the operator's to close: no migrator takes it over."""
        if read_window(control).is_same_opening(opening.opened):
            save_window(control, replace(opening.opened, opened_by=WindowOwner.OPERATOR))

    def _restore(self, control: Connection, opening: _Opening, why: str) -> str:
        if not inspect(control).has_table(service_context_table.name):
            return "The maintenance state table no longer exists: there is no window to close."
        current = read_window(control)
        if not current.is_same_opening(opening.opened):
            return (
                f"The window was changed while migrating and is left as it is now "
                f"({current.mode.value})."
            )
        save_window(control, opening.restore)
        if opening.restore.is_open:
            return f"The operator's window is back as it was ({opening.restore.mode.value})."
        return f"The maintenance window is closed ({why}): every request is served again."


def running_migrators(database_url: str) -> list[str]:
    """Who holds the migrator lock now; always empty on a database without advisory locks."""
    engine = create_engine(database_url, poolclass=pool.NullPool)
    try:
        if engine.dialect.name != "postgresql":
            return []
        with engine.connect() as connection:
            return lock_holders(connection, MIGRATOR_LOCK, shared=False)
    finally:
        engine.dispose()
