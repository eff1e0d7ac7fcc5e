"""Catown's use cases on fakes: what they change, what they refuse, and when they commit."""

import unittest
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from {{ cookiecutter.package_name }}.domain.models.catown.cat import Cat
from {{ cookiecutter.package_name }}.domain.models.catown.exceptions import (
    AlreadyLivesThere,
    HouseWithRoomExists,
    InvalidCatName,
    NoSuchCat,
    NoSuchHouse,
    NoSuchHouseToList,
    NotEnoughRoom,
    NotEnoughRoomForTransfer,
)
from {{ cookiecutter.package_name }}.domain.models.catown.house import House
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature
from {{ cookiecutter.package_name }}.services.catown.service import CatownService

from .fakes import FakeCatownUnitOfWork, FakeCatownViews

BIRTHDATE = date(2015, 3, 7)


def cat(nature: Nature = Nature.NINJA_INVESTIGATOR, name: str = "Tom") -> Cat:
    return Cat.adopt(name, BIRTHDATE, nature)


def house_with(count: int, nature: Nature = Nature.LONE_TIGER) -> House:
    return House(uuid4(), [cat(nature, name=f"cat {i}") for i in range(count)])


class ServiceTestCase(unittest.TestCase):
    def town(self, *houses: House) -> CatownService:
        self.uow = FakeCatownUnitOfWork(houses)
        return CatownService(lambda: self.uow, lambda: FakeCatownViews(self.uow.houses))


class ListTest(ServiceTestCase):
    def test_houses_come_fewest_cats_first_with_their_coefficient(self) -> None:
        full, empty = house_with(4), house_with(0)
        pair = House(uuid4(), [cat(Nature.LEADER_OF_THE_GANG), cat(Nature.NINJA_INVESTIGATOR)])
        houses = self.town(full, pair, empty).list_houses()
        self.assertEqual([h.id for h in houses], [str(empty.id), str(pair.id), str(full.id)])
        self.assertEqual([h.count for h in houses], [0, 2, 4])
        self.assertEqual(houses[1].coex, Decimal("0.55"))

    def test_cats_of_a_house_come_by_name(self) -> None:
        house = House(uuid4(), [cat(name="Zoe"), cat(Nature.BUSY_GOSSIP, name="Abe")])
        cats = self.town(house).list_cats(house.id)
        self.assertEqual(
            [(c.name, c.nature) for c in cats],
            [("Abe", Nature.BUSY_GOSSIP), ("Zoe", Nature.NINJA_INVESTIGATOR)],
        )

    def test_listing_the_cats_of_an_unknown_house_is_refused(self) -> None:
        unknown = uuid4()
        with self.assertRaises(NoSuchHouseToList) as raised:
            self.town(house_with(1)).list_cats(unknown)
        self.assertEqual(raised.exception.message, f"No such house {unknown}")


class AddCatTest(ServiceTestCase):
    def test_the_cat_moves_in_and_the_change_is_committed(self) -> None:
        house = house_with(1)
        service = self.town(house, house_with(0))
        added = service.add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, house.id)
        self.assertEqual((added.house_id, added.count, added.new_home_id), (house.id, 2, None))
        resident = house.resident(added.cat_id)
        assert resident is not None
        self.assertEqual((resident.name, resident.birthdate), ("Tom", BIRTHDATE))
        self.assertEqual(resident.nature, Nature.PARTY_GOING)
        self.assertEqual(self.uow.commits, 1)

    def test_filling_a_house_while_another_has_room_builds_nothing(self) -> None:
        house, other = house_with(3), house_with(3)
        added = self.town(house, other).add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, house.id)
        self.assertIsNone(added.new_home_id)
        self.assertEqual(len(self.uow.houses.houses), 2)

    def test_filling_the_last_house_with_room_builds_an_empty_one(self) -> None:
        house, full = house_with(3), house_with(4)
        added = self.town(house, full).add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, house.id)
        self.assertEqual(added.count, 4)
        assert added.new_home_id is not None
        new_home = self.uow.houses.houses[added.new_home_id]
        self.assertEqual(new_home.count, 0)
        self.assertEqual(self.uow.commits, 1)

    def test_the_vacancy_check_is_held_before_the_town_is_searched_for_room(self) -> None:
        house = house_with(3)
        self.town(house).add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, house.id)
        self.assertEqual(
            self.uow.events, ["hold houses", "hold vacancy check", "find room", "commit"]
        )

    def test_a_cat_that_does_not_fill_its_house_leaves_the_vacancy_check_alone(self) -> None:
        # Only the rare add_cat that fills a house waits for the town-wide lock.
        house = house_with(2)
        self.town(house).add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, house.id)
        self.assertEqual(self.uow.events, ["hold houses", "commit"])

    def test_a_full_house_refuses_and_nothing_is_committed(self) -> None:
        full, other = house_with(4), house_with(0)
        with self.assertRaises(NotEnoughRoom) as raised:
            self.town(full, other).add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, full.id)
        self.assertEqual(raised.exception.message, f"Not enough room in house {full.id}")
        self.assertEqual((full.count, self.uow.commits), (4, 0))

    def test_an_unknown_house_is_refused(self) -> None:
        unknown = uuid4()
        with self.assertRaises(NoSuchHouse) as raised:
            self.town(house_with(0)).add_cat("Tom", BIRTHDATE, Nature.PARTY_GOING, unknown)
        self.assertEqual(raised.exception.message, f"No such house with id {unknown}")
        self.assertEqual(self.uow.commits, 0)

    def test_a_bad_name_is_refused_before_the_town_is_touched(self) -> None:
        house = house_with(0)
        with self.assertRaises(InvalidCatName):
            self.town(house).add_cat("x" * 21, BIRTHDATE, Nature.PARTY_GOING, house.id)
        self.assertEqual((self.uow.events, house.count), ([], 0))


