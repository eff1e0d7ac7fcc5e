"""Browsers can read every answer of an allowed origin: the maintenance 503 and preflights too."""

from __future__ import annotations

from typing import ClassVar

from werkzeug.test import TestResponse

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.cors import PREFLIGHT_MAX_AGE

from ..support.cases import ApiTestCase, testing_settings
from ..support.maintenance_probe import add_probe_routes

ALLOWED = "https://app.example.test"
OTHER = "https://elsewhere.example.test"
TOKEN = "operator-token-for-the-tests"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}


class CorsTest(ApiTestCase):
    origins: ClassVar[str] = ALLOWED

    @classmethod
    def settings(cls) -> Settings:
        return testing_settings(
            CORS_ORIGINS=cls.origins, MAINTENANCE_TOKEN=TOKEN, MAINTENANCE_REFRESH_SECONDS=0
        )

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        add_probe_routes(cls.app)

    def open_window(self, mode: str = "full") -> None:
        response = self.client.patch(
            "/v1/service-context", json={"maintenance": True, "mode": mode}, headers=OPERATOR
        )
        self.assertEqual(response.status_code, 200)

    def preflight(self, path: str, method: str, origin: str = ALLOWED) -> TestResponse:
        return self.client.options(
            path,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": "Content-Type, Authorization",
            },
        )

    def assert_readable_by(self, response: TestResponse, origin: str) -> None:
        self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), origin)
        exposed = {
            name.strip().lower()
            for name in response.headers.get("Access-Control-Expose-Headers", "").split(",")
        }
        self.assertLessEqual({"x-request-id", "retry-after"}, exposed)
        self.assertIn("Origin", response.headers.getlist("Vary")[0].split(", "))

    def assert_preflight_passes(self, response: TestResponse, method: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), ALLOWED)
        self.assertIn(method, response.headers["Access-Control-Allow-Methods"])
        self.assertEqual(response.headers["Access-Control-Max-Age"], str(PREFLIGHT_MAX_AGE))
        self.assertIn("Origin", response.headers["Vary"])

    def test_an_answer_to_an_allowed_origin_exposes_the_request_id_and_retry_after(self) -> None:
        response = self.client.get("/health/live", headers={"Origin": ALLOWED})
        self.assertEqual(response.status_code, 200)
        self.assert_readable_by(response, ALLOWED)

    def test_an_error_answer_carries_the_same_headers(self) -> None:
        response = self.client.get("/no/such/page", headers={"Origin": ALLOWED})
        self.assertEqual(response.status_code, 404)
        self.assert_readable_by(response, ALLOWED)

    def test_another_origin_gets_no_access_but_the_answer_still_varies_by_origin(self) -> None:
        response = self.client.get("/health/live", headers={"Origin": OTHER})
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)
        self.assertIn("Origin", response.headers["Vary"])

    def test_a_preflight_is_answered_with_a_max_age(self) -> None:
        self.assert_preflight_passes(self.preflight("/probe/echo", "POST"), "POST")

    def test_a_preflight_of_a_route_that_asks_for_a_token_is_not_refused(self) -> None:
        # Browsers never send credentials with a preflight.
        self.assert_preflight_passes(self.preflight("/v1/service-context", "PATCH"), "PATCH")

    def test_the_maintenance_503_is_readable_by_an_allowed_origin(self) -> None:
        self.open_window()
        response = self.client.post("/probe/echo", headers={"Origin": ALLOWED})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.get_json()["mode"], "full")
        self.assert_readable_by(response, ALLOWED)
        other = self.client.post("/probe/echo", headers={"Origin": OTHER})
        self.assertEqual(other.status_code, 503)
        self.assertNotIn("Access-Control-Allow-Origin", other.headers)
        self.assertIn("Origin", other.headers["Vary"])

    def test_a_preflight_passes_a_full_window_so_the_browser_can_read_the_503(self) -> None:
        self.open_window()
        self.assert_preflight_passes(self.preflight("/probe/echo", "POST"), "POST")
        refused = self.client.post("/probe/echo", headers={"Origin": ALLOWED})
        self.assertEqual(refused.status_code, 503)
        self.assert_readable_by(refused, ALLOWED)


class TwoOriginsTest(CorsTest):
    origins = f"{ALLOWED}, https://second.example.test"


class NoCorsTest(ApiTestCase):
    def test_without_cors_origins_no_answer_grants_access(self) -> None:
        response = self.client.get("/health/live", headers={"Origin": ALLOWED})
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)
