"""The WSGI middleware: what a refused request gets, and what a window never refuses."""

import unittest
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.test import Client

from {{ cookiecutter.package_name }}.api.maintenance_middleware import BYPASS_HEADER, MaintenanceMiddleware
from {{ cookiecutter.package_name }}.cors import CorsPolicy
from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode, MaintenanceWindow
from {{ cookiecutter.package_name }}.services.maintenance_gate import UNCONFIRMED_MESSAGE, MaintenanceGate, Refusal

from .maintenance_fakes import NOW, gate_with_fakes

TOKEN = "operator-token-0123456789"
MIDDLEWARE_LOGGER = "{{ cookiecutter.package_name }}.api.maintenance_middleware"


class RecordingApp:
    """A WSGI app that answers 200 and remembers the paths it served."""

    def __init__(self, fails: bool = False) -> None:
        self.served: list[str] = []
        self.fails = fails

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.served.append(environ["PATH_INFO"])
        if self.fails:
            raise RuntimeError("the view failed")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"served"]


class MiddlewareTest(unittest.TestCase):
    def setUp(self) -> None:
        self.gate, self.store, self.fence, _ = gate_with_fakes(refresh_seconds=0)
        self.app = RecordingApp()
        self.client = self.serve(self.app)

    def serve(self, app: RecordingApp, token: str | None = TOKEN) -> Client:
        """A client of app behind the middleware, on this test's gate."""
        return Client(
            MaintenanceMiddleware(app, self.gate, token, retry_after=30, clock=lambda: NOW)
        )

    def test_without_a_window_requests_reach_the_application(self) -> None:
        response = self.client.post("/things")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.app.served, ["/things"])

    def test_a_refused_request_gets_503_json_retry_after_and_no_store(self) -> None:
        self.store.window = MaintenanceWindow.opened(
            MaintenanceMode.FULL, now=NOW, expected_end=NOW + timedelta(minutes=2)
        )
        response = self.client.get("/things", headers={"X-Request-ID": "trace-9"})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.headers["Retry-After"], "120")
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        self.assertEqual(response.headers["X-Request-ID"], "trace-9")
        self.assertEqual(
            response.get_json(),
            {
                "message": "Service is currently enduring maintenance",
                "mode": "full",
                "expected_end": "2030-01-01T12:02:00+00:00",
                "retry_after": 120,
                "request_id": "trace-9",
            },
        )
        self.assertEqual(self.app.served, [])

    def test_a_refused_request_is_logged_on_one_line_with_the_access_fields(self) -> None:
        self.store.window = MaintenanceWindow.opened(MaintenanceMode.FULL, now=NOW)
        with self.assertLogs("access", "INFO") as logs:
            response = self.client.get("/things%0AForged: line", headers={"X-Request-ID": "t-1"})
        self.assertEqual(response.status_code, 503)
        [record] = logs.records
        self.assertEqual(
            record.getMessage(), "GET /things\\nForged: line 503 (maintenance, request t-1)"
        )
        self.assertEqual(
            (record.method, record.path, record.status),  # type: ignore[attr-defined]
            ("GET", "/things\\nForged: line", 503),
        )

    def test_health_documentation_and_the_admin_route_pass_during_a_full_window(self) -> None:
        self.store.open(MaintenanceMode.FULL)
        paths = ["/health/live", "/health/ready", "/v1/service-context", "/openapi.json", "/docs"]
        for path in paths:
            self.assertEqual(self.client.get(path).status_code, 200, path)
        self.assertEqual(self.client.patch("/v1/service-context").status_code, 200)
        self.assertEqual(self.client.get("/v1/service-contexts").status_code, 503)

    def test_read_only_serves_get_head_and_options_and_refuses_other_methods(self) -> None:
        self.store.open(MaintenanceMode.READ_ONLY)
        for method in ("GET", "HEAD", "OPTIONS"):
            self.assertEqual(self.client.open("/things", method=method).status_code, 200, method)
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            self.assertEqual(self.client.open("/things", method=method).status_code, 503, method)

    def test_the_bypass_header_with_the_token_lets_an_operator_through(self) -> None:
        self.store.open(MaintenanceMode.FULL)
        response = self.client.post("/things", headers={BYPASS_HEADER: TOKEN})
        self.assertEqual(response.status_code, 200)

    def test_the_bypass_header_with_a_wrong_token_is_refused(self) -> None:
        self.store.open(MaintenanceMode.FULL)
        response = self.client.post("/things", headers={BYPASS_HEADER: TOKEN + "x"})
        self.assertEqual(response.status_code, 503)

    def test_without_a_configured_token_there_is_no_bypass(self) -> None:
        client = self.serve(self.app, token=None)
        self.store.open(MaintenanceMode.FULL)
        self.assertEqual(client.post("/things", headers={BYPASS_HEADER: ""}).status_code, 503)

    def test_a_request_that_fails_is_no_longer_counted_in_flight(self) -> None:
        failing = self.serve(RecordingApp(fails=True))
        with self.assertRaises(RuntimeError):
            failing.post("/things")
        self.store.open(MaintenanceMode.FULL)
        self.assertFalse(self.gate.sync(), "nothing is in flight: the fence is let go")
        self.assertFalse(self.fence.held)

    def test_a_request_classified_as_a_write_is_refused_by_a_read_only_window(self) -> None:
        client = Client(
            MaintenanceMiddleware(
                self.app, self.gate, TOKEN, retry_after=30, clock=lambda: NOW, is_write=writes_all
            )
        )
        self.store.open(MaintenanceMode.READ_ONLY)
        self.assertEqual(client.get("/things").status_code, 503)
        self.assertEqual(self.app.served, [])

    def test_a_write_in_flight_holds_the_fence_whatever_its_method(self) -> None:
        held: list[bool] = []

        def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            self.store.open(MaintenanceMode.READ_ONLY)
            held.append(self.gate.sync())  # the watcher's turn, while the request runs
            start_response("200 OK", [])
            return [b""]

        client = Client(
            MaintenanceMiddleware(app, self.gate, TOKEN, 30, clock=lambda: NOW, is_write=writes_all)
        )
        self.assertEqual(client.get("/things").status_code, 200)
        self.assertEqual(held, [True], "read-only waits for a write in flight")
        self.assertFalse(self.gate.sync(), "and lets go once it is done")


