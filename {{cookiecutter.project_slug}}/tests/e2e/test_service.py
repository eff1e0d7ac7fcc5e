"""The service's shared behaviour over HTTP: health, documentation, request ids, JSON errors."""

import unittest
from unittest import mock

from flask_smorest import abort
from sqlalchemy import text

from {{ cookiecutter.package_name }}.config import TESTING, Settings
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner

from ..support.cases import ApiTestCase
from ..support.database import MIGRATIONS_DIR, create_fresh_database


class HealthTest(ApiTestCase):
    def test_live_answers_ok(self) -> None:
        response = self.client.get("/health/live")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.get_json(), {"status": "ok"})

    def test_ready_checks_the_database(self) -> None:
        response = self.client.get("/health/ready")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.get_json(),
            {
                "status": "ready",
                "checks": {"database": "ok", "migrations": "ok", "serving": "ok"},
            },
        )

    def test_ready_answers_503_once_the_server_is_stopping(self) -> None:
        with mock.patch("{{ cookiecutter.package_name }}.shutdown.is_draining", return_value=True):
            response = self.client.get("/health/ready")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.get_json(),
            {
                "status": "unavailable",
                "checks": {"database": "ok", "migrations": "ok", "serving": "unavailable"},
                "reasons": {"serving": "the server is stopping"},
            },
        )


class NotReadyTest(unittest.TestCase):
    def test_ready_answers_503_when_the_database_is_down(self) -> None:
        # Nothing listens on port 1, so the connection is refused at once.
        settings = Settings.from_environment(
            {
                "APP_ENV": TESTING,
                "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2",
                "LOG_LEVEL": "CRITICAL",
            }
        )
        client = create_app(settings).test_client()
        response = client.get("/health/ready")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.get_json()["checks"],
            {"database": "unavailable", "migrations": "unavailable", "serving": "ok"},
        )
        self.assertIn("refused", response.get_json()["reasons"]["database"])


class MigrationsReadinessTest(unittest.TestCase):
    def setUp(self) -> None:
        self.url = create_fresh_database("readiness")
        settings = Settings.from_environment(
            {"APP_ENV": TESTING, "DATABASE_URL": self.url, "LOG_LEVEL": "CRITICAL"}
        )
        self.app = create_app(settings)
        self.addCleanup(self.app.container.engine().dispose)
        self.runner = MigrationRunner(self.url, MIGRATIONS_DIR)

    def test_ready_answers_503_until_the_database_is_migrated(self) -> None:
        client = self.app.test_client()
        before = client.get("/health/ready")
        self.assertEqual(before.status_code, 503)
        heads = ", ".join(sorted(self.runner.head_revisions()))
        body = before.get_json()
        self.assertEqual(
            body["checks"], {"database": "ok", "migrations": "unavailable", "serving": "ok"}
        )
        self.assertEqual(
            body["reasons"],
            {"migrations": f"migrations pending: at base (no revision), head {heads}"},
        )
        self.runner.upgrade()
        after = client.get("/health/ready")
        self.assertEqual(after.status_code, 200, after.get_json())

    def test_a_database_migrated_by_a_newer_version_is_ready(self) -> None:
        self.runner.upgrade()
        engine = create_database_engine(self.url)
        self.addCleanup(engine.dispose)
        with engine.begin() as connection:
            # As a newer release that added 9999_core leaves it, for the instances still running.
            connection.execute(text("DELETE FROM alembic_version"))
            connection.execute(text("INSERT INTO alembic_version VALUES ('9999_core')"))
        self.assertEqual(self.app.test_client().get("/health/ready").status_code, 200)


class DocumentationTest(ApiTestCase):
    def test_openapi_document_describes_the_health_endpoints(self) -> None:
        response = self.client.get("/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.get_json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertIn("/health/ready", document["paths"])

    def test_docs_page_is_served(self) -> None:
        response = self.client.get("/docs")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"swagger", response.data.lower())


class RequestIdTest(ApiTestCase):
    def test_every_response_carries_a_request_id(self) -> None:
        response = self.client.get("/health/live")
        self.assertRegex(response.headers["X-Request-ID"], r"^[0-9a-f]{32}$")

    def test_the_callers_request_id_is_echoed(self) -> None:
        response = self.client.get("/health/live", headers={"X-Request-ID": "trace-42"})
        self.assertEqual(response.headers["X-Request-ID"], "trace-42")


class ErrorShapeTest(ApiTestCase):
    def test_unknown_path_answers_json_404(self) -> None:
        response = self.client.get("/no/such/path", headers={"X-Request-ID": "trace-7"})
        self.assertEqual(response.status_code, 404)
        body = response.get_json()
        self.assertIn("message", body)
        self.assertEqual(body["request_id"], "trace-7")

    def test_wrong_method_answers_json_405_naming_the_allowed_methods(self) -> None:
        response = self.client.delete("/health/live")
        self.assertEqual(response.status_code, 405)
        self.assertIn("message", response.get_json())
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertIn("GET", response.headers["Allow"].split(", "))

    def test_unexpected_error_answers_json_500_that_leaks_nothing(self) -> None:
        app = create_app(self.settings())

        @app.route("/boom")
        def boom() -> str:
            raise RuntimeError("secret internals")

        with self.assertLogs(level="ERROR"):
            response = app.test_client().get("/boom")
        self.assertEqual(response.status_code, 500)
        body = response.get_json()
        self.assertNotIn("secret", str(body))
        self.assertIn("request_id", body)

    def test_an_error_of_a_whole_location_is_named_in_a_sentence(self) -> None:
        app = create_app(self.settings())

        @app.route("/echo", methods=["POST"])
        def echo() -> str:
            # What webargs answers, through flask-smorest, for a body that is not JSON.
            abort(400, messages={"json": ["Invalid JSON body."]})
            return "not reached: abort raises"

        response = app.test_client().post("/echo")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.get_json()["message"], "Invalid request: json: Invalid JSON body."
        )
