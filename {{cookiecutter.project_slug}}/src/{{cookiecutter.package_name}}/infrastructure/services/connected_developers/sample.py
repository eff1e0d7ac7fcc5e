"""The sample backend: GitHub and Twitter answered from the bundled data set, case-insensitively."""

from __future__ import annotations

from ....domain.models.connected_developers.accounts import GitHubUser, Organisation, TwitterUser
from ....services.connected_developers.ports import GitHubDirectory, TwitterDirectory
from .sample_data import GITHUB_USERS, ORGANISATIONS, TWITTER_USERS


class SampleGitHubDirectory(GitHubDirectory):
    def find_user(self, login: str) -> GitHubUser | None:
        found = GITHUB_USERS.get(login.lower())
        return None if found is None else GitHubUser(login=login.lower(), id=found[0])

    def organisations(self, user: GitHubUser) -> list[Organisation]:
        _, organisation_ids = GITHUB_USERS.get(user.login.lower(), (0, ()))
        return [Organisation(id=id_, login=ORGANISATIONS[id_]) for id_ in organisation_ids]


class SampleTwitterDirectory(TwitterDirectory):
    def find_user(self, username: str) -> TwitterUser | None:
        found = TWITTER_USERS.get(username.lower())
        return None if found is None else TwitterUser(id=found[0], username=username.lower())

    def follows(self, follower: TwitterUser, followed: TwitterUser) -> bool:
        _, following = TWITTER_USERS.get(follower.username.lower(), ("", ()))
        return followed.username.lower() in following
