"""manage.py maintenance and db upgrade on PostgreSQL, as an operator runs them.

Commands run in this process (click's runner) unless the test needs a process of its own: one to
kill, or one to run beside another.
"""

from __future__ import annotations

import signal
import subprocess
import unittest

from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner

from ..support.database import create_migrated_database
from ..support.maintenance_probe import (
    CHANGE_REVISION,
    PROBE_FAILURE,
    ProbeDatabaseTestCase,
    current_revision,
    invoke,
    locks_held_by_others,
    probe_tokens,
    running,
    start_manage,
    wait_until,
    window_row,
)


class MaintenanceCommandsTest(unittest.TestCase):
    def test_on_status_and_off(self) -> None:
        url = create_migrated_database("maintenance_cli")
        opened = invoke(
            "maintenance",
            "on",
            "--mode",
            "read-only",
            "--reason",
            "reindexing",
            "--expected-minutes",
            "15",
            database_url=url,
        )
        self.assertEqual(opened.exit_code, 0, opened.output)
        status = invoke("maintenance", "status", database_url=url)
        self.assertIn("Maintenance: on (read-only)", status.output)
        self.assertIn("Reason: reindexing", status.output)
        self.assertIn("Expected end:", status.output)
        self.assertIn("by operator", status.output)
        closed = invoke("maintenance", "off", database_url=url)
        self.assertEqual(closed.exit_code, 0, closed.output)
        self.assertEqual(window_row(url)[0], "off")


class UpgradeCommandTest(ProbeDatabaseTestCase):
    database_prefix = "maintenance_upgrade"
    tokens = frozenset({"alpha", "beta"})

    def upgrade(self, *options: str) -> tuple[str, ...]:
        return ("db", "--directory", str(self.migrations), "upgrade", *options)

    def test_a_failing_migration_exits_non_zero_and_keeps_the_window_when_asked(self) -> None:
        result = invoke(
            *self.upgrade("--on-failure", "keep"),
            database_url=self.url,
            MAINTENANCE_PROBE_FAIL="1",
        )
        self.assertEqual(result.exit_code, 1, result.output)
        self.assertIsInstance(result.exception, SystemExit, "one clear line, not a traceback")
        self.assertIn("failed and was rolled back", result.output)
        self.assertIn(PROBE_FAILURE, result.output)
        self.assertIn("stays open", result.output)
        self.assert_unchanged()
        self.assertEqual(window_row(self.url), ("full", "operator"))
        status = invoke("maintenance", "status", database_url=self.url)
        self.assertIn("Maintenance: on (full)", status.output)

    def test_a_second_migrator_stops_with_a_clear_message(self) -> None:
        first = start_manage(*self.upgrade(), database_url=self.url, MAINTENANCE_PROBE_SLEEP="3")
        self.addCleanup(self._reap, first)
        self.assertTrue(wait_until(lambda: running(self.url, "pg_sleep"), timeout=60))
        second = invoke(*self.upgrade(), database_url=self.url)
        self.assertEqual(second.exit_code, 1, second.output)
        self.assertIn("Another migrator is running", second.output)
        self.assertIn("Nothing was changed", second.output)
        self.assertEqual(first.wait(timeout=60), 0)
        self.assertEqual(current_revision(self.url), CHANGE_REVISION)
        self.assertEqual(window_row(self.url)[0], "off")

    def test_a_killed_migrator_leaves_nothing_locked_and_a_rerun_completes(self) -> None:
        migrator = start_manage(
            *self.upgrade(), database_url=self.url, MAINTENANCE_PROBE_SLEEP="60"
        )
        self.addCleanup(self._reap, migrator)
        self.assertTrue(wait_until(lambda: running(self.url, "pg_sleep"), timeout=60))
        migrator.send_signal(signal.SIGKILL)
        migrator.wait(timeout=10)
        # The server notices the dead client within a few seconds, far before the sleep ends.
        self.assertTrue(
            wait_until(lambda: locks_held_by_others(self.url) == [], timeout=15),
            locks_held_by_others(self.url),
        )
        self.assert_unchanged()
        self.assertEqual(window_row(self.url), ("full", "migration"), "fails safe: still refusing")
        status = invoke("maintenance", "status", database_url=self.url)
        self.assertIn("a migration was interrupted", status.output)
        rerun = invoke(*self.upgrade(), database_url=self.url)
        self.assertEqual(rerun.exit_code, 0, rerun.output)
        self.assertIn("takes it over", rerun.output)
        self.assertEqual(current_revision(self.url), CHANGE_REVISION)
        self.assertEqual(probe_tokens(self.url), self.tokens)
        self.assertEqual(window_row(self.url)[0], "off")

    def test_with_nothing_to_migrate_it_says_so_and_opens_no_window(self) -> None:
        MigrationRunner(self.url, self.migrations).upgrade()
        result = invoke(*self.upgrade(), database_url=self.url)
        self.assertEqual(result.exit_code, 0, result.output)
        self.assertIn("Nothing to upgrade", result.output)
        self.assertNotIn("window", result.output)

    @staticmethod
    def _reap(process: subprocess.Popen[str]) -> None:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
