"""The use cases: check two developers now and register the check; read a pair's register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial

from ...domain.models.connected_developers.accounts import GitHubUser, TwitterUser
from ...domain.models.connected_developers.connection import Connection
from ...domain.models.connected_developers.handles import (
    could_be_github_login,
    could_be_twitter_username,
)
from ...domain.models.connected_developers.presence import Presence, UnknownDevelopers
from ...domain.models.connected_developers.register import DeveloperPair, RegisteredCheck
from .concurrency import LookupPool
from .ports import ConnectedDevelopersUnitOfWork, GitHubDirectory, TwitterDirectory

Clock = Callable[[], datetime]
UnitOfWorkFactory = Callable[[], ConnectedDevelopersUnitOfWork]

# Each step asks at most four questions at once: two per network.
LOOKUPS_PER_STEP = 4


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ConnectedDevelopersService:
    """Asks GitHub and Twitter about two developers, applies the rule and keeps the register."""

    def __init__(
        self,
        github: GitHubDirectory,
        twitter: TwitterDirectory,
        unit_of_work_factory: UnitOfWorkFactory,
        clock: Clock = utc_now,
    ) -> None:
        self._github = github
        self._twitter = twitter
        self._unit_of_work_factory = unit_of_work_factory
        self._clock = clock

    def check(self, first: str, second: str) -> Connection | UnknownDevelopers:
        """The verdict about the pair now; a verdict about existing users is registered.

        An upstream failure raises UpstreamUnavailable before anything is registered.
        """
        # One pool serves both steps; leaving the block waits for every look-up it started, also
        # when a failure ends the check early.
        with LookupPool(LOOKUPS_PER_STEP) as pool:
            verdict = self._verdict(pool, first, second)
        if isinstance(verdict, UnknownDevelopers):
            return verdict
        with self._unit_of_work_factory() as unit_of_work:
            unit_of_work.register.add(
                RegisteredCheck(DeveloperPair.of(first, second), self._clock(), verdict)
            )
            unit_of_work.commit()
        return verdict

    def register(self, first: str, second: str) -> list[RegisteredCheck]:
        """Every registered check of the pair, in either order, oldest first."""
        with self._unit_of_work_factory() as unit_of_work:
            return unit_of_work.register.checks_of(DeveloperPair.of(first, second))

    def _verdict(self, pool: LookupPool, first: str, second: str) -> Connection | UnknownDevelopers:
        # Step one: the four users at once.
        github_first = pool.submit(partial(self._github_user, first))
        twitter_first = pool.submit(partial(self._twitter_user, first))
        github_second = pool.submit(partial(self._github_user, second))
        twitter_second = pool.submit(partial(self._twitter_user, second))
        # Results are read in a fixed order, so the failure reported never depends on timing.
        found_github_first, found_twitter_first = github_first.result(), twitter_first.result()
        found_github_second, found_twitter_second = github_second.result(), twitter_second.result()
        if (
            found_github_first is None
            or found_twitter_first is None
            or found_github_second is None
            or found_twitter_second is None
        ):
            return UnknownDevelopers.among(
                Presence(first, found_github_first is not None, found_twitter_first is not None),
                Presence(second, found_github_second is not None, found_twitter_second is not None),
            )
        return self._connection(
            pool,
            (found_github_first, found_github_second),
            (found_twitter_first, found_twitter_second),
        )

    def _connection(
        self,
        pool: LookupPool,
        github_users: tuple[GitHubUser, GitHubUser],
        twitter_users: tuple[TwitterUser, TwitterUser],
    ) -> Connection:
        github_first, github_second = github_users
        twitter_first, twitter_second = twitter_users
        # Step two: both organisation lists and both directions of following at once.
        first_organisations = pool.submit(partial(self._github.organisations, github_first))
        second_organisations = pool.submit(partial(self._github.organisations, github_second))
        first_follows = pool.submit(partial(self._twitter.follows, twitter_first, twitter_second))
        second_follows = pool.submit(partial(self._twitter.follows, twitter_second, twitter_first))
        # Read in a fixed order too, for the same reason.
        return Connection.between(
            first_organisations.result(),
            second_organisations.result(),
            first_follows.result(),
            second_follows.result(),
        )

    def _github_user(self, handle: str) -> GitHubUser | None:
        return self._github.find_user(handle) if could_be_github_login(handle) else None

    def _twitter_user(self, handle: str) -> TwitterUser | None:
        return self._twitter.find_user(handle) if could_be_twitter_username(handle) else None
