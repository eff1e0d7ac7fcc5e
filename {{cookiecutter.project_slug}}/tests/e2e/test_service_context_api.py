"""The maintenance admin route and the 503 of a window, through the whole application."""

from __future__ import annotations

import time
import unittest
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import inspect, text
from werkzeug.test import TestResponse

from {{ cookiecutter.package_name }}.config import PRODUCTION, TESTING, ConfigurationError, Settings
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine

from ..support.cases import ApiTestCase, testing_settings
from ..support.database import create_fresh_database
from ..support.maintenance_probe import add_probe_routes

TOKEN = "operator-token-for-the-tests"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}
MAINTENANCE = "Service is currently enduring maintenance"


class OperatorTestCase(ApiTestCase):
    """The service with the operator token and the probe routes."""

    @classmethod
    def settings(cls) -> Settings:
        # A refresh bound of zero: each request reads the window the previous step wrote.
        return testing_settings(MAINTENANCE_TOKEN=TOKEN, MAINTENANCE_REFRESH_SECONDS=0)

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        add_probe_routes(cls.app)


class ServiceContextApiTest(OperatorTestCase):
    def patch(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.patch("/v1/service-context", json=body, headers=headers or OPERATOR)

    def test_without_a_window_the_route_reports_maintenance_off(self) -> None:
        response = self.client.get("/v1/service-context", headers=OPERATOR)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.get_json()["maintenance"], False)
        self.assertEqual(response.get_json()["mode"], "off")

    def test_the_route_answers_401_without_the_operator_token(self) -> None:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            with self.subTest(headers=headers):
                response = self.client.get("/v1/service-context", headers=headers)
                self.assertEqual(response.status_code, 401)
                self.assertIn("operator token", response.get_json()["message"])
                self.assertEqual(response.headers["WWW-Authenticate"], 'Bearer realm="maintenance"')
        response = self.patch({"maintenance": True}, headers={"Authorization": "Bearer wrong"})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self.client.post("/probe/echo").status_code, 200, "nothing was opened")

    def test_a_full_window_answers_503_with_retry_after_and_no_store(self) -> None:
        end = datetime.now(timezone.utc) + timedelta(minutes=10)
        opened = self.patch({"maintenance": True, "expected_end": end.isoformat()})
        self.assertEqual(opened.status_code, 200)
        self.assertEqual(opened.get_json()["mode"], "full")
        for method in ("get", "post"):
            response = getattr(self.client, method)("/probe/echo")
            self.assertEqual(response.status_code, 503, method)
            self.assertEqual(response.headers["Cache-Control"], "no-store")
            self.assertLessEqual(int(response.headers["Retry-After"]), 600)
            self.assertGreater(int(response.headers["Retry-After"]), 500)
            body = response.get_json()
            self.assertEqual(body["message"], MAINTENANCE)
            self.assertEqual(body["mode"], "full")
            self.assertIn("request_id", body)

    def test_health_docs_and_the_admin_route_stay_reachable_during_a_window(self) -> None:
        self.patch({"maintenance": True, "mode": "full"})
        for path in ("/health/live", "/health/ready", "/openapi.json", "/docs"):
            self.assertEqual(self.client.get(path).status_code, 200, path)
        status = self.client.get("/v1/service-context", headers=OPERATOR)
        self.assertEqual(status.get_json()["maintenance"], True)
        self.assertEqual(self.client.get("/v1/service-context").status_code, 401)
        closed = self.patch({"maintenance": False})
        self.assertEqual(closed.get_json()["maintenance"], False)
        self.assertEqual(self.client.post("/probe/echo").status_code, 200)

    def test_a_read_only_window_serves_reads_and_refuses_writes(self) -> None:
        self.patch({"maintenance": True, "mode": "read-only", "reason": "reindexing"})
        self.assertEqual(self.client.get("/probe/echo").status_code, 200)
        refused = self.client.post("/probe/echo")
        self.assertEqual(refused.status_code, 503)
        self.assertEqual(refused.get_json()["mode"], "read-only")

    def test_the_bypass_header_lets_an_operator_smoke_test_during_a_window(self) -> None:
        self.patch({"maintenance": True})
        response = self.client.post("/probe/echo", headers={"X-Maintenance-Bypass": TOKEN})
        self.assertEqual(response.status_code, 200)
        refused = self.client.post("/probe/echo", headers={"X-Maintenance-Bypass": "guess"})
        self.assertEqual(refused.status_code, 503)

    def test_a_body_that_is_not_valid_answers_422_and_changes_nothing(self) -> None:
        for body in ({}, {"maintenance": True, "mode": "off"}, {"maintenance": True, "x": 1}):
            with self.subTest(body=body):
                response = self.patch(body)
                self.assertEqual(response.status_code, 422)
                self.assertIn("Invalid request", response.get_json()["message"])
        self.assertEqual(self.client.post("/probe/echo").status_code, 200)

    def test_maintenance_that_is_not_a_json_boolean_answers_422_and_opens_nothing(self) -> None:
        # 1 and "true" must not open a window: only JSON true does.
        for value in (0, 1, "true", None, 1.0):
            with self.subTest(maintenance=value):
                response = self.patch({"maintenance": value, "mode": "full"})
                self.assert_rejects_maintenance(response)
        status = self.client.get("/v1/service-context", headers=OPERATOR).get_json()
        self.assertEqual((status["maintenance"], status["mode"]), (False, "off"))
        self.assertEqual(self.client.post("/probe/echo").status_code, 200)

    def test_maintenance_that_is_not_a_json_boolean_answers_422_and_closes_nothing(self) -> None:
        # 0 and "false" must not close an open window: only JSON false does.
        self.assertEqual(self.patch({"maintenance": True, "mode": "full"}).status_code, 200)
        for value in (0, 1, "false", None, 0.0):
            with self.subTest(maintenance=value):
                response = self.patch({"maintenance": value})
                self.assert_rejects_maintenance(response)
        status = self.client.get("/v1/service-context", headers=OPERATOR).get_json()
        self.assertEqual((status["maintenance"], status["mode"]), (True, "full"))
        self.assertEqual(self.client.post("/probe/echo").status_code, 503)

    def assert_rejects_maintenance(self, response: Any) -> None:
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.mimetype, "application/json")
        body = response.get_json()
        self.assertIn("Invalid request", body["message"])
        self.assertIn("maintenance", body["message"])
        self.assertEqual(set(body["errors"]["json"]), {"maintenance"})

    def test_an_expected_end_in_the_past_answers_400(self) -> None:
        past = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()
        response = self.patch({"maintenance": True, "expected_end": past})
        self.assertEqual(response.status_code, 400)
        self.assertIn("past", response.get_json()["message"])

    def test_an_expected_end_past_year_9999_in_utc_answers_422_and_opens_nothing(self) -> None:
        for end in ("9999-12-31T23:59:59-01:00", "9999-12-31T23:00:00-14:00"):
            with self.subTest(expected_end=end):
                response = self.patch({"maintenance": True, "expected_end": end})
                self.assertEqual(response.status_code, 422)
                self.assertIn("expected_end", response.get_json()["errors"]["json"])
        self.assertEqual(self.client.post("/probe/echo").status_code, 200)

    def test_a_reason_the_database_cannot_keep_answers_422_and_opens_nothing(self) -> None:
        for reason in ("backup\x00", "\ud800"):
            with self.subTest(reason=reason):
                response = self.patch({"maintenance": True, "reason": reason})
                self.assertEqual(response.status_code, 422)
                self.assertIn("reason", response.get_json()["errors"]["json"])
        self.assertEqual(self.client.post("/probe/echo").status_code, 200)

    def test_the_openapi_document_describes_the_admin_route(self) -> None:
        paths = self.client.get("/openapi.json").get_json()["paths"]
        operations = paths["/v1/service-context"]
        self.assertEqual(set(operations) & {"get", "patch"}, {"get", "patch"})
        self.assertIn("401", operations["patch"]["responses"])
        self.assertIn("422", operations["patch"]["responses"])

    def test_the_openapi_document_says_maintenance_is_a_boolean(self) -> None:
        document = self.client.get("/openapi.json").get_json()
        body = document["paths"]["/v1/service-context"]["patch"]["requestBody"]
        reference = body["content"]["application/json"]["schema"]["$ref"]
        schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
        self.assertEqual(schema["properties"]["maintenance"], {"type": "boolean"})
        self.assertIn("maintenance", schema["required"])


