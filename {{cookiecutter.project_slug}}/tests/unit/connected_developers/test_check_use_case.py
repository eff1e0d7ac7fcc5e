"""The use cases with fakes behind the ports: verdicts, error order, register, upstream failures."""

import threading
import unittest
from datetime import datetime, timezone

from {{ cookiecutter.package_name }}.domain.models.connected_developers.connection import Connection
from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.presence import (
    UnknownDevelopers,
)
from {{ cookiecutter.package_name }}.services.connected_developers.use_cases import (
    LOOKUPS_PER_STEP,
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


class CheckTestCase(unittest.TestCase):
    def make_service(
        self,
        github_unavailable: tuple[str, ...] = (),
        twitter_unavailable: tuple[str, ...] = (),
        github_hook: Hook | None = None,
        twitter_hook: Hook | None = None,
    ) -> ConnectedDevelopersService:
        kwargs = {} if github_hook is None else {"hook": github_hook}
        self.github = FakeGitHub(MEMBERSHIPS, github_unavailable, **kwargs)
        kwargs = {} if twitter_hook is None else {"hook": twitter_hook}
        self.twitter = FakeTwitter(FOLLOWING, twitter_unavailable, **kwargs)
        self.units_of_work = FakeUnitOfWorkFactory()
        self.clock = SteppingClock()
        return ConnectedDevelopersService(self.github, self.twitter, self.units_of_work, self.clock)


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
        self.twitter.following["twonly"] = set()
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


class ConcurrencyTest(CheckTestCase):
    """Each step asks its four questions at once: a barrier of four opens only if they all wait."""

    def test_the_four_user_lookups_run_at_the_same_time(self) -> None:
        barrier = threading.Barrier(4, timeout=5)

        def meet(call: str, handle: str) -> None:
            if call == "find_user":
                barrier.wait()

        service = self.make_service(github_hook=meet, twitter_hook=meet)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)

    def test_the_organisation_and_follow_lookups_run_at_the_same_time(self) -> None:
        barrier = threading.Barrier(4, timeout=5)

        def meet(call: str, handle: str) -> None:
            if call in ("organisations", "follows"):
                barrier.wait()

        service = self.make_service(github_hook=meet, twitter_hook=meet)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)

    def test_both_steps_run_on_one_pool_that_is_gone_after_the_check(self) -> None:
        # The barrier makes each step hold four threads at once; two pools would make eight.
        barrier = threading.Barrier(LOOKUPS_PER_STEP, timeout=5)
        threads: list[threading.Thread] = []
        lock = threading.Lock()

        def meet(call: str, handle: str) -> None:
            with lock:
                threads.append(threading.current_thread())
            barrier.wait()

        service = self.make_service(github_hook=meet, twitter_hook=meet)
        self.assertEqual(service.check("ann", "bo"), CONNECTED_ANN_BO)
        self.assertEqual(len(threads), 8)
        self.assertEqual(len(set(threads)), LOOKUPS_PER_STEP)
        self.assertFalse(any(thread.is_alive() for thread in threads))
