"""A route marked as a write is one whatever its method: a read-only window refuses it, a
migrator's drain waits for it, and HEAD never runs it."""

from __future__ import annotations

import threading
import time
import unittest
from typing import Any, ClassVar

from flask import request
from sqlalchemy import Engine

from {{ cookiecutter.package_name }}.api.writes import writes
from {{ cookiecutter.package_name }}.app import ServiceApp
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.maintenance_fence import FENCE_LOCK, try_lock, unlock
from {{ cookiecutter.package_name }}.infrastructure.repositories.maintenance import SqlMaintenanceStateStore
from {{ cookiecutter.package_name }}.services.maintenance import MaintenanceService

from ..support.cases import testing_settings
from ..support.database import create_migrated_database

REFRESH_SECONDS = 0.1


class WriteRoutesTest(unittest.TestCase):
    """GET /probe/visit is marked as a write (it counts its visits); GET /probe/look is not."""

    app: ClassVar[ServiceApp]
    engine: ClassVar[Engine]
    visits: ClassVar[list[str]] = []
    release: ClassVar[threading.Event] = threading.Event()

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # A database of its own: the drain test takes the fence lock every instance shares.
        url = create_migrated_database("write_routes")
        cls.app = create_app(
            testing_settings(DATABASE_URL=url, MAINTENANCE_REFRESH_SECONDS=REFRESH_SECONDS)
        )
        cls.engine = create_database_engine(url)

        @writes
        def visit() -> dict[str, Any]:
            cls.visits.append(request.method)
            if request.args.get("wait"):
                cls.release.wait(10)
            return {"visits": len(cls.visits)}

        def look() -> dict[str, Any]:
            return {"looked": True}

        cls.app.add_url_rule("/probe/visit", "probe_visit", visit, methods=["GET"])
        cls.app.add_url_rule("/probe/look", "probe_look", look, methods=["GET"])

    @classmethod
    def tearDownClass(cls) -> None:
        cls.app.container.maintenance_gate().close()
        cls.app.container.engine().dispose()
        cls.engine.dispose()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.visits.clear()
        self.release.clear()
        self.client = self.app.test_client()
        self.maintenance = MaintenanceService(SqlMaintenanceStateStore(self.engine))
        self.maintenance.close()
        time.sleep(REFRESH_SECONDS * 3)  # a window a test before opened is seen closed by now
        self.addCleanup(self.maintenance.close)

    def open_read_only_window(self) -> None:
        self.maintenance.open(MaintenanceMode.READ_ONLY)
        time.sleep(REFRESH_SECONDS * 3)  # every cached window is older than the bound by now

    def test_a_read_only_window_refuses_a_get_marked_as_a_write(self) -> None:
        self.assertEqual(self.client.get("/probe/visit").status_code, 200)
        self.open_read_only_window()
        refused = self.client.get("/probe/visit")
        self.assertEqual(refused.status_code, 503)
        self.assertEqual(refused.get_json()["mode"], "read-only")
        self.assertEqual(self.visits, ["GET"], "the refused visit did not run")
        self.assertEqual(self.client.get("/probe/look").status_code, 200, "reads are served")

    def test_head_never_runs_a_route_marked_as_a_write(self) -> None:
        response = self.client.head("/probe/visit")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.headers["Allow"], "GET, OPTIONS")
        self.assertEqual(self.visits, [])
        self.assertEqual(self.client.head("/probe/look").status_code, 200)

    def test_a_migrator_waits_for_a_get_marked_as_a_write_in_flight(self) -> None:
        visit = threading.Thread(target=self.client.get, args=("/probe/visit?wait=1",))
        visit.start()
        self.addCleanup(visit.join, 10)
        self.addCleanup(self.release.set)
        deadline = time.monotonic() + 5
        while not self.visits and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(self.visits, ["GET"], "the visit is in flight")
        self.open_read_only_window()
        with self.engine.connect() as migrator:
            migrator.execution_options(isolation_level="AUTOCOMMIT")
            self.assertFalse(try_lock(migrator, FENCE_LOCK), "the visit is still in flight")
            self.release.set()
            visit.join(10)
            deadline = time.monotonic() + 5
            while not try_lock(migrator, FENCE_LOCK):
                self.assertLess(time.monotonic(), deadline, "the instance never let go")
                time.sleep(0.02)
            unlock(migrator, FENCE_LOCK)