def writes_all(environ: dict[str, Any]) -> bool:
    return True


class FailingGate(MaintenanceGate):
    def __init__(self) -> None:
        """No store, no fence: admit() fails."""

    def admit(self, write: bool) -> Refusal | None:
        raise ValueError("year 10000 is out of range")


class FailClosedTest(unittest.TestCase):
    def test_whatever_the_gate_cannot_decide_answers_the_json_503(self) -> None:
        app = RecordingApp()
        client = Client(MaintenanceMiddleware(app, FailingGate(), TOKEN, retry_after=30))
        with self.assertLogs(MIDDLEWARE_LOGGER, "ERROR") as logs:
            response = client.post("/things")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.mimetype, "application/json")
        self.assertEqual(response.headers["Retry-After"], "30")
        self.assertEqual(response.get_json()["message"], UNCONFIRMED_MESSAGE)
        self.assertEqual(app.served, [])
        [record] = logs.records
        self.assertIsNone(record.exc_info, "one line, no traceback")


class CorsOfTheRefusalTest(unittest.TestCase):
    ORIGIN = "https://app.example.test"

    def setUp(self) -> None:
        self.gate, self.store, _, _ = gate_with_fakes(refresh_seconds=0)
        self.app = RecordingApp()
        flask_app = Flask(__name__)
        cors = CorsPolicy(flask_app, (self.ORIGIN,))
        self.client = Client(
            MaintenanceMiddleware(self.app, self.gate, TOKEN, 30, clock=lambda: NOW, cors=cors)
        )
        self.store.open(MaintenanceMode.FULL)

    def test_the_503_carries_the_cors_headers_of_an_allowed_origin(self) -> None:
        response = self.client.get("/things", headers={"Origin": self.ORIGIN})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.headers["Access-Control-Allow-Origin"], self.ORIGIN)
        self.assertIn("Retry-After", response.headers["Access-Control-Expose-Headers"])
        self.assertIn("X-Request-ID", response.headers["Access-Control-Expose-Headers"])
        self.assertEqual(response.headers["Vary"], "Origin")

    def test_the_503_of_another_origin_grants_nothing(self) -> None:
        response = self.client.get("/things", headers={"Origin": "https://elsewhere.test"})
        self.assertEqual(response.status_code, 503)
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)
        self.assertEqual(response.headers["Vary"], "Origin")

    def test_a_preflight_passes_a_full_window(self) -> None:
        preflight = {"Origin": self.ORIGIN, "Access-Control-Request-Method": "POST"}
        self.assertEqual(self.client.options("/things", headers=preflight).status_code, 200)
        self.assertEqual(self.app.served, ["/things"])
        self.assertEqual(self.client.options("/things").status_code, 503, "not a preflight")
