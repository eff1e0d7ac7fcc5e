"""One realtime check's look-ups, each started as soon as what it needs is known.

Round one asks for the four users and, by login, the first page of both organisation lists. The
following lists need the Twitter ids, so they start once both are known: round two. Every
further page starts as soon as the page before names it, and a following list stops at the page
that names the other developer. The check ends as soon as its answer is known: look-ups it no
longer needs are cancelled if they have not started, and left unread if they have.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from functools import partial
from typing import Any, TypeVar

from ...domain.models.connected_developers.accounts import GitHubUser, Organisation, TwitterUser
from ...domain.models.connected_developers.connection import Connection
from ...domain.models.connected_developers.exceptions import UpstreamUnavailable
from ...domain.models.connected_developers.handles import (
    could_be_github_login,
    could_be_twitter_username,
)
from ...domain.models.connected_developers.presence import Presence, UnknownDevelopers
from .concurrency import LookupPool
from .ports import GitHubDirectory, Page, TwitterDirectory

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A safety net against an upstream that never stops paginating.
MAX_PAGES = 50
# The most look-ups one check has under way at once: four users and two organisation lists.
LOOKUPS_PER_CHECK = 6
# The developers by position: the first handle of the check, then the second.
POSITIONS = (0, 1)


class RealtimeCheck:
    """The look-ups about two handles; verdict() runs them and gives the answer."""

    def __init__(
        self,
        github: GitHubDirectory,
        twitter: TwitterDirectory,
        lookups: LookupPool,
        handles: tuple[str, str],
    ) -> None:
        self._github = github
        self._twitter = twitter
        self._lookups = lookups
        self._handles = handles
        # What the answers said so far, by position.
        self._github_users: dict[int, GitHubUser | None] = {}
        self._twitter_users: dict[int, TwitterUser | None] = {}
        self._organisations: dict[int, list[Organisation]] = {
            position: [] for position in POSITIONS
        }
        self._organisations_complete: set[int] = set()
        # Whether the developer at a position follows the other one.
        self._follows: dict[int, bool] = {}
        self._list_failure: UpstreamUnavailable | None = None
        # The look-ups under way, in the order they started, each with what reads its answer.
        self._under_way: dict[Future[Any], Callable[[Future[Any]], None]] = {}
        self._lists: set[Future[Any]] = set()

    def verdict(self) -> Connection | UnknownDevelopers:
        """The answer as soon as it is known; an upstream failure raises UpstreamUnavailable."""
        try:
            self._start_round_one()
            while (answer := self._answer()) is None:
                assert self._under_way, "no answer yet, and no look-up left to give one"
                done, _ = wait(self._under_way, return_when=FIRST_COMPLETED)
                # Answers that arrive together are read in the order their look-ups started,
                # so the outcome of a given set of answers never depends on thread timing.
                for future in [future for future in self._under_way if future in done]:
                    read = self._under_way.pop(future, None)
                    if read is not None:  # not dropped by an answer read before it
                        read(future)
            return answer
        finally:
            for future in self._under_way:
                future.cancel()

    def _answer(self) -> Connection | UnknownDevelopers | None:
        """The answer, once the answers so far decide it; raises the failure that decides it."""
        if len(self._github_users) < 2 or len(self._twitter_users) < 2:
            return None
        presences = [
            Presence(
                handle,
                self._github_users[position] is not None,
                self._twitter_users[position] is not None,
            )
            for position, handle in enumerate(self._handles)
        ]
        if not all(presence.on_github and presence.on_twitter for presence in presences):
            return UnknownDevelopers.among(*presences)
        if self._list_failure is not None:
            raise self._list_failure
        if len(self._organisations_complete) < 2 or len(self._follows) < 2:
            return None
        return Connection.between(
            self._organisations[0], self._organisations[1], self._follows[0], self._follows[1]
        )

    def _start_round_one(self) -> None:
        for position, handle in enumerate(self._handles):
            if could_be_github_login(handle):
                self._start(
                    partial(self._github.find_user, handle),
                    partial(self._read_github_user, position),
                )
            else:
                self._github_users[position] = None
            if could_be_twitter_username(handle):
                self._start(
                    partial(self._twitter.find_user, handle),
                    partial(self._read_twitter_user, position),
                )
            else:
                self._twitter_users[position] = None
        # Organisations are asked for by login: they need nothing from the user look-ups.
        if self._lists_matter():
            for position in POSITIONS:
                self._start_organisations(position, None, 1)

    def _lists_matter(self) -> bool:
        """False once a missing user or a failed list decides that no list changes the answer."""
        users = [*self._github_users.values(), *self._twitter_users.values()]
        return self._list_failure is None and None not in users

    def _read_github_user(self, position: int, lookup: Future[GitHubUser | None]) -> None:
        # A failure raises: without every user there is neither a verdict nor the full errors.
        self._github_users[position] = lookup.result()
        if self._github_users[position] is None:
            self._drop_lists()

    def _read_twitter_user(self, position: int, lookup: Future[TwitterUser | None]) -> None:
        self._twitter_users[position] = lookup.result()
        if not self._lists_matter():
            self._drop_lists()
        elif len(self._twitter_users) == 2:
            for follower in POSITIONS:
                self._start_following(follower, None, 1)

    def _start_organisations(self, position: int, page: str | None, number: int) -> None:
        self._start_list(
            partial(self._github.organisations_page, self._handles[position], page),
            partial(self._read_organisations, position, number),
        )

    def _read_organisations(
        self, position: int, number: int, lookup: Future[Page[Organisation]]
    ) -> None:
        page = self._page(lookup)
        if page is None:
            return
        self._organisations[position].extend(page.items)
        if page.next is None:
            self._organisations_complete.add(position)
        elif number == MAX_PAGES:
            logger.warning("GitHub organisation list longer than %d pages; read no further", number)
            self._organisations_complete.add(position)
        else:
            self._start_organisations(position, page.next, number + 1)

    def _start_following(self, follower: int, page: str | None, number: int) -> None:
        user = self._twitter_users[follower]
        assert user is not None  # started only once both Twitter users are found
        self._start_list(
            partial(self._twitter.following_page, user, page),
            partial(self._read_following, follower, number),
        )

    def _read_following(self, follower: int, number: int, lookup: Future[Page[str]]) -> None:
        page = self._page(lookup)
        if page is None:
            return
        followed = self._twitter_users[1 - follower]
        assert followed is not None
        if followed.id in page.items:
            # Later pages cannot change the answer.
            self._follows[follower] = True
        elif page.next is None:
            self._follows[follower] = False
        elif number == MAX_PAGES:
            logger.warning("Twitter following list longer than %d pages; read no further", number)
            self._follows[follower] = False
        else:
            self._start_following(follower, page.next, number + 1)

    def _page(self, lookup: Future[Page[T]]) -> Page[T] | None:
        """The page, or None when the list failed: no list matters any more then."""
        try:
            return lookup.result()
        except UpstreamUnavailable as failure:
            # The answer now: a 400 if some user turns out missing, otherwise this failure.
            self._list_failure = failure
            self._drop_lists()
            return None

    def _drop_lists(self) -> None:
        for lookup in self._lists.intersection(self._under_way):
            lookup.cancel()
            del self._under_way[lookup]

    def _start_list(self, call: Callable[[], T], read: Callable[[Future[T]], None]) -> None:
        self._lists.add(self._start(call, read))

    def _start(self, call: Callable[[], T], read: Callable[[Future[T]], None]) -> Future[T]:
        lookup = self._lookups.submit(call)
        self._under_way[lookup] = read
        return lookup