class UnreadableWindowTest(OperatorTestCase):
    """A window row Python cannot read (a date past year 9999, written with SQL)."""

    def write_a_window_python_cannot_read(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO service_context (id, maintenance_mode, expected_end, updated_at) "
                    "VALUES (1, 'read-only', '10000-01-01T00:00:00Z', now())"
                )
            )

    def status_within(self, status: int, seconds: float = 5.0) -> TestResponse:
        """The first answer of /probe/echo with this status: the gate may serve from the window
        it read last for up to its refresh bound."""
        deadline = time.monotonic() + seconds
        while True:
            response = self.client.post("/probe/echo")
            if response.status_code == status or time.monotonic() > deadline:
                return response
            time.sleep(0.02)

    def test_every_gated_request_answers_the_json_503_until_the_window_is_set_again(self) -> None:
        self.assertEqual(self.client.post("/probe/echo").status_code, 200)
        self.write_a_window_python_cannot_read()
        with self.assertLogs(level="WARNING"):
            self.assertEqual(self.status_within(503).status_code, 503)
            for method in ("get", "post", "delete"):
                response = self.client.open("/probe/echo", method=method.upper())
                self.assertEqual(response.status_code, 503, method)
                self.assertEqual(response.mimetype, "application/json")
                self.assertIn("Retry-After", response.headers)
                self.assertIn("cannot confirm", response.get_json()["message"])
            status = self.client.get("/v1/service-context", headers=OPERATOR)
        self.assertEqual(status.status_code, 503)
        self.assertEqual(status.mimetype, "application/json")
        self.assertIn("cannot be read", status.get_json()["message"])
        closed = self.client.patch(
            "/v1/service-context", json={"maintenance": False}, headers=OPERATOR
        )
        self.assertEqual(closed.status_code, 200)
        self.assertEqual(self.status_within(200).status_code, 200)


