"""A whole check through the real HTTP adapters: concurrent look-ups; a failure keeps nothing."""

import unittest

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
from {{ cookiecutter.package_name }}.services.connected_developers.use_cases import (
    ConnectedDevelopersService,
)

from ...unit.connected_developers.fakes import FakeUnitOfWorkFactory
from .fake_upstream import ADAPTER_LOGGER, Answer, FakeUpstream

GITHUB_TOKEN = "ghp_never_logged_7c1e0a"
TWITTER_TOKEN = "AAAA_never_logged_b4d2f9"
DELAY = 0.2


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
