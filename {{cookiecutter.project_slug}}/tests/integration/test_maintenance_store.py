"""The shared window and the fence on PostgreSQL: every instance sees one state."""

import time
import unittest
from datetime import datetime, timedelta, timezone
from functools import cache

from sqlalchemy import Engine, text

from {{ cookiecutter.package_name }}.domain.models.maintenance import (
    MaintenanceMode,
    MaintenanceWindow,
    WindowOwner,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.maintenance_fence import (
    FENCE_LOCK,
    PostgresInstanceFence,
    try_lock,
    unlock,
)
from {{ cookiecutter.package_name }}.infrastructure.repositories.maintenance import SqlMaintenanceStateStore
from {{ cookiecutter.package_name }}.services.maintenance import MaintenanceService

from ..support.cases import DatabaseTestCase
from ..support.database import create_fresh_database, create_migrated_database
from ..support.maintenance_probe import instance_gate, wait_until

REFRESH_SECONDS = 0.2


@cache
def fenced_database_url() -> str:
    """A migrated database of its own: no other test's instance holds the fence in it."""
    return create_migrated_database("maintenance_fence")


def instance_engine() -> Engine:
    """Each instance of the service has its own engine and connections."""
    return create_database_engine(fenced_database_url())


class StateStoreTest(DatabaseTestCase):
    def test_a_missing_row_reads_as_a_closed_window(self) -> None:
        # setUp truncated every table, service_context among them.
        self.assertEqual(SqlMaintenanceStateStore(self.engine).read(), MaintenanceWindow())

    def test_a_saved_window_is_read_back_as_it_was(self) -> None:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        window = MaintenanceWindow.opened(
            MaintenanceMode.READ_ONLY,
            now=now,
            reason="reindex",
            expected_end=now + timedelta(minutes=5),
            opened_by=WindowOwner.MIGRATION,
        )
        store = SqlMaintenanceStateStore(self.engine)
        store.save(window)
        store.save(window)  # the second save updates the row the first created
        self.assertEqual(store.read(), window)

    def test_a_database_not_yet_migrated_reads_as_a_closed_window(self) -> None:
        engine = create_database_engine(create_fresh_database("maintenance_unmigrated"))
        self.addCleanup(engine.dispose)
        self.assertEqual(SqlMaintenanceStateStore(engine).read(), MaintenanceWindow())


class SharedStateTest(unittest.TestCase):
    def setUp(self) -> None:
        # The operator's and the migrator's engine; each instance has one of its own.
        self.engine = instance_engine()
        self.addCleanup(self.engine.dispose)
        self.store = SqlMaintenanceStateStore(self.engine)
        self.store.save(MaintenanceWindow.closed())
        self.gates = [instance_gate(self, fenced_database_url(), REFRESH_SECONDS) for _ in range(2)]

    def test_a_window_opened_by_one_instance_is_obeyed_by_another_within_the_bound(self) -> None:
        first, second = self.gates
        # Both instances have read the closed window and cache it.
        for gate in self.gates:
            self.assertIsNone(gate.admit(write=False))
            gate.finish(write=False)
        MaintenanceService(self.store).open(MaintenanceMode.FULL)
        time.sleep(REFRESH_SECONDS * 1.5)  # the bound: every cached window is older by now
        self.assertIsNotNone(first.admit(write=False))
        self.assertIsNotNone(second.admit(write=True))

    def test_a_migrator_gets_the_fence_only_once_every_instance_has_drained(self) -> None:
        first, second = self.gates
        self.assertIsNone(first.admit(write=True))  # in flight on the first instance
        self.assertIsNone(second.admit(write=False))
        second.finish(write=False)
        MaintenanceService(self.store).open(MaintenanceMode.FULL)
        with self.engine.connect() as migrator:
            migrator.execution_options(isolation_level="AUTOCOMMIT")
            self.assertFalse(try_lock(migrator, FENCE_LOCK))
            first.sync()
            second.sync()
            self.assertFalse(try_lock(migrator, FENCE_LOCK), "the write is still in flight")
            first.finish(write=True)
            first.sync()
            self.assertTrue(try_lock(migrator, FENCE_LOCK), "every instance has let go")
            unlock(migrator, FENCE_LOCK)


class FenceTest(unittest.TestCase):
    def setUp(self) -> None:
        self.engine = instance_engine()
        self.addCleanup(self.engine.dispose)

    def test_the_hold_ends_with_the_session_of_a_process_that_died(self) -> None:
        fence = PostgresInstanceFence(self.engine)
        self.assertTrue(fence.acquire())
        with self.engine.connect() as migrator:
            migrator.execution_options(isolation_level="AUTOCOMMIT")
            self.assertFalse(try_lock(migrator, FENCE_LOCK))
            # Ends the holding session, as a crash or a lost host would.
            migrator.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND mode = 'ShareLock' AND pid <> pg_backend_pid() AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            )
            self.assertTrue(wait_until(lambda: try_lock(migrator, FENCE_LOCK), timeout=5))
            unlock(migrator, FENCE_LOCK)
        fence.release()

    def test_a_process_cannot_take_the_fence_while_a_migrator_holds_it(self) -> None:
        with self.engine.connect() as migrator:
            migrator.execution_options(isolation_level="AUTOCOMMIT")
            self.assertTrue(try_lock(migrator, FENCE_LOCK))
            self.assertFalse(PostgresInstanceFence(self.engine).acquire())
            unlock(migrator, FENCE_LOCK)
        fence = PostgresInstanceFence(self.engine)
        self.assertTrue(fence.acquire())
        fence.release()
