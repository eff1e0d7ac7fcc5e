"""The WSGI middleware: what a refused request gets, and what a window never refuses."""

import unittest
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from werkzeug.test import Client

from {{ cookiecutter.package_name }}.api.maintenance_middleware import BYPASS_HEADER, MaintenanceMiddleware
from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode, MaintenanceWindow

from .maintenance_fakes import NOW, gate_with_fakes

TOKEN = "operator-token-0123456789"


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
