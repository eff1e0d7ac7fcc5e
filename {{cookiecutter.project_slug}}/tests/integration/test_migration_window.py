"""db upgrade / downgrade inside a maintenance window, on PostgreSQL, through its API."""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

from sqlalchemy import inspect, text

from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode, WindowOwner
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.maintenance_fence import (
    FENCE_LOCK,
    MIGRATOR_LOCK,
    lock_holders,
    try_lock,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.migration_window import (
    DrainTimedOut,
    FailurePolicy,
    MigrationFailed,
    MigrationWindow,
    MigratorBusy,
    WindowOptions,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner
from {{ cookiecutter.package_name }}.infrastructure.repositories.maintenance import SqlMaintenanceStateStore
from {{ cookiecutter.package_name }}.services.maintenance import MaintenanceService
from {{ cookiecutter.package_name }}.services.maintenance_gate import MaintenanceGate

from ..support.maintenance_probe import (
    CHANGE_REVISION,
    FAIL_VARIABLE,
    PROBE_FAILURE,
    SLEEP_VARIABLE,
    ProbeDatabaseTestCase,
    columns,
    current_revision,
    instance_gate,
    locks_held_by_others,
    window_row,
)


class MigrationWindowTest(ProbeDatabaseTestCase):
    database_prefix = "maintenance_window"
    tokens = frozenset({"alpha", "beta", "gamma"})

    def setUp(self) -> None:
        super().setUp()
        self.runner = MigrationRunner(self.url, self.migrations)
        self.engine = create_database_engine(self.url)
        self.addCleanup(self.engine.dispose)
        self.store = SqlMaintenanceStateStore(self.engine)
        self.lines: list[str] = []
        self.window = MigrationWindow(self.runner, report=self.report)
        self.on_report: list[Any] = []

    def report(self, line: str) -> None:
        self.lines.append(line)
        for react in self.on_report:
            react(line)

    def options(self, **overrides: Any) -> WindowOptions:
        values: dict[str, Any] = {
            "refresh_seconds": 0.1,
            "drain_timeout": 10,
            "lock_timeout": 2,
            "statement_timeout": 30,
        }
        values.update(overrides)
        return WindowOptions(**values)

    def environ(self, **values: str) -> Any:
        return mock.patch.dict(os.environ, values)

    def windows_once_drained(self) -> list[tuple[Any, ...]]:
        """The window's row, read each time the migrator reports the instances drained."""
        during: list[tuple[Any, ...]] = []
        self.on_report.append(
            lambda line: during.append(window_row(self.url)) if "drained" in line else None
        )
        return during

    def instance(self) -> MaintenanceGate:
        """One more instance of the service, with its own engine, serving this database."""
        return instance_gate(self, self.url, refresh_seconds=0.1)

    def test_with_nothing_to_migrate_nothing_changes(self) -> None:
        self.runner.upgrade()
        before = self._updated_at()
        self.assertFalse(self.window.upgrade("head", self.options()))
        self.assertIn("Nothing to upgrade", self.lines[-1])
        self.assertEqual(self._updated_at(), before, "the window was never opened")
        self.assertEqual(locks_held_by_others(self.url), [])

    def test_an_upgrade_opens_the_window_migrates_and_closes_it(self) -> None:
        during = self.windows_once_drained()
        self.assertTrue(self.window.upgrade("head", self.options()))
        self.assertEqual(during, [("full", "migration")])
        self.assertEqual(current_revision(self.url), CHANGE_REVISION)
        self.assertIn("token_length", columns(self.url, "maintenance_probe"))
        self.assertEqual(window_row(self.url)[0], "off")
        self.assertEqual(locks_held_by_others(self.url), [])

    def test_a_downgrade_runs_in_a_window_too(self) -> None:
        self.runner.upgrade()
        self.assertTrue(self.window.downgrade("-1", self.options()))
        self.assertTrue(any("Maintenance window open" in line for line in self.lines))
        self.assert_unchanged()
        self.assertEqual(window_row(self.url)[0], "off")

    def test_a_failing_migration_leaves_schema_and_data_as_they_were(self) -> None:
        with self.environ(**{FAIL_VARIABLE: "1"}), self.assertRaises(MigrationFailed) as failure:
            self.window.upgrade("head", self.options())
        message = str(failure.exception)
        self.assertIn("rolled back", message)
        self.assertIn(PROBE_FAILURE, message)
        self.assertIn("window is closed", message)
        self.assert_unchanged()
        self.assertEqual(window_row(self.url)[0], "off")
        self.assertEqual(locks_held_by_others(self.url), [])

    def test_a_failure_rolls_back_every_migration_of_the_run(self) -> None:
        self.runner.downgrade("-1")  # both probe revisions are pending now
        before = current_revision(self.url)
        with self.environ(**{FAIL_VARIABLE: "1"}), self.assertRaises(MigrationFailed):
            self.window.upgrade("head", self.options())
        self.assertEqual(current_revision(self.url), before)
        self.assertNotIn("maintenance_probe", inspect(self.engine).get_table_names())

    def test_a_failing_migration_keeps_the_window_open_when_asked(self) -> None:
        options = self.options(on_failure=FailurePolicy.KEEP)
        with self.environ(**{FAIL_VARIABLE: "1"}), self.assertRaises(MigrationFailed) as failure:
            self.window.upgrade("head", options)
        self.assertIn("stays open", str(failure.exception))
        self.assert_unchanged()
        self.assertEqual(window_row(self.url), ("full", "operator"), "the operator closes it")

    def test_a_migration_blocked_by_a_lock_gives_up_after_the_lock_timeout(self) -> None:
        with self.engine.connect() as reader:
            reader.execute(text("SELECT count(*) FROM maintenance_probe"))  # holds ACCESS SHARE
            with self.assertRaisesRegex(MigrationFailed, "lock timeout"):
                self.window.upgrade("head", self.options(lock_timeout=0.3))
            reader.rollback()
        self.assert_unchanged()

    def test_a_statement_running_too_long_is_stopped_by_the_statement_timeout(self) -> None:
        with (
            self.environ(**{SLEEP_VARIABLE: "5"}),
            self.assertRaisesRegex(MigrationFailed, "statement timeout"),
        ):
            self.window.upgrade("head", self.options(statement_timeout=0.3))
        self.assert_unchanged()

    def test_the_migrator_waits_for_requests_in_flight_on_every_instance(self) -> None:
        busy = self.instance()
        self.assertIsNone(busy.admit(write=True))
        with self.engine.connect() as connection:
            # Only the busy instance holds the fence yet: its label, with its session's pid.
            (busy_label,) = lock_holders(connection, FENCE_LOCK, shared=True)
        idle = self.instance()
        self.assertIsNone(idle.admit(write=False))
        idle.finish(write=False)
        finished: list[bool] = []

        def finish_once_waited_for(line: str) -> None:
            if line.startswith("Waiting for 1 instance") and not finished:
                self.assertNotIn("token_length", columns(self.url, "maintenance_probe"))
                busy.finish(write=True)
                finished.append(True)

        self.on_report.append(finish_once_waited_for)
        self.assertTrue(self.window.upgrade("head", self.options()))
        self.assertEqual(finished, [True], "the migrator waited for the write in flight")
        waiting = next(line for line in self.lines if line.startswith("Waiting for 1 instance"))
        self.assertIn(f"in-flight requests: {busy_label} (", waiting, "it names whom it waits for")

    def test_the_migrator_gives_up_when_requests_in_flight_do_not_finish(self) -> None:
        busy = self.instance()
        self.assertIsNone(busy.admit(write=True))
        with self.assertRaisesRegex(DrainTimedOut, "Nothing was migrated"):
            self.window.upgrade("head", self.options(drain_timeout=0.5))
        busy.finish(write=True)
        self.assert_unchanged()
        self.assertEqual(window_row(self.url)[0], "off")

    def test_without_a_window_the_migration_does_not_wait_for_instances(self) -> None:
        busy = self.instance()
        self.assertIsNone(busy.admit(write=True))
        self.assertTrue(self.window.upgrade("head", self.options(open_window=False)))
        busy.finish(write=True)
        self.assertIn("token_length", columns(self.url, "maintenance_probe"))
        self.assertEqual(window_row(self.url)[0], "off")

    def test_keep_window_leaves_it_open_after_success(self) -> None:
        self.assertTrue(self.window.upgrade("head", self.options(keep_open=True)))
        self.assertEqual(window_row(self.url), ("full", "operator"), "the operator closes it")

    def test_a_second_migrator_stops_at_once_and_changes_nothing(self) -> None:
        with self.engine.connect() as running:
            running.execution_options(isolation_level="AUTOCOMMIT")
            self.assertTrue(try_lock(running, MIGRATOR_LOCK))  # a migrator is running
            with self.assertRaisesRegex(MigratorBusy, "Another migrator is running"):
                self.window.upgrade("head", self.options())
        self.assert_unchanged()
        self.assertEqual(window_row(self.url)[0], "off")

    def test_an_operators_window_is_tightened_for_the_migration_then_left_open(self) -> None:
        MaintenanceService(self.store).open(MaintenanceMode.READ_ONLY, reason="operator")
        during = self.windows_once_drained()
        self.assertTrue(self.window.upgrade("head", self.options()))
        self.assertEqual(during, [("full", "operator")])
        window = self.store.read()
        self.assertIs(window.mode, MaintenanceMode.READ_ONLY)
        self.assertIs(window.opened_by, WindowOwner.OPERATOR)

    def test_a_window_left_by_an_interrupted_migrator_is_taken_over_and_closed(self) -> None:
        MaintenanceService(self.store).open(MaintenanceMode.FULL, opened_by=WindowOwner.MIGRATION)
        self.assertTrue(self.window.upgrade("head", self.options()))
        self.assertTrue(any("takes it over" in line for line in self.lines))
        self.assertEqual(window_row(self.url)[0], "off")

    def _updated_at(self) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT updated_at FROM service_context")).scalar()
