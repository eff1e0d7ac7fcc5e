"""The client both adapters share: every upstream failure is no verdict, and none shows a token."""

import socket
import traceback

from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.upstream import (
    Upstream,
)

from .fake_upstream import FAST_TIMEOUTS, Answer, FakeUpstreamTestCase

TOKEN = "upstream_contract_secret_8e3d1a"
# An API the fake serves only canned answers for: the failures are what matters here.
BASE = "/example"
THING = "things/1"
THING_PATH = f"{BASE}/{THING}"


class UpstreamFailureTest(FakeUpstreamTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.api = self.upstream_at(self.upstream.url + BASE)

    def upstream_at(self, base_url: str) -> Upstream:
        upstream = Upstream(
            "Example", base_url, {"Authorization": f"Bearer {TOKEN}"}, FAST_TIMEOUTS
        )
        self.addCleanup(upstream.close)
        return upstream

    def assert_shows_no_token(self, error: UpstreamUnavailable) -> None:
        """Neither the message nor the traceback, should someone log it, holds the token."""
        for text in (error.message, str(error), "".join(traceback.format_exception(error))):
            self.assertNotIn(TOKEN, text)

    def test_a_429_with_retry_after_is_a_rate_limit_naming_the_upstream(self) -> None:
        self.upstream.answers[THING_PATH] = Answer.too_many_requests(retry_after=30)
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.api.get(THING)
        self.assertTrue(raised.exception.message.startswith("Example "), raised.exception)
        self.assertIn("rate limiting", raised.exception.message)
        self.assertEqual(raised.exception.retry_after, 30)

    def test_a_server_error_is_not_a_verdict_and_never_shows_the_token(self) -> None:
        for status in (502, 503):
            with self.subTest(status=status):
                # The error page echoes the credentials the request carried.
                self.upstream.answers[THING_PATH] = Answer.server_error(status)
                with self.assertRaises(UpstreamUnavailable) as raised:
                    self.api.get(THING)
                self.assertIn(f"HTTP {status}", raised.exception.message)
                self.assertEqual(self.upstream.seen[-1].authorization, f"Bearer {TOKEN}")
                self.assert_shows_no_token(raised.exception)

    def test_refused_credentials_are_not_a_verdict(self) -> None:
        self.upstream.answers[THING_PATH] = Answer(401, body='{"message": "Bad credentials"}')
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.api.get(THING)
        self.assertIn("credentials", raised.exception.message)

    def test_an_answer_that_is_not_json_is_not_a_verdict(self) -> None:
        self.upstream.answers[THING_PATH] = Answer(200, body="<html>maintenance</html>")
        response = self.api.get(THING)
        for read in (self.api.json_object, self.api.json_list):
            with self.subTest(read=read.__name__), self.assertRaises(UpstreamUnavailable):
                read(response)

    def test_a_slow_answer_times_out_and_never_shows_the_token(self) -> None:
        self.upstream.slow[THING_PATH] = 2.0
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.api.get(THING)
        self.assertIn("did not answer in time", raised.exception.message)
        self.assert_shows_no_token(raised.exception)

    def test_an_unreachable_upstream_is_not_a_verdict(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        unreachable = self.upstream_at(f"http://127.0.0.1:{closed_port}")
        with self.assertRaises(UpstreamUnavailable) as raised:
            unreachable.get(THING)
        self.assertIn("could not be reached", raised.exception.message)
