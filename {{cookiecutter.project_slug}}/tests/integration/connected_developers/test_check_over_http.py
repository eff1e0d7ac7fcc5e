"""A whole check through the real HTTP adapters: its rounds, its pages, its connections, failures.

What waits for what is proven by holding answers until other requests arrive, never by timing.
"""

import unittest
from collections import Counter

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
from {{ cookiecutter.package_name }}.services.connected_developers.concurrency import LookupPool
from {{ cookiecutter.package_name }}.services.connected_developers.realtime_check import (
    LOOKUPS_PER_CHECK,
)
from {{ cookiecutter.package_name }}.services.connected_developers.use_cases import (
    ConnectedDevelopersService,
)

from ...unit.connected_developers.fakes import FakeUnitOfWorkFactory
from .fake_upstream import ADAPTER_LOGGER, Answer, FakeUpstream, quiet_adapter_logs

GITHUB_TOKEN = "ghp_never_logged_7c1e0a"
TWITTER_TOKEN = "AAAA_never_logged_b4d2f9"
CONNECTED = Connection(connected=True, organisations=("owls",))

GITHUB_USERS = ("/github/users/ann", "/github/users/bo")
TWITTER_USERS = ("/twitter/2/users/by/username/ann", "/twitter/2/users/by/username/bo")
FIRST_ORGANISATION_PAGES = (
    "/github/users/ann/orgs?per_page=100",
    "/github/users/bo/orgs?per_page=100",
)
# ann's id is 1 and bo's 2.
FIRST_FOLLOWING_PAGES = (
    "/twitter/2/users/1/following?max_results=1000",
    "/twitter/2/users/2/following?max_results=1000",
)
ROUND_ONE = (*GITHUB_USERS, *TWITTER_USERS, *FIRST_ORGANISATION_PAGES)
# Everything a check of ann and bo needs, and nothing more: both organisation lists whole; ann's
# following list names bo on its first page of two, bo's names ann only on its second.
EVERY_REQUEST = (
    *ROUND_ONE,
    "/github/users/ann/orgs?per_page=2&page=2",
    "/github/users/bo/orgs?per_page=2&page=2",
    *FIRST_FOLLOWING_PAGES,
    "/twitter/2/users/2/following?max_results=1000&pagination_token=page-2",
)


class CheckOverHttpTestCase(unittest.TestCase):
    def setUp(self) -> None:
        quiet_adapter_logs(self)
        self.upstream = FakeUpstream(page_size=2).start()
        self.addCleanup(self.upstream.stop)
        self.upstream.add_developer(
            "ann", 1, [(7, "tools"), (8, "owls"), (9, "kiln")], follows=["bo", "cy", "dee"]
        )
        self.upstream.add_developer(
            "bo", 2, [(10, "bees"), (11, "moss"), (8, "owls")], follows=["cy", "dee", "ann"]
        )
        self.upstream.add_twitter_user("cy", "3", [])
        self.upstream.add_twitter_user("dee", "4", [])
        # Reads wait long enough that only an answer held for good times out, even on a busy
        # machine.
        timeouts = Timeouts(connect=3.0, read=3.0)
        github = GitHubApiDirectory(self.upstream.github_url, GITHUB_TOKEN, timeouts)
        twitter = TwitterApiDirectory(self.upstream.twitter_url, TWITTER_TOKEN, timeouts)
        self.addCleanup(github.close)
        self.addCleanup(twitter.close)
        self.units_of_work = FakeUnitOfWorkFactory()
        lookups = LookupPool(threads=LOOKUPS_PER_CHECK)
        self.service = ConnectedDevelopersService(
            github, twitter, self.units_of_work, lookups=lookups
        )
        # At the end: held answers go out, then the look-ups a check left unread finish (while
        # the adapters' warnings are still quiet), then the clients close.
        self.addCleanup(lookups.shutdown)
        self.addCleanup(self.upstream.release)

    def hold(self, paths: tuple[str, ...], until: tuple[str, ...]) -> None:
        for path in paths:
            self.upstream.hold(path, until)


class RoundsTest(CheckOverHttpTestCase):
    def test_a_check_asks_for_the_pages_it_needs_and_no_more(self) -> None:
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)
        self.assertEqual(Counter(self.upstream.paths_seen()), Counter(EVERY_REQUEST))

    def test_the_organisation_lists_start_before_any_user_look_up_answers(self) -> None:
        # No user look-up answers before both organisation lists are asked for; and none of the
        # six answers before all have arrived, so all six are in flight at once.
        self.hold(ROUND_ONE, until=ROUND_ONE)
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)
        self.assertEqual(self.upstream.peak_in_flight, 6)

    def test_the_following_lists_wait_for_the_twitter_ids_only(self) -> None:
        self.hold(GITHUB_USERS, until=FIRST_FOLLOWING_PAGES)
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)

    def test_further_pages_start_without_waiting_for_the_other_lists(self) -> None:
        # ann's following list answers only once bo's second pages of both lists are asked for.
        self.upstream.hold(
            "/twitter/2/users/1/following",
            until=(
                "/github/users/bo/orgs?per_page=2&page=2",
                "/twitter/2/users/2/following?max_results=1000&pagination_token=page-2",
            ),
        )
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)

    def test_a_following_list_that_names_the_other_on_page_one_asks_for_no_page_two(self) -> None:
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)
        anns_list = [path for path in self.upstream.paths_seen() if "/users/1/following" in path]
        self.assertEqual(anns_list, [FIRST_FOLLOWING_PAGES[0]])


class ConnectionsTest(CheckOverHttpTestCase):
    def test_the_first_check_opens_connections_in_round_one_only_and_the_next_none(self) -> None:
        # Round one is held until all of it is in flight: one connection each, opened together.
        self.hold(ROUND_ONE, until=ROUND_ONE)
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)
        opened = [seen.path for seen in self.upstream.seen if seen.opened_connection]
        self.assertEqual(Counter(opened), Counter(ROUND_ONE))
        self.upstream.reset()
        self.assertEqual(self.service.check("ann", "bo"), CONNECTED)
        self.assertEqual([seen.path for seen in self.upstream.seen if seen.opened_connection], [])


class FailureTest(CheckOverHttpTestCase):
    def test_a_rate_limited_organisation_list_registers_nothing(self) -> None:
        self.upstream.answers["/github/users/bo/orgs"] = Answer.github_rate_limit(reset_in=60)
        with (
            self.assertLogs(ADAPTER_LOGGER, "WARNING") as logs,
            self.assertRaises(UpstreamUnavailable) as raised,
        ):
            self.service.check("ann", "bo")
        self.assertIn("GitHub", raised.exception.message)
        self.assertIn("GitHub look-up failed: it is rate limiting this service", logs.output[0])
        self.assertEqual(self.units_of_work.kept, [])

    def test_a_failure_is_answered_without_waiting_for_a_look_up_that_cannot_change_it(
        self,
    ) -> None:
        # ann's GitHub look-up is held past the read timeout; bo's Twitter look-up is refused at
        # once. Waiting for the first would report GitHub's timeout, not Twitter's rate limit.
        # (Cleanup releases the held answer.)
        self.upstream.hold("/github/users/ann", until=("/never",))
        self.upstream.answers[TWITTER_USERS[1]] = Answer.too_many_requests(retry_after=42)
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.service.check("ann", "bo")
        self.assertIn("Twitter", raised.exception.message)
        self.assertEqual(raised.exception.retry_after, 42)
        self.assertEqual(self.units_of_work.kept, [])