class CreateHouseTest(ServiceTestCase):
    def test_a_house_is_built_when_every_house_is_full(self) -> None:
        house_id = self.town(house_with(4), house_with(4)).create_house()
        self.assertEqual(self.uow.houses.houses[house_id].count, 0)
        self.assertEqual(self.uow.events, ["hold vacancy check", "find room", "commit"])

    def test_the_first_house_of_an_empty_town_is_built(self) -> None:
        house_id = self.town().create_house()
        self.assertEqual(list(self.uow.houses.houses), [house_id])

    def test_a_house_with_room_makes_it_refuse_naming_that_house(self) -> None:
        with_room = house_with(2)
        with self.assertRaises(HouseWithRoomExists) as raised:
            self.town(house_with(4), with_room).create_house()
        self.assertEqual(
            raised.exception.message, f"There's already a valid house with id {with_room.id}"
        )
        self.assertEqual((len(self.uow.houses.houses), self.uow.commits), (2, 0))


class TransferTest(ServiceTestCase):
    def setUp(self) -> None:
        self.home = House(uuid4(), [cat(Nature.LEADER_OF_THE_GANG), cat(Nature.PARTY_GOING)])
        self.traveller = self.home.cats[0]

    def test_the_cat_moves_and_both_coefficients_follow(self) -> None:
        destination = House(uuid4(), [cat(Nature.NINJA_INVESTIGATOR)])
        moved = self.town(self.home, destination).transfer(self.traveller.id, destination.id)
        self.assertEqual((moved.cat_id, moved.house_id), (self.traveller.id, destination.id))
        self.assertIsNone(self.home.resident(self.traveller.id))
        self.assertIs(destination.resident(self.traveller.id), self.traveller)
        self.assertEqual((self.home.coexistence, destination.coexistence), (0, Decimal("0.55")))
        self.assertEqual(self.uow.commits, 1)

    def test_the_cat_is_held_before_its_houses(self) -> None:
        destination = house_with(0)
        self.town(self.home, destination).transfer(self.traveller.id, destination.id)
        self.assertEqual(self.uow.events, ["hold cat", "hold houses", "commit"])

    def test_an_unknown_cat_is_refused(self) -> None:
        unknown: UUID = uuid4()
        with self.assertRaises(NoSuchCat) as raised:
            self.town(self.home).transfer(unknown, self.home.id)
        self.assertEqual(raised.exception.message, f"No such cat with id {unknown}")

    def test_an_unknown_destination_is_refused(self) -> None:
        unknown = uuid4()
        with self.assertRaises(NoSuchHouse) as raised:
            self.town(self.home).transfer(self.traveller.id, unknown)
        self.assertEqual(raised.exception.message, f"No such house with id {unknown}")
        self.assertEqual((self.home.count, self.uow.commits), (2, 0))

    def test_a_full_destination_is_refused_in_the_transfer_wording(self) -> None:
        full = house_with(4)
        with self.assertRaises(NotEnoughRoomForTransfer) as raised:
            self.town(self.home, full).transfer(self.traveller.id, full.id)
        self.assertEqual(raised.exception.message, f"Not enough room in {full.id} House")
        self.assertEqual((self.home.count, full.count, self.uow.commits), (2, 4, 0))

    def test_a_transfer_to_the_cats_own_house_is_refused(self) -> None:
        with self.assertRaises(AlreadyLivesThere):
            self.town(self.home).transfer(self.traveller.id, self.home.id)
        self.assertEqual((self.home.count, self.uow.commits), (2, 0))
