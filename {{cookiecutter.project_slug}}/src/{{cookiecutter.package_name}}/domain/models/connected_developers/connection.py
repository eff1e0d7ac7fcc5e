"""The rule: two developers are connected when they follow each other and share an organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .accounts import Organisation


@dataclass(frozen=True)
class Connection:
    """The verdict about two existing developers; organisations are named only when connected."""

    connected: bool
    organisations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.connected != bool(self.organisations):
            raise ValueError("A connection names its shared organisations, and only a connection.")

    @classmethod
    def between(
        cls,
        first_organisations: Iterable[Organisation],
        second_organisations: Iterable[Organisation],
        first_follows_second: bool,
        second_follows_first: bool,
    ) -> Connection:
        """Apply the rule; organisations are matched by id and named by login, sorted."""
        second_ids = {organisation.id for organisation in second_organisations}
        shared = sorted(
            {
                organisation.login
                for organisation in first_organisations
                if organisation.id in second_ids
            }
        )
        if first_follows_second and second_follows_first and shared:
            return cls(connected=True, organisations=tuple(shared))
        return cls(connected=False)
