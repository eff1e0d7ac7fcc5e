"""The use cases with fakes behind the ports: verdicts, error order, register, upstream failures."""

import os
import threading
import unittest
import warnings
from collections import Counter
from datetime import datetime, timezone

from {{ cookiecutter.package_name }}.domain.models.connected_developers.connection import Connection
from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.presence import (
    UnknownDevelopers,
)
from {{ cookiecutter.package_name }}.services.connected_developers.concurrency import LookupPool
from {{ cookiecutter.package_name }}.services.connected_developers.realtime_check import (
    LOOKUPS_PER_CHECK,
    MAX_PAGES,
)
from {{ cookiecutter.package_name }}.services.connected_developers.use_cases import (
    PROCESS_LOOKUPS,
    ConnectedDevelopersService,
)

from .fakes import (
    ACME,
    OWLS,
    TOOLS,
    FakeGitHub,
    FakeTwitter,
    FakeUnitOfWorkFactory,
    Hook,
    SteppingClock,
)

# ann and bo: connected through tools and owls. cy follows ann, who does not follow back.
# dee and ann follow each other but share no organisation.
MEMBERSHIPS = {"ann": [ACME, TOOLS, OWLS], "bo": [OWLS, TOOLS], "cy": [ACME], "dee": []}
FOLLOWING = {"ann": ["bo", "dee"], "bo": ["ann"], "cy": ["ann"], "dee": ["ann"]}
CONNECTED_ANN_BO = Connection(connected=True, organisations=("owls", "tools"))


# Seconds: a guard against a test that would otherwise wait forever. A passing test never waits
# this long; a failing one fails after it.
WAIT = 5


class CheckTestCase(unittest.TestCase):
    def setUp(self) -> None:
        # A pool of the test's own: look-ups a test leaves behind never hold up the next test.
        # (Its cleanup runs after the test's own, which release whatever they held.)
        self.lookups = LookupPool(threads=2 * LOOKUPS_PER_CHECK)
        self.addCleanup(self.lookups.shutdown)

    def make_service(
        self,
        *,
        github_unavailable: tuple[str, ...] = (),
        twitter_unavailable: tuple[str, ...] = (),
        github_hook: Hook | None = None,
        twitter_hook: Hook | None = None,
        page_size: int | None = None,
        lookups: LookupPool | None = None,
    ) -> ConnectedDevelopersService:
        kwargs = {} if github_hook is None else {"hook": github_hook}
        self.github = FakeGitHub(MEMBERSHIPS, github_unavailable, page_size=page_size, **kwargs)
        kwargs = {} if twitter_hook is None else {"hook": twitter_hook}
        self.twitter = FakeTwitter(FOLLOWING, twitter_unavailable, page_size=page_size, **kwargs)
        self.units_of_work = FakeUnitOfWorkFactory()
        self.clock = SteppingClock()
        return ConnectedDevelopersService(
            self.github, self.twitter, self.units_of_work, self.clock, lookups or self.lookups
        )


class VerdictTest(CheckTestCase):
    def test_developers_who_follow_each_other_and_share_organisations_are_connected(self) -> None:
        verdict = self.make_service().check("ann", "bo")
        self.assertEqual(verdict, Connection(connected=True, organisations=("owls", "tools")))

    def test_following_without_being_followed_back_is_not_connected(self) -> None:
        verdict = self.make_service().check("cy", "ann")
        self.assertEqual(verdict, Connection(connected=False))

    def test_following_each_other_without_a_shared_organisation_is_not_connected(self) -> None:
        verdict = self.make_service().check("ann", "dee")
        self.assertEqual(verdict, Connection(connected=False))

    def test_handles_ignore_case_as_both_networks_do(self) -> None:
        verdict = self.make_service().check("ANN", "Bo")
        self.assertEqual(verdict, Connection(connected=True, organisations=("owls", "tools")))


