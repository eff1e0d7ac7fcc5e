"""Whether each handle names a user on each network, and the errors when one does not."""

from __future__ import annotations

from dataclasses import dataclass

GITHUB = "github"
TWITTER = "twitter"


def not_a_valid_user(handle: str, network: str) -> str:
    return f"{handle} is not a valid user in {network}"


@dataclass(frozen=True)
class Presence:
    """What the look-ups found for one handle."""

    handle: str
    on_github: bool
    on_twitter: bool

    def errors(self) -> list[str]:
        """GitHub first, then Twitter: the order never depends on which look-up finished first."""
        found = ((GITHUB, self.on_github), (TWITTER, self.on_twitter))
        return [not_a_valid_user(self.handle, network) for network, ok in found if not ok]


@dataclass(frozen=True)
class UnknownDevelopers:
    """Some handle is not a user on some network, so no verdict about a connection is possible."""

    errors: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.errors:
            raise ValueError("Unknown developers are named by at least one failed look-up.")

    @classmethod
    def among(cls, first: Presence, second: Presence) -> UnknownDevelopers:
        """One error per failed look-up, the first developer's before the second's."""
        return cls((*first.errors(), *second.errors()))