class DisabledAdminRouteTest(ApiTestCase):
    def test_without_a_token_the_route_says_it_is_disabled(self) -> None:
        response = self.client.get("/v1/service-context", headers=OPERATOR)
        self.assertEqual(response.status_code, 403)
        self.assertIn("MAINTENANCE_TOKEN", response.get_json()["message"])


class StartUpTest(unittest.TestCase):
    def test_migrations_never_run_when_the_application_starts(self) -> None:
        url = create_fresh_database("maintenance_startup")
        app = create_app(Settings.from_environment({"APP_ENV": TESTING, "DATABASE_URL": url}))
        self.addCleanup(app.container.engine().dispose)
        # It serves, and says it is not ready: the database is behind the code.
        ready = app.test_client().get("/health/ready")
        self.assertEqual(ready.status_code, 503)
        self.assertIn("migrations pending", ready.get_json()["reasons"]["migrations"])
        self.assertEqual(app.test_client().get("/no-such-page").status_code, 404)
        engine = create_database_engine(url)
        self.addCleanup(engine.dispose)
        self.assertEqual(inspect(engine).get_table_names(), [])

    def test_production_refuses_to_start_without_a_maintenance_token(self) -> None:
        settings = Settings.from_environment(
            {
                "APP_ENV": PRODUCTION,
                "DATABASE_URL": "postgresql://app@127.0.0.1:1/app",
                "SECRET_KEY": "5f1c9a0e7b3d4c2a8e6f0b1d9c7a5e3f2b4d6c8a",
                "LOG_LEVEL": "CRITICAL",
            }
        )
        with self.assertRaisesRegex(ConfigurationError, "MAINTENANCE_TOKEN"):
            create_app(settings)
