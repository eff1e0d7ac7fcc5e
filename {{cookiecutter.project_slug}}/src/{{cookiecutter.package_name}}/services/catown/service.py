"""Catown's use cases: list houses and cats, add a cat, build a house, move a cat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from ...domain.models.catown.cat import Cat
from ...domain.models.catown.exceptions import (
    HouseWithRoomExists,
    NoSuchCat,
    NoSuchHouse,
    NoSuchHouseToList,
)
from ...domain.models.catown.house import House, coexistence_of
from ...domain.models.catown.nature import Nature
from .ports import CatownUnitOfWork, CatownViews
from .results import CatAdded, CatSummary, CatTransferred, HouseSummary


class CatownService:
    """Each change is one unit of work, committing everything or nothing; listings only read."""

    def __init__(
        self,
        uow_factory: Callable[[], CatownUnitOfWork],
        views_factory: Callable[[], CatownViews],
    ) -> None:
        self._uow_factory = uow_factory
        self._views_factory = views_factory

    def list_houses(self) -> list[HouseSummary]:
        """Every house, fewest cats first."""
        with self._views_factory() as views:
            town = views.natures_by_house()
        houses = [
            HouseSummary(house_id, len(natures), coexistence_of(natures))
            for house_id, natures in town.items()
        ]
        # The canonical text of UUIDs orders as the UUIDs do.
        houses.sort(key=lambda house: (house.count, house.id))
        return houses

    def list_cats(self, house_id: UUID) -> list[CatSummary]:
        """The cats living in the house, by name."""
        with self._views_factory() as views:
            cats = views.cats_in(house_id)
        if cats is None:
            raise NoSuchHouseToList(house_id)
        cats.sort(key=lambda cat: (cat.name, cat.id))
        return cats

    def add_cat(self, name: str, birthdate: date, nature: Nature, house_id: UUID) -> CatAdded:
        """A new cat moves into the house; if that fills the last house with room, a new empty
        house is built in the same transaction, so a new cat always has somewhere to go."""
        cat = Cat.adopt(name, birthdate, nature)
        with self._uow_factory() as uow:
            house = uow.houses.get_for_update([house_id]).get(house_id)
            if house is None:
                raise NoSuchHouse(house_id)
            house.take_in(cat)
            new_home_id = None
            if not house.has_room:
                uow.houses.hold_vacancy_check()
                if uow.houses.find_with_room() is None:
                    new_home = House.build()
                    uow.houses.add(new_home)
                    new_home_id = new_home.id
            uow.commit()
            return CatAdded(cat.id, house.id, house.count, new_home_id)

    def create_house(self) -> UUID:
        """Build an empty house, only when every house is full."""
        with self._uow_factory() as uow:
            uow.houses.hold_vacancy_check()
            house_with_room = uow.houses.find_with_room()
            if house_with_room is not None:
                raise HouseWithRoomExists(house_with_room)
            house = House.build()
            uow.houses.add(house)
            uow.commit()
            return house.id

    def transfer(self, cat_id: UUID, destination_id: UUID) -> CatTransferred:
        """The cat moves to the destination house, if it has room."""
        with self._uow_factory() as uow:
            # Hold the cat first, then both houses: the cat cannot move meanwhile, and every
            # use case takes house locks in one order, so none waits on another in a circle.
            home_id = uow.cats.hold_home_of(cat_id)
            if home_id is None:
                raise NoSuchCat(cat_id)
            houses = uow.houses.get_for_update([home_id, destination_id])
            destination = houses.get(destination_id)
            if destination is None:
                raise NoSuchHouse(destination_id)
            houses[home_id].send(cat_id, destination)
            uow.commit()
            return CatTransferred(cat_id, destination_id)
