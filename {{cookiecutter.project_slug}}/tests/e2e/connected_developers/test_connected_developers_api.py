"""The endpoints on the sample backend, every answer checked against the original contract."""

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from dependency_injector import providers
from werkzeug.test import TestResponse

from {{ cookiecutter.package_name }}.config import Settings

from ...support.cases import ApiTestCase, testing_settings
from ...unit.connected_developers.fakes import FakeGitHub, FakeTwitter
from .contract import REALTIME, REGISTER, original_contract, own_document

UTC_TIME = re.compile(r".*(Z|\+00:00)$")
TOKEN = "operator-token-for-the-tests"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}


class ConnectedDevelopersApiTestCase(ApiTestCase):
    @classmethod
    def settings(cls) -> Settings:
        return testing_settings(CONNECTED_DEVELOPERS_BACKEND="sample")

    def realtime(self, dev1: str, dev2: str) -> TestResponse:
        response = self.client.get(f"/connected/realtime/{dev1}/{dev2}")
        original_contract().assert_conforms(self, REALTIME, response)
        return response

    def register(self, dev1: str, dev2: str) -> TestResponse:
        response = self.client.get(f"/connected/register/{dev1}/{dev2}")
        original_contract().assert_conforms(self, REGISTER, response)
        return response


class RealtimeTest(ConnectedDevelopersApiTestCase):
    def test_connected_developers_get_200_with_their_shared_organisations_sorted(self) -> None:
        response = self.realtime("alice", "bob")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.get_json(), {"connected": True, "organisations": ["night-owls", "open-tools"]}
        )

    def test_developers_who_are_not_connected_get_404_connected_false(self) -> None:
        for dev1, dev2 in (("alice", "carol"), ("carol", "dave")):
            with self.subTest(dev1=dev1, dev2=dev2):
                response = self.realtime(dev1, dev2)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.get_json(), {"connected": False})

    def test_unknown_developers_get_400_with_one_error_per_failed_lookup_in_order(self) -> None:
        response = self.realtime("nobody", "ghost")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.get_json(),
            {
                "errors": [
                    "nobody is not a valid user in github",
                    "nobody is not a valid user in twitter",
                    "ghost is not a valid user in github",
                    "ghost is not a valid user in twitter",
                ]
            },
        )

    def test_a_developer_on_one_network_only_is_named_for_the_other(self) -> None:
        response = self.realtime("erin", "frank")
        self.assertEqual(
            response.get_json(),
            {
                "errors": [
                    "erin is not a valid user in github",
                    "frank is not a valid user in twitter",
                ]
            },
        )


class RegisterTest(ConnectedDevelopersApiTestCase):
    def test_a_pair_never_checked_gets_404_with_an_empty_body(self) -> None:
        response = self.register("alice", "bob")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.data, b"")

    def test_every_check_is_registered_oldest_first_and_both_orders_share_it(self) -> None:
        self.realtime("alice", "bob")
        self.realtime("Bob", "Alice")
        self.realtime("alice", "carol")
        for dev1, dev2 in (("alice", "bob"), ("bob", "alice")):
            with self.subTest(dev1=dev1, dev2=dev2):
                response = self.register(dev1, dev2)
                self.assertEqual(response.status_code, 200)
                entries = response.get_json()
                self.assertEqual(len(entries), 2)
                times = [_utc(entry.pop("registered_at")) for entry in entries]
                self.assertLessEqual(times[0], times[1])
                expected = {"connected": True, "organisations": ["night-owls", "open-tools"]}
                self.assertEqual(entries, [expected, expected])

    def test_a_check_that_is_not_connected_is_registered_without_organisations(self) -> None:
        before = datetime.now(timezone.utc)
        self.realtime("alice", "carol")
        [entry] = self.register("carol", "alice").get_json()
        self.assertEqual(set(entry), {"registered_at", "connected"})
        self.assertFalse(entry["connected"])
        self.assertRegex(entry["registered_at"], UTC_TIME)
        registered_at = _utc(entry["registered_at"])
        self.assertLessEqual(before, registered_at)
        self.assertLessEqual(registered_at, datetime.now(timezone.utc))

    def test_unknown_developers_are_not_registered(self) -> None:
        self.realtime("erin", "frank")
        self.assertEqual(self.register("erin", "frank").status_code, 404)


