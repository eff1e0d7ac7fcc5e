"""The ports of the connected-developers use cases: the two networks and the register."""

from __future__ import annotations

import abc

from ...domain.models.connected_developers.accounts import GitHubUser, Organisation, TwitterUser
from ...domain.models.connected_developers.register import DeveloperPair, RegisteredCheck
from ..unit_of_work import UnitOfWork


class GitHubDirectory(abc.ABC):
    """GitHub's users and their public organisations; failures raise UpstreamUnavailable."""

    @abc.abstractmethod
    def find_user(self, login: str) -> GitHubUser | None:
        """The user with this login, or None when GitHub has no such user."""

    @abc.abstractmethod
    def organisations(self, user: GitHubUser) -> list[Organisation]:
        """Every organisation the user is a public member of, across all pages."""


class TwitterDirectory(abc.ABC):
    """Twitter's users and whom they follow; failures raise UpstreamUnavailable."""

    @abc.abstractmethod
    def find_user(self, username: str) -> TwitterUser | None:
        """The user with this username, or None when Twitter has no such user."""

    @abc.abstractmethod
    def follows(self, follower: TwitterUser, followed: TwitterUser) -> bool:
        """True when follower follows followed."""


class ConnectionRegister(abc.ABC):
    """Every realtime check that reached a verdict, per pair of developers."""

    @abc.abstractmethod
    def add(self, check: RegisteredCheck) -> None:
        """Keep the check (made permanent when the unit of work commits)."""

    @abc.abstractmethod
    def checks_of(self, pair: DeveloperPair) -> list[RegisteredCheck]:
        """The checks of the pair, oldest first; empty when it was never checked."""


class ConnectedDevelopersUnitOfWork(UnitOfWork):
    """A unit of work that holds the register."""

    register: ConnectionRegister
