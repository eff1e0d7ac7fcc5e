"""The ports Catown's use cases need: its repositories and its Unit of Work."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from contextlib import AbstractContextManager
from uuid import UUID

from ...domain.models.catown.house import House
from ...domain.models.catown.nature import Nature
from ..unit_of_work import UnitOfWork
from .results import CatSummary


class HouseRepository(abc.ABC):
    """The town's houses, each loaded with the cats that live in it."""

    @abc.abstractmethod
    def add(self, house: House) -> None:
        """Keep a new house (written when the unit of work commits)."""

    @abc.abstractmethod
    def get_for_update(self, house_ids: Iterable[UUID]) -> dict[UUID, House]:
        """The houses that exist among these, each held for this unit of work alone.

        No other unit of work changes them until this one ends, so a rule checked on them (room
        left, who lives where) still holds when the change is written.
        """

    @abc.abstractmethod
    def find_with_room(self) -> UUID | None:
        """The id of a house with room (the emptiest), or None when every house is full."""

    @abc.abstractmethod
    def hold_vacancy_check(self) -> None:
        """Serialise, until this unit of work ends, every check of whether some house has room.

        Two units of work that fill the last two houses with room must not both conclude that
        the other one still has room.
        """


class CatRepository(abc.ABC):
    """The town's cats, as far as the use cases need them apart from their houses."""

    @abc.abstractmethod
    def hold_home_of(self, cat_id: UUID) -> UUID | None:
        """The id of the house the cat lives in, or None when the town has no such cat.

        The cat is held for this unit of work alone, so it cannot move meanwhile.
        """


class CatownViews(AbstractContextManager["CatownViews"]):
    """What the listings read, straight from the stored town: a with-block, changing nothing.

    Listings take no locks and write nothing, so they need neither a unit of work nor loaded
    entities: each answer is one query's rows. Ids come as str(UUID) writes them.
    """

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @abc.abstractmethod
    def close(self) -> None:
        """Let go of whatever the reads held."""

    @abc.abstractmethod
    def natures_by_house(self) -> dict[str, list[Nature]]:
        """Every house's id with its residents' natures (an empty list for an empty house)."""

    @abc.abstractmethod
    def cats_in(self, house_id: UUID) -> list[CatSummary] | None:
        """The cats living in the house, or None when the town has no such house."""


class CatownUnitOfWork(UnitOfWork):
    """One atomic change to the town."""

    houses: HouseRepository
    cats: CatRepository
