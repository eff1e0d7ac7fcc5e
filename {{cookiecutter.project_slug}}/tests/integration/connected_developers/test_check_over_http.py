"""A whole check through the real HTTP adapters: concurrent look-ups, failures that leak nothing."""

import io
import logging
import unittest
from collections.abc import Iterator
from contextlib import contextmanager

from {{ cookiecutter.package_name }}.domain.models.connected_developers.connection import Connection
from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.github import (
    GitHubApiDirectory,
)
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.settings import (
    Timeouts,
)
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.twitter import (
    TwitterApiDirectory,
)
from {{ cookiecutter.package_name }}.logging import QUIET_LIBRARY_LOGGERS
from {{ cookiecutter.package_name }}.services.connected_developers.use_cases import (
    ConnectedDevelopersService,
)

from ...unit.connected_developers.fakes import FakeUnitOfWorkFactory
from .fake_upstream import ADAPTER_LOGGER, Answer, FakeUpstream

GITHUB_TOKEN = "ghp_never_logged_7c1e0a"
TWITTER_TOKEN = "AAAA_never_logged_b4d2f9"
DELAY = 0.2


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


class CheckOverHttpTestCase(unittest.TestCase):
    delay = 0.0

    def setUp(self) -> None:
        self.upstream = FakeUpstream(delay=self.delay, page_size=100).start()
        self.addCleanup(self.upstream.stop)
        self.upstream.add_developer("ann", 1, [(7, "tools"), (8, "owls")], follows=["bo"])
        self.upstream.add_developer("bo", 2, [(8, "owls")], follows=["ann"])
        timeouts = Timeouts(connect=1.0, read=1.0)
        github = GitHubApiDirectory(self.upstream.github_url, GITHUB_TOKEN, timeouts)
        twitter = TwitterApiDirectory(self.upstream.twitter_url, TWITTER_TOKEN, timeouts)
        self.addCleanup(github.close)
        self.addCleanup(twitter.close)
        self.units_of_work = FakeUnitOfWorkFactory()
        self.service = ConnectedDevelopersService(github, twitter, self.units_of_work)


class ConcurrentLookupsTest(CheckOverHttpTestCase):
    """Every answer takes DELAY: one after the other, a check's 8 requests need 8 * DELAY."""

    delay = DELAY

    def test_the_look_ups_of_a_step_are_in_flight_together(self) -> None:
        verdict = self.service.check("ann", "bo")
        self.assertEqual(verdict, Connection(connected=True, organisations=("owls",)))
        self.assertEqual(len(self.upstream.seen), 8)
        # Each answer is held for DELAY, so the four look-ups of a step overlap only when they
        # are sent together; one after the other, never more than one is in flight. (The
        # latency itself, as a multiple of DELAY, is measured by the benchmarks, not here.)
        self.assertGreaterEqual(self.upstream.peak_in_flight, 4)


class FailureTest(CheckOverHttpTestCase):
    def test_a_rate_limited_step_two_registers_nothing(self) -> None:
        self.upstream.answers["/github/users/bo/orgs"] = Answer.github_rate_limit(reset_in=60)
        with (
            self.assertLogs(ADAPTER_LOGGER, "WARNING") as logs,
            self.assertRaises(UpstreamUnavailable) as raised,
        ):
            self.service.check("ann", "bo")
        self.assertIn("GitHub", raised.exception.message)
        self.assertIn("GitHub look-up failed: it is rate limiting this service", logs.output[0])
        self.assertEqual(self.units_of_work.kept, [])

    def test_no_credential_reaches_a_log_line_or_a_message(self) -> None:
        failures = {
            "/github/users/ann": Answer.server_error(500),
            "/twitter/2/users/by/username/bo": Answer.server_error(502),
        }
        with every_log_line() as logs:
            self.upstream.answers.update(failures)
            with self.assertRaises(UpstreamUnavailable) as failed:
                self.service.check("ann", "bo")
            self.upstream.answers.clear()
            self.upstream.slow["/twitter/2/users/2/following"] = 2.0
            with self.assertRaises(UpstreamUnavailable) as timed_out:
                self.service.check("ann", "bo")
            logging.getLogger(__name__).warning("failure", exc_info=timed_out.exception)
        # The upstream did receive the tokens, and echoed one in its error page.
        received = {seen.authorization for seen in self.upstream.seen}
        self.assertIn(f"Bearer {GITHUB_TOKEN}", received)
        self.assertIn(f"Bearer {TWITTER_TOKEN}", received)
        self.assertIn("HTTP Request", logs.getvalue())
        for text in (logs.getvalue(), str(failed.exception), str(timed_out.exception)):
            self.assertNotIn(GITHUB_TOKEN, text)
            self.assertNotIn(TWITTER_TOKEN, text)
