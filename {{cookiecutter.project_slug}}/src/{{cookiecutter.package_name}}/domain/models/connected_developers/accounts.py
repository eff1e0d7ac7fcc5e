"""The accounts the rule looks at: GitHub users and organisations, Twitter users."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GitHubUser:
    login: str
    id: int


@dataclass(frozen=True)
class Organisation:
    """A GitHub organisation: the same id is the same organisation, whatever its login is now."""

    id: int
    login: str


@dataclass(frozen=True)
class TwitterUser:
    id: str
    username: str
