"""The register on PostgreSQL: kept on commit, read oldest first, symmetric, times in UTC."""

from datetime import datetime, timedelta, timezone

from {{ cookiecutter.package_name }}.domain.models.connected_developers.connection import Connection
from {{ cookiecutter.package_name }}.domain.models.connected_developers.register import (
    DeveloperPair,
    RegisteredCheck,
)
from {{ cookiecutter.package_name }}.infrastructure.repositories.connected_developers import (
    SqlAlchemyConnectedDevelopersUnitOfWork,
)
from {{ cookiecutter.package_name }}.services.connected_developers.use_cases import (
    ConnectedDevelopersService,
)

from ...support.cases import DatabaseTestCase
from ...unit.connected_developers.fakes import FakeGitHub, FakeTwitter, organisation

NOON = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)
CONNECTED = Connection(connected=True, organisations=("acme", "tools"))
NOT_CONNECTED = Connection(connected=False)


class RegisterRepositoryTest(DatabaseTestCase):
    def unit_of_work(self) -> SqlAlchemyConnectedDevelopersUnitOfWork:
        return SqlAlchemyConnectedDevelopersUnitOfWork(self.session_factory)

    def keep(self, *checks: RegisteredCheck) -> None:
        with self.unit_of_work() as unit_of_work:
            for check in checks:
                unit_of_work.register.add(check)
            unit_of_work.commit()

    def read(self, one: str, other: str) -> list[RegisteredCheck]:
        with self.unit_of_work() as unit_of_work:
            return unit_of_work.register.checks_of(DeveloperPair.of(one, other))

    def test_checks_are_read_oldest_first_whatever_order_they_were_kept_in(self) -> None:
        pair = DeveloperPair.of("ann", "bo")
        self.keep(
            RegisteredCheck(pair, NOON + timedelta(minutes=2), NOT_CONNECTED),
            RegisteredCheck(pair, NOON, CONNECTED),
            RegisteredCheck(pair, NOON + timedelta(minutes=1), CONNECTED),
        )
        times = [check.registered_at for check in self.read("ann", "bo")]
        self.assertEqual(times, [NOON, NOON + timedelta(minutes=1), NOON + timedelta(minutes=2)])

    def test_the_register_is_the_same_for_both_orders_and_only_that_pair(self) -> None:
        self.keep(
            RegisteredCheck(DeveloperPair.of("bo", "ann"), NOON, CONNECTED),
            RegisteredCheck(DeveloperPair.of("ann", "cy"), NOON, NOT_CONNECTED),
        )
        self.assertEqual(len(self.read("ann", "bo")), 1)
        self.assertEqual(len(self.read("BO", "Ann")), 1)
        self.assertEqual(self.read("bo", "cy"), [])

    def test_the_verdict_and_the_utc_time_come_back_as_kept(self) -> None:
        tokyo = timezone(timedelta(hours=9))
        kept_at = datetime(2026, 5, 4, 21, 0, 0, 123456, tzinfo=tokyo)
        self.keep(
            RegisteredCheck(DeveloperPair.of("ann", "bo"), kept_at, CONNECTED),
            RegisteredCheck(
                DeveloperPair.of("ann", "bo"), kept_at + timedelta(seconds=1), NOT_CONNECTED
            ),
        )
        first, second = self.read("ann", "bo")
        self.assertEqual(first.registered_at, kept_at)
        self.assertEqual(first.registered_at.utcoffset(), timedelta(0))
        self.assertEqual(first.connection, CONNECTED)
        self.assertEqual(second.connection, NOT_CONNECTED)

    def test_nothing_is_kept_without_a_commit(self) -> None:
        with self.unit_of_work() as unit_of_work:
            unit_of_work.register.add(
                RegisteredCheck(DeveloperPair.of("ann", "bo"), NOON, CONNECTED)
            )
        self.assertEqual(self.read("ann", "bo"), [])

    def test_a_check_through_the_use_case_is_registered_in_the_database(self) -> None:
        acme = organisation(1, "acme")
        service = ConnectedDevelopersService(
            FakeGitHub({"ann": [acme], "bo": [acme]}),
            FakeTwitter({"ann": ["bo"], "bo": ["ann"]}),
            self.unit_of_work,
        )
        service.check("Ann", "bo")
        service.check("bo", "ann")
        checks = service.register("ann", "BO")
        self.assertEqual([check.connection for check in checks], [Connection(True, ("acme",))] * 2)
        self.assertLessEqual(checks[0].registered_at, checks[1].registered_at)
