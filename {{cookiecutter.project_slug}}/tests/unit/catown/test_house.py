"""House and Cat: capacity, the coexistence coefficient, moving out, and a cat's name."""

import unittest
from datetime import date
from decimal import Decimal
from uuid import uuid4

from {{ cookiecutter.package_name }}.domain.models.catown.cat import Cat
from {{ cookiecutter.package_name }}.domain.models.catown.exceptions import (
    AlreadyLivesThere,
    InvalidCatName,
    NoSuchCat,
    NotEnoughRoom,
    NotEnoughRoomForTransfer,
)
from {{ cookiecutter.package_name }}.domain.models.catown.house import House
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature


def cat(nature: Nature = Nature.NINJA_INVESTIGATOR, name: str = "Tom") -> Cat:
    return Cat.adopt(name, date(2015, 3, 7), nature)


def house_of(*natures: Nature) -> House:
    return House(uuid4(), [cat(nature) for nature in natures])


class CapacityTest(unittest.TestCase):
    def test_a_house_takes_in_up_to_four_cats(self) -> None:
        house = House.build()
        for expected_count in range(1, 5):
            house.take_in(cat())
            self.assertEqual(house.count, expected_count)
        self.assertFalse(house.has_room)

    def test_a_fifth_cat_is_refused_and_the_house_is_unchanged(self) -> None:
        house = house_of(*[Nature.LONE_TIGER] * 4)
        residents = list(house.cats)
        with self.assertRaises(NotEnoughRoom) as raised:
            house.take_in(cat())
        self.assertEqual(raised.exception.message, f"Not enough room in house {house.id}")
        self.assertEqual(house.cats, residents)

    def test_a_house_has_room_while_it_has_fewer_than_four_cats(self) -> None:
        self.assertTrue(house_of().has_room)
        self.assertTrue(house_of(*[Nature.LONE_TIGER] * 3).has_room)


class CoexistenceTest(unittest.TestCase):
    def test_no_cat_or_one_cat_gives_zero(self) -> None:
        self.assertEqual(house_of().coexistence, Decimal(0))
        self.assertEqual(house_of(Nature.LEADER_OF_THE_GANG).coexistence, Decimal(0))

    def test_the_coefficient_is_the_sum_over_every_pair(self) -> None:
        house = house_of(Nature.LEADER_OF_THE_GANG, Nature.NINJA_INVESTIGATOR, Nature.PARTY_GOING)
        self.assertEqual(house.coexistence, Decimal("1.15"))
        house.take_in(cat(Nature.BUSY_GOSSIP))
        self.assertEqual(house.coexistence, Decimal("2.05"))

    def test_two_cats_of_one_nature_count_their_pair(self) -> None:
        self.assertEqual(
            house_of(Nature.LEADER_OF_THE_GANG, Nature.LEADER_OF_THE_GANG).coexistence,
            Decimal("-0.5"),
        )


class SendTest(unittest.TestCase):
    def test_a_lone_leader_leaving_leaves_an_empty_house_at_zero(self) -> None:
        # The original also subtracted the leader's pair with itself and left 0.5 here.
        home = house_of(Nature.LEADER_OF_THE_GANG)
        destination = house_of()
        home.send(home.cats[0].id, destination)
        self.assertEqual(home.coexistence, Decimal(0))
        self.assertEqual(destination.coexistence, Decimal(0))

    def test_a_leaving_cat_takes_exactly_its_own_pairs_with_it(self) -> None:
        home = house_of(
            Nature.LEADER_OF_THE_GANG,
            Nature.NINJA_INVESTIGATOR,
            Nature.PARTY_GOING,
            Nature.BUSY_GOSSIP,
        )
        destination = house_of(Nature.PARTY_GOING)
        gossip = home.cats[3]
        moved = home.send(gossip.id, destination)
        self.assertIs(moved, gossip)
        self.assertEqual(home.coexistence, Decimal("1.15"))
        self.assertEqual(destination.coexistence, Decimal("0.7"))
        self.assertEqual((home.count, destination.count), (3, 2))

    def test_moving_back_and_forth_leaves_no_drift(self) -> None:
        home = house_of(Nature.BUSY_GOSSIP, Nature.COMFORT_CONNAISSEUR, Nature.LONE_TIGER)
        other = house_of(Nature.PARTY_GOING, Nature.NINJA_INVESTIGATOR)
        traveller = home.cats[0]
        for _ in range(500):
            home.send(traveller.id, other)
            other.send(traveller.id, home)
        self.assertEqual(home.coexistence, Decimal("-0.08") + Decimal("-0.05") + Decimal("0.1"))
        self.assertEqual(other.coexistence, Decimal("0.3"))

    def test_a_cat_cannot_move_to_its_own_house(self) -> None:
        home = house_of(Nature.PARTY_GOING)
        with self.assertRaises(AlreadyLivesThere):
            home.send(home.cats[0].id, home)
        self.assertEqual(home.count, 1)

    def test_a_full_destination_refuses_in_the_transfer_wording(self) -> None:
        home = house_of(Nature.PARTY_GOING)
        full = house_of(*[Nature.LONE_TIGER] * 4)
        with self.assertRaises(NotEnoughRoomForTransfer) as raised:
            home.send(home.cats[0].id, full)
        self.assertEqual(raised.exception.message, f"Not enough room in {full.id} House")
        self.assertEqual((home.count, full.count), (1, 4))

    def test_only_a_resident_can_be_sent(self) -> None:
        with self.assertRaises(NoSuchCat):
            house_of(Nature.PARTY_GOING).send(uuid4(), house_of())


class CatNameTest(unittest.TestCase):
    def test_a_name_has_one_to_twenty_characters(self) -> None:
        self.assertEqual(cat(name="T").name, "T")
        self.assertEqual(cat(name="x" * 20).name, "x" * 20)

    def test_an_empty_blank_or_too_long_name_is_refused(self) -> None:
        for name in ("", "   ", "x" * 21):
            with self.subTest(name=name), self.assertRaises(InvalidCatName):
                cat(name=name)
