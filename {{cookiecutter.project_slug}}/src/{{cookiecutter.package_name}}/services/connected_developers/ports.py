"""The ports of the connected-developers use cases: the two networks and the register."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Generic, TypeVar

from ...domain.models.connected_developers.accounts import GitHubUser, Organisation, TwitterUser
from ...domain.models.connected_developers.register import DeveloperPair, RegisteredCheck
from ..unit_of_work import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list an upstream cuts into pages; `next` says where the next page is."""

    items: tuple[T, ...]
    # None on the last page; otherwise what the directory needs to read the next one.
    next: str | None = None


class GitHubDirectory(abc.ABC):
    """GitHub's users and their public organisations; failures raise UpstreamUnavailable."""

    @abc.abstractmethod
    def find_user(self, login: str) -> GitHubUser | None:
        """The user with this login, or None when GitHub has no such user."""

    @abc.abstractmethod
    def organisations_page(self, login: str, page: str | None = None) -> Page[Organisation]:
        """A page of the organisations the user with this login is a public member of.

        The first page when page is None, else the page a previous page named as next. A login
        GitHub does not know is a member of nothing.
        """


class TwitterDirectory(abc.ABC):
    """Twitter's users and whom they follow; failures raise UpstreamUnavailable."""

    @abc.abstractmethod
    def find_user(self, username: str) -> TwitterUser | None:
        """The user with this username, or None when Twitter has no such user."""

    @abc.abstractmethod
    def following_page(self, follower: TwitterUser, page: str | None = None) -> Page[str]:
        """A page of the ids of the users follower follows.

        The first page when page is None, else the page a previous page named as next.
        """


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
