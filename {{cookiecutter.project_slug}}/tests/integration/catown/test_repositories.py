"""Catown's repositories, Unit of Work and views on PostgreSQL: what is written, what is read."""

from decimal import Decimal
from uuid import UUID, uuid4

from {{ cookiecutter.package_name }}.domain.models.catown.cat import Cat
from {{ cookiecutter.package_name }}.domain.models.catown.exceptions import NotEnoughRoom
from {{ cookiecutter.package_name }}.domain.models.catown.house import House
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature
from {{ cookiecutter.package_name }}.infrastructure.repositories.catown import SqlAlchemyCatownViews

from .support import (
    BIRTHDATE,
    CatownDatabaseTestCase,
    G,
    L,
    N,
    P,
    build_house,
    catown_service,
    residents,
)


class CatownUnitOfWorkTest(CatownDatabaseTestCase):
    def test_a_committed_house_is_read_back_with_its_cats(self) -> None:
        house = House.build()
        house.take_in(Cat.adopt("Félix", BIRTHDATE, Nature.COMFORT_CONNAISSEUR))
        with self.uow() as uow:
            uow.houses.add(house)
            uow.commit()
        with self.uow() as uow:
            loaded = uow.houses.get_for_update([house.id])[house.id]
            [cat] = loaded.cats
            self.assertEqual(
                (cat.id, cat.name, cat.birthdate, cat.nature),
                (house.cats[0].id, "Félix", BIRTHDATE, Nature.COMFORT_CONNAISSEUR),
            )

    def test_leaving_without_commit_writes_nothing(self) -> None:
        with self.uow() as uow:
            uow.houses.add(House.build())
        self.assertEqual(residents(self.engine), {})

    def test_an_error_inside_the_block_writes_nothing(self) -> None:
        house_id, _ = build_house(self.session_factory, [L, N, P])
        with self.assertRaises(NotEnoughRoom), self.uow() as uow:
            house = uow.houses.get_for_update([house_id])[house_id]
            house.take_in(Cat.adopt("Tom", BIRTHDATE, G))
            uow.houses.add(House.build())
            house.take_in(Cat.adopt("One too many", BIRTHDATE, G))
        town = residents(self.engine)
        self.assertEqual(list(town), [house_id])
        self.assertEqual(len(town[house_id]), 3)


class HouseRepositoryTest(CatownDatabaseTestCase):
    def test_get_for_update_loads_the_existing_houses_with_their_cats(self) -> None:
        first, _ = build_house(self.session_factory, [L, N])
        second, _ = build_house(self.session_factory)
        with self.uow() as uow:
            houses = uow.houses.get_for_update([second, uuid4(), first])
            self.assertEqual(set(houses), {first, second})
            self.assertEqual(houses[first].coexistence, Decimal("0.55"))
            self.assertEqual(houses[second].count, 0)

    def test_find_with_room_names_the_emptiest_house(self) -> None:
        build_house(self.session_factory, [L, N, P, G])
        build_house(self.session_factory, [L, N])
        emptiest, _ = build_house(self.session_factory, [P])
        with self.uow() as uow:
            self.assertEqual(uow.houses.find_with_room(), emptiest)

    def test_find_with_room_finds_none_when_every_house_is_full(self) -> None:
        with self.uow() as uow:
            self.assertIsNone(uow.houses.find_with_room())
        build_house(self.session_factory, [L, N, P, G])
        with self.uow() as uow:
            self.assertIsNone(uow.houses.find_with_room())

    def test_an_empty_house_has_room(self) -> None:
        empty, _ = build_house(self.session_factory)
        with self.uow() as uow:
            self.assertEqual(uow.houses.find_with_room(), empty)


class CatownViewsTest(CatownDatabaseTestCase):
    def views(self) -> SqlAlchemyCatownViews:
        return SqlAlchemyCatownViews(self.engine)

    def test_natures_by_house_names_every_house_with_its_residents_natures(self) -> None:
        pair, _ = build_house(self.session_factory, [L, G])
        empty, _ = build_house(self.session_factory)
        with self.views() as views:
            town = views.natures_by_house()
        # Each id as str(UUID) writes it, whatever form the database stores it in.
        self.assertEqual(set(town), {str(pair), str(empty)})
        self.assertEqual(sorted(town[str(pair)], key=lambda n: n.name), [G, L])
        self.assertEqual(town[str(empty)], [])

    def test_cats_in_reads_the_residents_as_plain_values(self) -> None:
        house_id, [cat_id] = build_house(self.session_factory, [Nature.LONE_TIGER])
        with self.views() as views:
            [cat] = views.cats_in(house_id) or []
        self.assertEqual(
            (cat.id, cat.name, cat.birthdate, cat.nature),
            (str(cat_id), "cat 0", BIRTHDATE, Nature.LONE_TIGER),
        )

    def test_cats_in_tells_an_empty_house_from_an_unknown_one(self) -> None:
        empty, _ = build_house(self.session_factory)
        with self.views() as views:
            self.assertEqual(views.cats_in(empty), [])
            self.assertIsNone(views.cats_in(uuid4()))


class CatRepositoryTest(CatownDatabaseTestCase):
    def test_hold_home_of_names_the_cats_house_or_none(self) -> None:
        house_id, [cat_id] = build_house(self.session_factory, [L])
        with self.uow() as uow:
            self.assertEqual(uow.cats.hold_home_of(cat_id), house_id)
            self.assertIsNone(uow.cats.hold_home_of(uuid4()))


class CatownServiceOnPostgresTest(CatownDatabaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.service = catown_service(self.engine)

    def test_a_transfer_moves_the_cat_row_and_keeps_both_houses_consistent(self) -> None:
        home, [leader, ninja] = build_house(self.session_factory, [L, N])
        destination, [party] = build_house(self.session_factory, [P])
        self.service.transfer(leader, destination)
        town = residents(self.engine)
        self.assertEqual(town[home], [(ninja, N)])
        self.assertEqual(sorted(town[destination]), sorted([(leader, L), (party, P)]))
        houses = {UUID(house.id): house for house in self.service.list_houses()}
        self.assertEqual((houses[home].count, houses[home].coex), (1, Decimal(0)))
        self.assertEqual((houses[destination].count, houses[destination].coex), (2, Decimal("0.3")))

    def test_filling_the_last_house_writes_the_cat_and_a_new_empty_house(self) -> None:
        house_id, _ = build_house(self.session_factory, [L, N, P])
        added = self.service.add_cat("Tom", BIRTHDATE, G, house_id)
        assert added.new_home_id is not None
        town = residents(self.engine)
        self.assertEqual(len(town[house_id]), 4)
        self.assertEqual(town[added.new_home_id], [])

    def test_a_refused_add_cat_writes_nothing(self) -> None:
        house_id, _ = build_house(self.session_factory, [L, N, P, G])
        before = residents(self.engine)
        with self.assertRaises(NotEnoughRoom):
            self.service.add_cat("Tom", BIRTHDATE, G, house_id)
        self.assertEqual(residents(self.engine), before)
