"""Builds the GitHub and Twitter directories of the configured backend: live HTTP or sample data."""

from __future__ import annotations

from ....services.connected_developers.ports import GitHubDirectory, TwitterDirectory
from .github import GitHubApiDirectory
from .sample import SampleGitHubDirectory, SampleTwitterDirectory
from .settings import LIVE, ConnectedDevelopersSettings
from .twitter import TwitterApiDirectory


def github_directory(settings: ConnectedDevelopersSettings) -> GitHubDirectory:
    if settings.backend == LIVE:
        return GitHubApiDirectory(settings.github_api_url, settings.github_token, settings.timeouts)
    return SampleGitHubDirectory()


def twitter_directory(settings: ConnectedDevelopersSettings) -> TwitterDirectory:
    if settings.backend == LIVE:
        return TwitterApiDirectory(
            settings.twitter_api_url, settings.twitter_bearer_token, settings.timeouts
        )
    return SampleTwitterDirectory()
