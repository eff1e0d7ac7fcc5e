"""The service on the live backend: real HTTP adapters against a local GitHub and Twitter."""

import io
import logging
import unittest
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from {{ cookiecutter.package_name }}.config import ConfigurationError, Settings
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.logging import QUIET_LIBRARY_LOGGERS

from ...integration.connected_developers.fake_upstream import ADAPTER_LOGGER, Answer, FakeUpstream
from ...support.cases import ApiTestCase, testing_settings
from ...support.database import test_database_url
from ...support.processes import run_manage
from .contract import REALTIME, REGISTER, original_contract, own_document

GITHUB_TOKEN = "ghp_e2e_secret_5a7b9c"
TWITTER_TOKEN = "AAAA_e2e_secret_1d3f5e"


@contextmanager
def every_log_line() -> Iterator[io.StringIO]:
    """Everything any logger writes, DEBUG included, with tracebacks.

    The HTTP client libraries too: the service's logging set-up quiets them, but a credential
    must not reach their lines either, should someone turn them up.
    """
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    libraries = [logging.getLogger(name) for name in QUIET_LIBRARY_LOGGERS]
    library_levels = [library.level for library in libraries]
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG)
    for library in libraries:
        library.setLevel(logging.DEBUG)
    try:
        yield captured
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for library, library_level in zip(libraries, library_levels, strict=True):
            library.setLevel(library_level)


