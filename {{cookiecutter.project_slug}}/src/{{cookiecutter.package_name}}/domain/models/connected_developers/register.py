"""The register: every realtime check of a pair of developers, with the UTC time it was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from .connection import Connection


@dataclass(frozen=True)
class DeveloperPair:
    """Two developers in no order: a/b and b/a are one pair. Both networks ignore case."""

    first: str
    second: str

    @classmethod
    def of(cls, one: str, other: str) -> DeveloperPair:
        first, second = sorted((one.lower(), other.lower()))
        return cls(first=first, second=second)


class RegisteredCheck:
    """One realtime check of a pair: when it was made and what it found."""

    first_developer: str
    second_developer: str
    registered_at: datetime
    connected: bool
    organisations: list[str]

    def __init__(
        self, pair: DeveloperPair, registered_at: datetime, connection: Connection
    ) -> None:
        if registered_at.tzinfo is None:
            raise ValueError("A check is registered at an aware time, kept in UTC.")
        self.first_developer = pair.first
        self.second_developer = pair.second
        self.registered_at = registered_at.astimezone(timezone.utc)
        self.connected = connection.connected
        self.organisations = list(connection.organisations)

    @property
    def pair(self) -> DeveloperPair:
        return DeveloperPair(first=self.first_developer, second=self.second_developer)

    @property
    def connection(self) -> Connection:
        return Connection(connected=self.connected, organisations=tuple(self.organisations))

    def __repr__(self) -> str:
        return (
            f"RegisteredCheck({self.first_developer!r}, {self.second_developer!r}, "
            f"{self.registered_at.isoformat()}, connected={self.connected})"
        )
