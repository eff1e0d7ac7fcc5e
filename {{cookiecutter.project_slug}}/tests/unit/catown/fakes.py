"""In-memory fakes of Catown's ports, for testing the use cases without a database."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from {{ cookiecutter.package_name }}.domain.models.catown.house import House
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature
from {{ cookiecutter.package_name }}.services.catown.ports import (
    CatownUnitOfWork,
    CatownViews,
    CatRepository,
    HouseRepository,
)
from {{ cookiecutter.package_name }}.services.catown.results import CatSummary


class FakeHouseRepository(HouseRepository):
    def __init__(self, houses: Iterable[House], events: list[str]) -> None:
        self.houses = {house.id: house for house in houses}
        self.events = events

    def add(self, house: House) -> None:
        self.houses[house.id] = house

    def get_for_update(self, house_ids: Iterable[UUID]) -> dict[UUID, House]:
        self.events.append("hold houses")
        return {i: self.houses[i] for i in house_ids if i in self.houses}

    def find_with_room(self) -> UUID | None:
        self.events.append("find room")
        with_room = sorted(
            (house for house in self.houses.values() if house.has_room),
            key=lambda house: (house.count, house.id),
        )
        return with_room[0].id if with_room else None

    def hold_vacancy_check(self) -> None:
        self.events.append("hold vacancy check")


class FakeCatRepository(CatRepository):
    def __init__(self, houses: FakeHouseRepository) -> None:
        self._houses = houses

    def hold_home_of(self, cat_id: UUID) -> UUID | None:
        self._houses.events.append("hold cat")
        return next(
            (h.id for h in self._houses.houses.values() if h.resident(cat_id) is not None), None
        )


class FakeCatownViews(CatownViews):
    """Reads the houses a fake unit of work holds."""

    def __init__(self, houses: FakeHouseRepository) -> None:
        self._houses = houses.houses

    def close(self) -> None:
        pass

    def natures_by_house(self) -> dict[str, list[Nature]]:
        return {str(i): [cat.nature for cat in house.cats] for i, house in self._houses.items()}

    def cats_in(self, house_id: UUID) -> list[CatSummary] | None:
        house = self._houses.get(house_id)
        return None if house is None else [CatSummary.of(cat) for cat in house.cats]


class FakeCatownUnitOfWork(CatownUnitOfWork):
    """Counts commits; the use cases fail before they change anything, so rollback has no work."""

    houses: FakeHouseRepository
    cats: FakeCatRepository

    def __init__(self, houses: Iterable[House] = ()) -> None:
        self.events: list[str] = []
        self.houses = FakeHouseRepository(houses, self.events)
        self.cats = FakeCatRepository(self.houses)
        self.commits = 0

    def commit(self) -> None:
        self.events.append("commit")
        self.commits += 1

    def rollback(self) -> None:
        pass
