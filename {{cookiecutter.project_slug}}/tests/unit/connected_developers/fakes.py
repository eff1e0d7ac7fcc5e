"""Fakes behind the connected-developers ports: in-memory networks, register and unit of work."""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from {{ cookiecutter.package_name }}.domain.models.connected_developers.accounts import (
    GitHubUser,
    Organisation,
    TwitterUser,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.register import (
    DeveloperPair,
    RegisteredCheck,
)
from {{ cookiecutter.package_name }}.services.connected_developers.ports import (
    ConnectedDevelopersUnitOfWork,
    ConnectionRegister,
    GitHubDirectory,
    Page,
    TwitterDirectory,
)

T = TypeVar("T")

# Called before each answer with the name of the call and its handle: lets a test block, order
# or count the calls.
Hook = Callable[[str, str], None]


def _no_hook(call: str, handle: str) -> None:
    """Answer at once."""


def page_of(items: Sequence[T], page: str | None, size: int | None) -> Page[T]:
    """The page that starts at index `page` (0 when None), `size` items long (all when None)."""
    start = int(page or 0)
    end = len(items) if size is None else start + size
    return Page(tuple(items[start:end]), str(end) if end < len(items) else None)


class _FakeNetwork(abc.ABC):
    """What both fake networks share: the calls asked, a hook, handles that fail, page size."""

    def __init__(self, unavailable: Iterable[str], hook: Hook, page_size: int | None) -> None:
        self.unavailable = set(unavailable)
        self.hook = hook
        self.page_size = page_size
        self.asked: list[str] = []
        # (call, handle, page) of every call, pages included, in the order they were made.
        self.calls: list[tuple[str, str, str | None]] = []
        self._lock = threading.Lock()

    def _called(self, call: str, handle: str, page: str | None = None) -> None:
        with self._lock:
            self.asked.append(handle)
            self.calls.append((call, handle, page))
        self.hook(call, handle)
        if handle in self.unavailable:
            raise self._failure()

    def pages_asked(self, call: str, handle: str) -> list[str | None]:
        with self._lock:
            return [page for made, asked, page in self.calls if (made, asked) == (call, handle)]

    @abc.abstractmethod
    def _failure(self) -> UpstreamUnavailable:
        """How this network fails, as its adapter would report it."""


class FakeGitHub(_FakeNetwork, GitHubDirectory):
    """Users by login with their organisations; logins in `unavailable` fail as a rate limit."""

    def __init__(
        self,
        memberships: Mapping[str, Sequence[Organisation]],
        unavailable: Iterable[str] = (),
        hook: Hook = _no_hook,
        page_size: int | None = None,
    ) -> None:
        super().__init__(unavailable, hook, page_size)
        self.memberships = {login.lower(): list(orgs) for login, orgs in memberships.items()}

    def find_user(self, login: str) -> GitHubUser | None:
        self._called("find_user", login)
        if login.lower() not in self.memberships:
            return None
        return GitHubUser(login=login.lower(), id=sorted(self.memberships).index(login.lower()))

    def organisations_page(self, login: str, page: str | None = None) -> Page[Organisation]:
        self._called("organisations", login.lower(), page)
        return page_of(self.memberships.get(login.lower(), []), page, self.page_size)

    def _failure(self) -> UpstreamUnavailable:
        return UpstreamUnavailable("GitHub", "it is rate limiting this service", retry_after=60)


class FakeTwitter(_FakeNetwork, TwitterDirectory):
    """Users by username with whom they follow; usernames in `unavailable` time out."""

    def __init__(
        self,
        following: Mapping[str, Sequence[str]],
        unavailable: Iterable[str] = (),
        hook: Hook = _no_hook,
        page_size: int | None = None,
    ) -> None:
        super().__init__(unavailable, hook, page_size)
        self.following = {
            name.lower(): [f.lower() for f in follows] for name, follows in following.items()
        }

    def find_user(self, username: str) -> TwitterUser | None:
        self._called("find_user", username)
        if username.lower() not in self.following:
            return None
        return TwitterUser(id=f"id-{username.lower()}", username=username.lower())

    def following_page(self, follower: TwitterUser, page: str | None = None) -> Page[str]:
        self._called("following", follower.username, page)
        ids = [f"id-{name}" for name in self.following[follower.username]]
        return page_of(ids, page, self.page_size)

    def _failure(self) -> UpstreamUnavailable:
        return UpstreamUnavailable("Twitter", "it did not answer in time")


class FakeRegister(ConnectionRegister):
    """Committed checks live in `kept`; added ones wait in `pending` until the commit."""

    def __init__(self, kept: list[RegisteredCheck]) -> None:
        self.kept = kept
        self.pending: list[RegisteredCheck] = []

    def add(self, check: RegisteredCheck) -> None:
        self.pending.append(check)

    def checks_of(self, pair: DeveloperPair) -> list[RegisteredCheck]:
        found = [check for check in [*self.kept, *self.pending] if check.pair == pair]
        return sorted(found, key=lambda check: check.registered_at)


class FakeUnitOfWork(ConnectedDevelopersUnitOfWork):
    register: FakeRegister

    def __init__(self, kept: list[RegisteredCheck]) -> None:
        self.register = FakeRegister(kept)
        self.commits = 0

    def commit(self) -> None:
        self.register.kept.extend(self.register.pending)
        self.register.pending.clear()
        self.commits += 1

    def rollback(self) -> None:
        self.register.pending.clear()


class FakeUnitOfWorkFactory:
    """A fresh unit of work on each call, all sharing one register."""

    def __init__(self) -> None:
        self.kept: list[RegisteredCheck] = []

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.kept)


class SteppingClock:
    """A UTC time that moves one second forward on each reading."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def organisation(id_: int, login: str) -> Organisation:
    return Organisation(id=id_, login=login)


ACME = organisation(1, "acme")
TOOLS = organisation(2, "tools")
OWLS = organisation(3, "owls")
