"""The database down, refusing or too busy: a JSON 503 with Retry-After and one log line."""

from __future__ import annotations

import time
import unittest
from typing import Any, ClassVar

from flask.testing import FlaskClient
from sqlalchemy import Connection, text

from {{ cookiecutter.package_name }}.api.maintenance_middleware import BYPASS_HEADER
from {{ cookiecutter.package_name }}.app import ServiceApp
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.error_handler import DATABASE_RETRY_AFTER, DATABASE_UNAVAILABLE
from {{ cookiecutter.package_name }}.infrastructure.databases.availability import POOL_EXHAUSTED

from ..support.cases import testing_settings
from ..support.database import create_migrated_database

TOKEN = "operator-token-for-the-tests"
HANDLER_LOGGER = "{{ cookiecutter.package_name }}.error_handler"


def add_database_route(app: ServiceApp) -> None:
    """/probe/database asks the database a trivial question."""
    engine = app.container.engine()

    def ask() -> dict[str, Any]:
        with engine.connect() as connection:
            return {"answer": connection.execute(text("SELECT 1")).scalar_one()}

    app.add_url_rule("/probe/database", "probe_database", ask)


class DatabaseUnavailableTestCase(unittest.TestCase):
    app: ClassVar[ServiceApp]
    client: FlaskClient

    @classmethod
    def tearDownClass(cls) -> None:
        cls.app.container.maintenance_gate().close()
        cls.app.container.engine().dispose()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.client = self.app.test_client()

    def assert_unavailable_answer(self, path: str, headers: dict[str, str] | None = None) -> str:
        """The path answers the database's 503, logged on one line; returns that line."""
        with self.assertLogs(HANDLER_LOGGER, "WARNING") as logs:
            response = self.client.get(path, headers=headers)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.mimetype, "application/json")
        self.assertEqual(response.headers["Retry-After"], str(DATABASE_RETRY_AFTER))
        self.assertEqual(response.get_json()["message"], DATABASE_UNAVAILABLE)
        [record] = logs.records
        self.assertIsNone(record.exc_info, "one line, no traceback")
        return record.getMessage()


class RefusedTest(DatabaseUnavailableTestCase):
    """Nothing listens on port 1: every connection is refused at once."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.app = create_app(
            testing_settings(
                DATABASE_URL="postgresql://nobody@127.0.0.1:1/none",
                MAINTENANCE_TOKEN=TOKEN,
                LOG_LEVEL="CRITICAL",
            )
        )
        add_database_route(cls.app)

    def test_a_request_answers_503_with_retry_after_and_one_log_line(self) -> None:
        # The maintenance gate cannot reach the database either: the operator's bypass passes it.
        line = self.assert_unavailable_answer("/probe/database", {BYPASS_HEADER: TOKEN})
        self.assertIn("refused", line)

    def test_without_the_bypass_the_gate_refuses_first_with_its_json_503(self) -> None:
        response = self.client.get("/probe/database")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.mimetype, "application/json")
        self.assertIn("Retry-After", response.headers)

    def test_readiness_says_why_it_is_not_ready(self) -> None:
        with self.assertLogs(level="WARNING"):
            response = self.client.get("/health/ready")
        self.assertEqual(response.status_code, 503)
        body = response.get_json()
        self.assertEqual(
            body["checks"],
            {"database": "unavailable", "migrations": "unavailable", "serving": "ok"},
        )
        self.assertIn("refused", body["reasons"]["database"])


class PoolExhaustedTest(DatabaseUnavailableTestCase):
    """One pooled connection, held by the test: no request gets one."""

    held: ClassVar[Connection]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.app = create_app(
            testing_settings(
                DATABASE_URL=create_migrated_database("pool_exhausted"),
                DATABASE_POOL_SIZE=1,
                DATABASE_MAX_OVERFLOW=0,
                DATABASE_CONNECT_TIMEOUT=1,
                LOG_LEVEL="CRITICAL",
            )
        )
        add_database_route(cls.app)
        cls.held = cls.app.container.engine().connect()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.held.close()
        super().tearDownClass()

    def test_a_request_answers_503_once_the_connect_timeout_has_passed(self) -> None:
        started = time.monotonic()
        line = self.assert_unavailable_answer("/probe/database")
        self.assertGreaterEqual(time.monotonic() - started, 1.0)
        self.assertLess(time.monotonic() - started, 10.0)
        self.assertIn(POOL_EXHAUSTED, line)

    def test_readiness_says_the_pool_is_exhausted(self) -> None:
        self.assertEqual(self.client.get("/probe/echo").status_code, 404, "the fence is held")
        with self.assertLogs(level="WARNING"):
            response = self.client.get("/health/ready")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.get_json()["reasons"]["database"], POOL_EXHAUSTED)
