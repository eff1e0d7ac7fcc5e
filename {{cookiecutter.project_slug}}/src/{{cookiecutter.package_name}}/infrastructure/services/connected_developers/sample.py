"""The sample backend: GitHub and Twitter answered from the bundled data set, case-insensitively."""

from __future__ import annotations

from ....domain.models.connected_developers.accounts import GitHubUser, Organisation, TwitterUser
from ....services.connected_developers.ports import GitHubDirectory, Page, TwitterDirectory
from .sample_data import GITHUB_USERS, ORGANISATIONS, TWITTER_USERS


class SampleGitHubDirectory(GitHubDirectory):
    def find_user(self, login: str) -> GitHubUser | None:
        found = GITHUB_USERS.get(login.lower())
        return None if found is None else GitHubUser(login=login.lower(), id=found[0])

    def organisations_page(self, login: str, page: str | None = None) -> Page[Organisation]:
        """The whole list, on one page."""
        _, organisation_ids = GITHUB_USERS.get(login.lower(), (0, ()))
        return Page(tuple(Organisation(id_, ORGANISATIONS[id_]) for id_ in organisation_ids))


class SampleTwitterDirectory(TwitterDirectory):
    def find_user(self, username: str) -> TwitterUser | None:
        found = TWITTER_USERS.get(username.lower())
        return None if found is None else TwitterUser(id=found[0], username=username.lower())

    def following_page(self, follower: TwitterUser, page: str | None = None) -> Page[str]:
        """The whole list, on one page."""
        _, following = TWITTER_USERS.get(follower.username.lower(), ("", ()))
        return Page(tuple(TWITTER_USERS[name][0] for name in following if name in TWITTER_USERS))
