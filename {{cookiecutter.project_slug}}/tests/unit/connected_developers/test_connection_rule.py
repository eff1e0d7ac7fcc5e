"""The domain: the connection rule, the order of the errors, the symmetric pair, UTC checks."""

import unittest
from datetime import datetime, timedelta, timezone

from {{ cookiecutter.package_name }}.domain.models.connected_developers.connection import Connection
from {{ cookiecutter.package_name }}.domain.models.connected_developers.handles import (
    could_be_github_login,
    could_be_twitter_username,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.presence import (
    Presence,
    UnknownDevelopers,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.register import (
    DeveloperPair,
    RegisteredCheck,
)

from .fakes import ACME, OWLS, TOOLS, organisation


class ConnectionRuleTest(unittest.TestCase):
    def test_following_each_other_and_sharing_an_organisation_is_a_connection(self) -> None:
        connection = Connection.between([ACME, TOOLS], [TOOLS, OWLS], True, True)
        self.assertEqual(connection, Connection(connected=True, organisations=("tools",)))

    def test_shared_organisations_are_named_by_login_and_sorted(self) -> None:
        connection = Connection.between([TOOLS, OWLS, ACME], [OWLS, ACME, TOOLS], True, True)
        self.assertEqual(connection.organisations, ("acme", "owls", "tools"))

    def test_organisations_are_matched_by_id_not_by_login(self) -> None:
        renamed_tools = organisation(2, "tools-renamed")
        same_login_other_org = organisation(99, "acme")
        connection = Connection.between(
            [ACME, TOOLS], [same_login_other_org, renamed_tools], True, True
        )
        self.assertEqual(connection.organisations, ("tools",))

    def test_following_in_one_direction_only_is_no_connection(self) -> None:
        for first_follows, second_follows in ((True, False), (False, True), (False, False)):
            with self.subTest(first_follows=first_follows, second_follows=second_follows):
                connection = Connection.between([ACME], [ACME], first_follows, second_follows)
                self.assertEqual(connection, Connection(connected=False))

    def test_no_shared_organisation_is_no_connection(self) -> None:
        self.assertFalse(Connection.between([ACME], [TOOLS], True, True).connected)
        self.assertFalse(Connection.between([], [], True, True).connected)

    def test_a_connection_names_organisations_and_only_a_connection_does(self) -> None:
        with self.assertRaises(ValueError):
            Connection(connected=True)
        with self.assertRaises(ValueError):
            Connection(connected=False, organisations=("acme",))


class ErrorOrderTest(unittest.TestCase):
    def test_errors_come_first_developer_then_second_github_before_twitter(self) -> None:
        unknown = UnknownDevelopers.among(
            Presence("dev1", on_github=False, on_twitter=False),
            Presence("dev2", on_github=False, on_twitter=False),
        )
        self.assertEqual(
            unknown.errors,
            (
                "dev1 is not a valid user in github",
                "dev1 is not a valid user in twitter",
                "dev2 is not a valid user in github",
                "dev2 is not a valid user in twitter",
            ),
        )

    def test_only_the_failed_lookups_are_named(self) -> None:
        unknown = UnknownDevelopers.among(
            Presence("ann", on_github=True, on_twitter=False),
            Presence("bo", on_github=False, on_twitter=True),
        )
        self.assertEqual(
            unknown.errors,
            ("ann is not a valid user in twitter", "bo is not a valid user in github"),
        )

    def test_unknown_developers_need_a_failed_lookup(self) -> None:
        with self.assertRaises(ValueError):
            UnknownDevelopers.among(Presence("a", True, True), Presence("b", True, True))


class HandleTest(unittest.TestCase):
    def test_github_logins_are_letters_digits_and_inner_hyphens_up_to_39(self) -> None:
        for handle in ("octocat", "a", "the-dev-2", "x" * 39):
            self.assertTrue(could_be_github_login(handle), handle)
        for handle in ("", "-dev", "under_score", "x" * 40, "dot.dev", "a b", "dev\n", "..", "ñu"):
            self.assertFalse(could_be_github_login(handle), handle)

    def test_twitter_usernames_are_letters_digits_and_underscores_up_to_15(self) -> None:
        for handle in ("jack", "under_score", "_x_", "x" * 15):
            self.assertTrue(could_be_twitter_username(handle), handle)
        for handle in ("", "hy-phen", "x" * 16, "a.b", "dev\n", "ñu"):
            self.assertFalse(could_be_twitter_username(handle), handle)


class DeveloperPairTest(unittest.TestCase):
    def test_the_pair_is_the_same_in_either_order(self) -> None:
        self.assertEqual(DeveloperPair.of("ann", "bo"), DeveloperPair.of("bo", "ann"))

    def test_the_pair_ignores_case(self) -> None:
        self.assertEqual(DeveloperPair.of("Ann", "BO"), DeveloperPair(first="ann", second="bo"))

    def test_different_developers_make_different_pairs(self) -> None:
        self.assertNotEqual(DeveloperPair.of("ann", "bo"), DeveloperPair.of("ann", "cy"))


class RegisteredCheckTest(unittest.TestCase):
    def test_the_time_is_kept_in_utc(self) -> None:
        paris = timezone(timedelta(hours=2))
        check = RegisteredCheck(
            DeveloperPair.of("a", "b"), datetime(2026, 6, 1, 14, 0, tzinfo=paris), Connection(False)
        )
        self.assertEqual(check.registered_at, datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc))
        self.assertEqual(check.registered_at.utcoffset(), timedelta(0))

    def test_a_time_without_a_zone_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            RegisteredCheck(DeveloperPair.of("a", "b"), datetime(2026, 6, 1), Connection(False))

    def test_the_check_keeps_its_verdict(self) -> None:
        connection = Connection(connected=True, organisations=("acme",))
        check = RegisteredCheck(
            DeveloperPair.of("b", "a"), datetime(2026, 6, 1, tzinfo=timezone.utc), connection
        )
        self.assertEqual(check.connection, connection)
        self.assertEqual(check.pair, DeveloperPair("a", "b"))