class UpstreamUnavailableTest(ConnectedDevelopersApiTestCase):
    def test_an_unavailable_upstream_answers_503_json_naming_it_and_registers_nothing(self) -> None:
        rate_limited = FakeGitHub({"alice": [], "bob": []}, unavailable=["alice"])
        self.app.container.connected_developers_github.override(providers.Object(rate_limited))
        self.addCleanup(self.app.container.connected_developers_github.reset_override)
        response = self.client.get("/connected/realtime/alice/bob")
        self.assertEqual(response.status_code, 503)
        body = response.get_json()
        self.assertIn("GitHub", body["message"])
        self.assertIn("Retry after 60 seconds", body["message"])
        self.assertEqual(response.headers["Retry-After"], "60")
        self.assertIn("request_id", body)
        own_document(self.client).assert_conforms(self, REALTIME, response)
        self.assertEqual(self.register("alice", "bob").status_code, 404)

    def test_an_upstream_that_said_nothing_of_when_answers_503_without_retry_after(self) -> None:
        timing_out = FakeTwitter({"alice": [], "bob": []}, unavailable=["bob"])
        self.app.container.connected_developers_twitter.override(providers.Object(timing_out))
        self.addCleanup(self.app.container.connected_developers_twitter.reset_override)
        response = self.client.get("/connected/realtime/alice/bob")
        self.assertEqual(response.status_code, 503)
        self.assertIn("Twitter", response.get_json()["message"])
        self.assertNotIn("Retry-After", response.headers)
        own_document(self.client).assert_conforms(self, REALTIME, response)


class MaintenanceWindowTest(ConnectedDevelopersApiTestCase):
    @classmethod
    def settings(cls) -> Settings:
        # A refresh bound of zero: the request after the PATCH sees the window it opened.
        return testing_settings(
            CONNECTED_DEVELOPERS_BACKEND="sample",
            MAINTENANCE_TOKEN=TOKEN,
            MAINTENANCE_REFRESH_SECONDS=0,
        )

    def maintenance(self, body: dict[str, Any]) -> None:
        response = self.client.patch("/v1/service-context", json=body, headers=OPERATOR)
        self.assertEqual(response.status_code, 200)

    def test_a_window_refuses_realtime_with_a_503_the_service_documents(self) -> None:
        # An expected end, so the body holds a date-time, not null: the document's validator is
        # draft 4, which does not know OpenAPI's nullable.
        end = datetime.now(timezone.utc) + timedelta(minutes=10)
        self.maintenance({"maintenance": True, "expected_end": end.isoformat()})
        self.addCleanup(self.maintenance, {"maintenance": False})
        response = self.client.get("/connected/realtime/alice/bob")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.get_json()["mode"], "full")
        self.assertIn("Retry-After", response.headers)
        own_document(self.client).assert_conforms(self, REALTIME, response)

    def test_a_read_only_window_refuses_realtime_which_registers_a_check(self) -> None:
        self.maintenance({"maintenance": True, "mode": "read-only"})
        self.addCleanup(self.maintenance, {"maintenance": False})
        response = self.client.get("/connected/realtime/alice/bob")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.get_json()["mode"], "read-only")
        self.assertEqual(self.client.get("/connected/register/alice/bob").status_code, 404)


class HeadTest(ConnectedDevelopersApiTestCase):
    def test_head_of_realtime_answers_405_asks_no_upstream_and_registers_nothing(self) -> None:
        github = FakeGitHub({})
        self.app.container.connected_developers_github.override(providers.Object(github))
        self.addCleanup(self.app.container.connected_developers_github.reset_override)
        response = self.client.head("/connected/realtime/alice/bob")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.mimetype, "application/json")
        self.assertIn("GET", response.headers["Allow"].split(", "))
        self.assertNotIn("HEAD", response.headers["Allow"].split(", "))
        self.assertEqual(github.asked, [])
        self.assertEqual(self.client.get("/connected/register/alice/bob").status_code, 404)

    def test_head_of_the_register_which_only_reads_is_answered(self) -> None:
        self.assertEqual(self.client.get("/connected/realtime/alice/bob").status_code, 200)
        self.assertEqual(self.client.head("/connected/register/alice/bob").status_code, 200)


class DocumentationTest(ConnectedDevelopersApiTestCase):
    def test_the_service_documents_every_answer_of_both_endpoints(self) -> None:
        document = own_document(self.client)
        realtime = document.responses(REALTIME)
        register = document.responses(REGISTER)
        self.assertLessEqual({"200", "400", "404", "503"}, set(realtime))
        self.assertLessEqual({"200", "404"}, set(register))

    def test_the_upstream_503_documents_its_retry_after_header(self) -> None:
        unavailable = own_document(self.client).responses(REALTIME)["503"]
        self.assertEqual(unavailable["headers"]["Retry-After"]["schema"]["type"], "integer")

    def test_the_contract_check_rejects_an_answer_that_breaks_the_contract(self) -> None:
        validator = original_contract().validator(REALTIME, 200)
        assert validator is not None
        self.assertFalse(validator.is_valid({"connected": "yes", "organisations": ["a"]}))
        self.assertFalse(validator.is_valid({"connected": True}))
        register = original_contract().validator(REGISTER, 200)
        assert register is not None
        self.assertFalse(register.is_valid([{"registered_at": "yesterday", "connected": False}]))
        self.assertTrue(
            register.is_valid([{"registered_at": "2026-01-01T00:00:00Z", "connected": False}])
        )


def _utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.utcoffset() != timedelta(0):
        raise AssertionError(f"{value} is not in UTC")
    return parsed