class UnknownDevelopersTest(CheckTestCase):
    def test_every_failed_lookup_is_named_in_a_fixed_order(self) -> None:
        verdict = self.make_service().check("nobody", "ghost")
        self.assertEqual(
            verdict,
            UnknownDevelopers(
                (
                    "nobody is not a valid user in github",
                    "nobody is not a valid user in twitter",
                    "ghost is not a valid user in github",
                    "ghost is not a valid user in twitter",
                )
            ),
        )

    def test_the_order_does_not_follow_which_lookup_finished_first(self) -> None:
        # The first developer's look-ups answer only after both of the second's have answered.
        second_answered = threading.Event()
        answers: list[str] = []
        lock = threading.Lock()

        def second_first(call: str, handle: str) -> None:
            if handle == "ghost":
                second_answered.wait(timeout=5)
                return
            with lock:
                answers.append(handle)
                if answers.count("nobody") == 2:
                    second_answered.set()

        service = self.make_service(github_hook=second_first, twitter_hook=second_first)
        verdict = service.check("ghost", "nobody")
        self.assertEqual(
            verdict,
            UnknownDevelopers(
                (
                    "ghost is not a valid user in github",
                    "ghost is not a valid user in twitter",
                    "nobody is not a valid user in github",
                    "nobody is not a valid user in twitter",
                )
            ),
        )

    def test_only_missing_accounts_are_named(self) -> None:
        service = self.make_service()
        self.twitter.following["twonly"] = []
        verdict = service.check("ann", "twonly")
        self.assertEqual(verdict, UnknownDevelopers(("twonly is not a valid user in github",)))

    def test_a_handle_github_forbids_is_named_unknown_there_without_asking_github(self) -> None:
        service = self.make_service()
        verdict = service.check("ann", "under_score")
        self.assertEqual(
            verdict,
            UnknownDevelopers(
                (
                    "under_score is not a valid user in github",
                    "under_score is not a valid user in twitter",
                )
            ),
        )
        self.assertNotIn("under_score", self.github.asked)
        self.assertIn("under_score", self.twitter.asked)

    def test_unknown_developers_are_not_registered(self) -> None:
        service = self.make_service()
        service.check("ann", "ghost")
        self.assertEqual(self.units_of_work.kept, [])
        self.assertEqual(service.register("ann", "ghost"), [])


class RegisterTest(CheckTestCase):
    def test_every_verdict_about_existing_users_is_registered_with_its_utc_time(self) -> None:
        service = self.make_service()
        service.check("ann", "bo")
        service.check("cy", "ann")
        registered = [
            (
                check.pair.first,
                check.pair.second,
                check.connected,
                check.organisations,
                check.registered_at,
            )
            for check in self.units_of_work.kept
        ]
        self.assertEqual(
            registered,
            [
                (
                    "ann",
                    "bo",
                    True,
                    ["owls", "tools"],
                    datetime(2026, 3, 1, 12, 0, 1, tzinfo=timezone.utc),
                ),
                ("ann", "cy", False, [], datetime(2026, 3, 1, 12, 0, 2, tzinfo=timezone.utc)),
            ],
        )

    def test_the_register_is_the_same_for_both_orders_oldest_first(self) -> None:
        service = self.make_service()
        service.check("ann", "bo")
        service.check("BO", "ann")
        service.check("ann", "dee")
        for first, second in (("ann", "bo"), ("bo", "ann"), ("Bo", "ANN")):
            with self.subTest(first=first, second=second):
                checks = service.register(first, second)
                self.assertEqual(len(checks), 2)
                self.assertLess(checks[0].registered_at, checks[1].registered_at)

    def test_a_pair_never_checked_has_an_empty_register(self) -> None:
        self.assertEqual(self.make_service().register("ann", "bo"), [])


class UpstreamFailureTest(CheckTestCase):
    def test_a_failing_user_lookup_raises_and_registers_nothing(self) -> None:
        service = self.make_service(twitter_unavailable=("bo",))
        with self.assertRaises(UpstreamUnavailable) as raised:
            service.check("ann", "bo")
        self.assertIn("Twitter", raised.exception.message)
        self.assertEqual(self.units_of_work.kept, [])

    def test_a_failing_second_step_raises_and_registers_nothing(self) -> None:
        def organisations_fail(call: str, handle: str) -> None:
            if call == "organisations" and handle == "bo":
                raise UpstreamUnavailable("GitHub", "it answered with an error (HTTP 502)")

        service = self.make_service(github_hook=organisations_fail)
        with self.assertRaises(UpstreamUnavailable):
            service.check("ann", "bo")
        self.assertEqual(self.units_of_work.kept, [])

    def test_an_upstream_failure_wins_over_an_incomplete_list_of_errors(self) -> None:
        # ghost is unknown on GitHub, but Twitter failed: the list of errors would be incomplete.
        service = self.make_service(twitter_unavailable=("ghost",))
        with self.assertRaises(UpstreamUnavailable):
            service.check("ann", "ghost")

    def test_the_rate_limit_message_says_when_to_retry(self) -> None:
        service = self.make_service(github_unavailable=("ann",))
        with self.assertRaises(UpstreamUnavailable) as raised:
            service.check("ann", "bo")
        self.assertEqual(raised.exception.retry_after, 60)
        self.assertIn("GitHub", raised.exception.message)
        self.assertIn("Retry after 60 seconds", raised.exception.message)


