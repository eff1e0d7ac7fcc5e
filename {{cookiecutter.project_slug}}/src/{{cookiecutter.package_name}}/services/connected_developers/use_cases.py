"""The use cases: check two developers now and register the check; read a pair's register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from ...domain.models.connected_developers.connection import Connection
from ...domain.models.connected_developers.presence import UnknownDevelopers
from ...domain.models.connected_developers.register import DeveloperPair, RegisteredCheck
from .concurrency import LookupPool
from .ports import ConnectedDevelopersUnitOfWork, GitHubDirectory, TwitterDirectory
from .realtime_check import LOOKUPS_PER_CHECK, RealtimeCheck

Clock = Callable[[], datetime]
UnitOfWorkFactory = Callable[[], ConnectedDevelopersUnitOfWork]

# The look-up threads of this process, kept between checks. Twice what one check uses at once:
# room for a second check, or beside the unread answers of a check that ended early.
PROCESS_LOOKUPS = LookupPool(threads=2 * LOOKUPS_PER_CHECK)


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
        lookups: LookupPool = PROCESS_LOOKUPS,
    ) -> None:
        self._github = github
        self._twitter = twitter
        self._unit_of_work_factory = unit_of_work_factory
        self._clock = clock
        self._lookups = lookups

    def prepare(self) -> None:
        """Start the look-up threads now, so that a worker's first check finds them ready."""
        self._lookups.start()

    def check(self, first: str, second: str) -> Connection | UnknownDevelopers:
        """The verdict about the pair now; a verdict about existing users is registered.

        An upstream failure raises UpstreamUnavailable before anything is registered.
        """
        check = RealtimeCheck(self._github, self._twitter, self._lookups, (first, second))
        verdict = check.verdict()
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