class LiveBackendTest(ApiTestCase):
    upstream: FakeUpstream

    @classmethod
    def setUpClass(cls) -> None:
        cls.upstream = FakeUpstream(page_size=1).start()
        cls.upstream.add_developer("ann", 1, [(7, "tools"), (8, "owls")], follows=["bo"])
        cls.upstream.add_developer("bo", 2, [(8, "owls"), (7, "tools")], follows=["ann"])
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        # The app's HTTP clients keep their connections to the fake open until they close.
        cls.app.container.connected_developers_github().close()
        cls.app.container.connected_developers_twitter().close()
        super().tearDownClass()
        cls.upstream.stop()

    @classmethod
    def settings(cls) -> Settings:
        return testing_settings(
            CONNECTED_DEVELOPERS_BACKEND="live",
            GITHUB_API_URL=cls.upstream.github_url,
            GITHUB_TOKEN=GITHUB_TOKEN,
            TWITTER_API_URL=cls.upstream.twitter_url,
            TWITTER_BEARER_TOKEN=TWITTER_TOKEN,
            CONNECTED_DEVELOPERS_READ_TIMEOUT="0.5",
        )

    def setUp(self) -> None:
        super().setUp()
        self.upstream.reset()

    def test_a_connected_pair_is_found_through_github_and_twitter(self) -> None:
        response = self.client.get("/connected/realtime/ann/bo")
        original_contract().assert_conforms(self, REALTIME, response)
        self.assertEqual(
            response.get_json(), {"connected": True, "organisations": ["owls", "tools"]}
        )
        register = self.client.get("/connected/register/bo/ann")
        original_contract().assert_conforms(self, REGISTER, register)
        self.assertEqual(len(register.get_json()), 1)

    def test_a_rate_limit_answers_503_naming_github_and_registers_nothing(self) -> None:
        self.upstream.answers["/github/users/bo"] = Answer.github_rate_limit(reset_in=90)
        with self.assertLogs(ADAPTER_LOGGER, "WARNING"):
            response = self.client.get("/connected/realtime/ann/bo")
        self.assertEqual(response.status_code, 503)
        message = response.get_json()["message"]
        self.assertRegex(message, r"^GitHub .*Retry after \d+ seconds")
        own_document(self.client).assert_conforms(self, REALTIME, response)
        self.assertEqual(self.client.get("/connected/register/ann/bo").status_code, 404)
        # The same seconds as the message, in the standard header, as an integer.
        self.assertRegex(response.headers["Retry-After"], r"^\d+$")
        self.assertIn(f"Retry after {response.headers['Retry-After']} seconds", message)
        self.assertLessEqual(int(response.headers["Retry-After"]), 90)

    def test_a_429_passes_its_retry_after_on(self) -> None:
        self.upstream.answers["/twitter/2/users/by/username/ann"] = Answer.too_many_requests(42)
        with self.assertLogs(ADAPTER_LOGGER, "WARNING"):
            response = self.client.get("/connected/realtime/ann/bo")
        self.assertEqual(response.status_code, 503)
        self.assertIn("Twitter", response.get_json()["message"])
        self.assertEqual(response.headers["Retry-After"], "42")
        own_document(self.client).assert_conforms(self, REALTIME, response)

    def test_a_timeout_answers_503_naming_twitter_and_registers_nothing(self) -> None:
        self.upstream.slow["/twitter/2/users/1/following"] = 2.0
        with self.assertLogs(ADAPTER_LOGGER, "WARNING"):
            response = self.client.get("/connected/realtime/ann/bo")
        self.assertEqual(response.status_code, 503)
        self.assertIn("Twitter", response.get_json()["message"])
        self.assertNotIn("Retry-After", response.headers, "a timeout says nothing of when")
        self.assertEqual(self.client.get("/connected/register/ann/bo").status_code, 404)

    def test_no_credential_reaches_an_answer_or_a_log_line(self) -> None:
        # Both upstreams fail with an error page that echoes the credentials it was sent; then
        # one does not answer in time.
        self.upstream.answers["/github/users/ann"] = Answer.server_error(500)
        self.upstream.answers["/twitter/2/users/by/username/bo"] = Answer.server_error(502)
        with every_log_line() as logs:
            failed = self.client.get("/connected/realtime/ann/bo")
            self.upstream.answers.clear()
            self.upstream.slow["/github/users/bo"] = 2.0
            timed_out = self.client.get("/connected/realtime/ann/bo")
        self.assertEqual((failed.status_code, timed_out.status_code), (503, 503))
        self.assertIn("did not answer in time", timed_out.get_json()["message"])
        received = {seen.authorization for seen in self.upstream.seen}
        self.assertIn(f"Bearer {GITHUB_TOKEN}", received)
        self.assertIn(f"Bearer {TWITTER_TOKEN}", received)
        # The capture holds the adapters' warnings and the HTTP client's own lines.
        self.assertIn("look-up failed", logs.getvalue())
        self.assertIn("HTTP Request", logs.getvalue())
        for text in (
            logs.getvalue(),
            failed.get_data(as_text=True),
            timed_out.get_data(as_text=True),
        ):
            self.assertNotIn(GITHUB_TOKEN, text)
            self.assertNotIn(TWITTER_TOKEN, text)


class ProductionSettingsTest(unittest.TestCase):
    # A complete production environment but for the connected-developers credentials.
    PRODUCTION: ClassVar[dict[str, str]] = {
        "APP_ENV": "production",
        "DATABASE_URL": "postgresql://svc@127.0.0.1:5432/svc",
        "SECRET_KEY": "s" * 40,
        "MAINTENANCE_TOKEN": "m" * 32,
        "LOG_LEVEL": "CRITICAL",
    }

    def test_production_refuses_to_start_without_the_live_credentials(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            create_app(Settings.from_environment(self.PRODUCTION))
        self.assertIn("GITHUB_TOKEN", str(raised.exception))
        self.assertIn("TWITTER_BEARER_TOKEN", str(raised.exception))

    def test_manage_run_says_which_credentials_are_missing_in_one_line(self) -> None:
        environ = {
            **self.PRODUCTION,
            "DATABASE_URL": test_database_url(),
            "GITHUB_TOKEN": GITHUB_TOKEN,
            "TWITTER_BEARER_TOKEN": "",
        }
        result = run_manage("run", "--port", "1", environ=environ, timeout=60)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("TWITTER_BEARER_TOKEN", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertNotIn(GITHUB_TOKEN, result.stderr + result.stdout)