class Arrivals:
    """Counts the calls that reached the fakes; a hook can wait until enough have."""

    def __init__(self) -> None:
        self._count: Counter[tuple[str, str]] = Counter()
        self._changed = threading.Condition()

    def arrive(self, call: str, handle: str) -> None:
        with self._changed:
            self._count[call, handle] += 1
            self._count[call, "*"] += 1
            self._changed.notify_all()

    def wait_for(self, call: str, handle: str = "*", count: int = 1) -> None:
        """Returns once `count` such calls have arrived; fails the check after WAIT seconds."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._count[call, handle] >= count, WAIT):
                raise AssertionError(f"{call} {handle} was asked for fewer than {count} times")


class Held:
    """A call held until the test lets it go, to see whether the check waited for it."""

    def __init__(self, test: unittest.TestCase, call: str, handle: str) -> None:
        self.call, self.handle = call, handle
        self.entered = threading.Event()
        self.released = threading.Event()
        self.waited_out = False
        test.addCleanup(self.released.set)

    def __call__(self, call: str, handle: str) -> None:
        if (call, handle) == (self.call, self.handle):
            self.entered.set()
            self.waited_out = not self.released.wait(WAIT)


class RoundsTest(CheckTestCase):
    """What waits for what, proven by making answers wait for other calls, not by timing."""

    def test_round_one_asks_for_the_four_users_and_both_organisation_lists_at_once(self) -> None:
        # A barrier of six opens only if all six look-ups are under way together: the
        # organisation lists start before any user look-up has answered.
        barrier = threading.Barrier(6, timeout=WAIT)

        def meet(call: str, handle: str) -> None:
            if call in ("find_user", "organisations"):
                barrier.wait()

        service = self.make_service(github_hook=meet, twitter_hook=meet)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)

    def test_the_following_lists_wait_for_the_twitter_ids_only(self) -> None:
        # GitHub's user look-ups answer only once both following lists have been asked for.
        arrivals = Arrivals()

        def github(call: str, handle: str) -> None:
            if call == "find_user":
                arrivals.wait_for("following", count=2)

        service = self.make_service(github_hook=github, twitter_hook=arrivals.arrive)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)

    def test_a_following_list_stops_at_the_page_that_names_the_other(self) -> None:
        service = self.make_service(page_size=1)
        # ann follows bo first, then dee; bo follows cy, dee, then ann.
        self.twitter.following["bo"] = ["cy", "dee", "ann"]
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)
        self.assertEqual(self.twitter.pages_asked("following", "ann"), [None])
        self.assertEqual(self.twitter.pages_asked("following", "bo"), [None, "1", "2"])

    def test_every_page_of_both_organisation_lists_is_read(self) -> None:
        service = self.make_service(page_size=1)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)
        self.assertEqual(self.github.pages_asked("organisations", "ann"), [None, "1", "2"])
        self.assertEqual(self.github.pages_asked("organisations", "bo"), [None, "1"])

    def test_each_further_page_starts_without_waiting_for_the_other_lists(self) -> None:
        # ann's following list answers only once ann's third page of organisations is asked for.
        arrivals = Arrivals()

        def twitter(call: str, handle: str) -> None:
            if (call, handle) == ("following", "ann"):
                arrivals.wait_for("organisations", "ann", count=3)

        service = self.make_service(github_hook=arrivals.arrive, twitter_hook=twitter, page_size=1)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)

    def test_a_list_that_never_ends_is_read_no_further_than_the_safety_net(self) -> None:
        service = self.make_service(page_size=1)
        self.twitter.following["bo"] = ["cy"] * MAX_PAGES + ["ann"]
        with self.assertLogs(level="WARNING") as logs:
            verdict = service.check("ann", "bo")
        self.assertEqual(verdict, Connection(connected=False))
        self.assertEqual(len(self.twitter.pages_asked("following", "bo")), MAX_PAGES)
        self.assertIn(f"longer than {MAX_PAGES} pages", logs.output[0])


class EarlyAnswerTest(CheckTestCase):
    """Once the answer is known, the check gives it without waiting for what cannot change it."""

    def test_a_failed_user_look_up_does_not_wait_for_the_other_users(self) -> None:
        held = Held(self, "find_user", "ann")

        def twitter(call: str, handle: str) -> None:
            if handle == "bo":  # fails once ann's GitHub look-up is under way
                held.entered.wait(WAIT)

        service = self.make_service(
            twitter_unavailable=("bo",), github_hook=held, twitter_hook=twitter
        )
        with self.assertRaises(UpstreamUnavailable) as raised:
            service.check("ann", "bo")
        self.assertIn("Twitter", raised.exception.message)
        self.assertTrue(held.entered.is_set())
        self.assertFalse(held.waited_out, "the check waited for a look-up it did not need")

    def test_a_missing_user_does_not_wait_for_the_organisation_lists(self) -> None:
        held = Held(self, "organisations", "ann")

        def ghost_waits(call: str, handle: str) -> None:
            if handle == "ghost":  # found missing once ann's organisations are under way
                held.entered.wait(WAIT)
            held(call, handle)

        service = self.make_service(github_hook=ghost_waits, twitter_hook=ghost_waits)
        verdict = service.check("ann", "ghost")
        self.assertIsInstance(verdict, UnknownDevelopers)
        self.assertTrue(held.entered.is_set())
        self.assertFalse(held.waited_out, "the check waited for a look-up it did not need")

    def test_a_failed_list_does_not_wait_for_the_other_lists(self) -> None:
        # bo's organisations fail once ann's following list is under way, held.
        held = Held(self, "following", "ann")

        def github(call: str, handle: str) -> None:
            if (call, handle) == ("organisations", "bo"):
                held.entered.wait(WAIT)
                raise UpstreamUnavailable("GitHub", "it answered with an error (HTTP 502)")

        service = self.make_service(github_hook=github, twitter_hook=held)
        with self.assertRaises(UpstreamUnavailable) as raised:
            service.check("ann", "bo")
        self.assertIn("GitHub", raised.exception.message)
        self.assertTrue(held.entered.is_set())
        self.assertFalse(held.waited_out, "the check waited for a look-up it did not need")
        self.assertEqual(self.units_of_work.kept, [])

    def test_a_failed_list_gives_way_to_a_missing_user_as_before(self) -> None:
        # ann's organisations fail, but ghost is no GitHub user: the list was never needed.
        def github(call: str, handle: str) -> None:
            if (call, handle) == ("organisations", "ann"):
                raise UpstreamUnavailable("GitHub", "it answered with an error (HTTP 502)")

        service = self.make_service(github_hook=github)
        self.twitter.following["ghost"] = []
        verdict = service.check("ann", "ghost")
        self.assertEqual(verdict, UnknownDevelopers(("ghost is not a valid user in github",)))

    def test_no_following_list_is_asked_for_a_missing_twitter_user(self) -> None:
        service = self.make_service()
        self.github.memberships["gitonly"] = []
        verdict = service.check("ann", "gitonly")
        self.assertEqual(verdict, UnknownDevelopers(("gitonly is not a valid user in twitter",)))
        self.assertEqual([call for call, _, _ in self.twitter.calls], ["find_user", "find_user"])


class LookupPoolTest(CheckTestCase):
    def test_checks_share_a_fixed_number_of_threads_that_outlive_them(self) -> None:
        pool = LookupPool(threads=LOOKUPS_PER_CHECK)
        self.addCleanup(pool.shutdown)
        # Each check's round one holds all its threads at once.
        barrier = threading.Barrier(LOOKUPS_PER_CHECK, timeout=WAIT)
        threads: set[threading.Thread] = set()

        def meet(call: str, handle: str) -> None:
            threads.add(threading.current_thread())
            if call in ("find_user", "organisations"):
                barrier.wait()

        service = self.make_service(github_hook=meet, twitter_hook=meet, lookups=pool)
        for _ in range(3):
            self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)
        self.assertEqual(len(threads), LOOKUPS_PER_CHECK)
        self.assertTrue(all(thread.is_alive() for thread in threads))

    def test_services_made_without_a_pool_share_the_process_one(self) -> None:
        threads: set[threading.Thread] = set()

        def note(call: str, handle: str) -> None:
            threads.add(threading.current_thread())

        github = FakeGitHub(MEMBERSHIPS, hook=note)
        twitter = FakeTwitter(FOLLOWING, hook=note)
        for _ in range(3):
            service = ConnectedDevelopersService(github, twitter, FakeUnitOfWorkFactory())
            self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)
        self.assertLessEqual(len(threads), PROCESS_LOOKUPS.threads)
        self.assertTrue(all(thread.is_alive() for thread in threads))

    @unittest.skipUnless(hasattr(os, "fork"), "needs fork")
    def test_a_forked_process_makes_its_own_threads(self) -> None:
        pool = LookupPool(threads=1)
        self.addCleanup(pool.shutdown)
        # The parent's thread exists, and a fork copies the pool but not its thread.
        self.assertEqual(pool.submit(lambda: "parent").result(timeout=WAIT), "parent")
        reader, writer = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # forking a threaded process
            child = os.fork()
        if child == 0:
            try:
                os.write(writer, pool.submit(lambda: "child").result(timeout=WAIT).encode())
            finally:
                os._exit(0)
        os.close(writer)
        os.waitpid(child, 0)
        with os.fdopen(reader, "rb") as answer:
            self.assertEqual(answer.read(), b"child")
