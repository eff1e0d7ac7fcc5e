"""Catown's locks on PostgreSQL: a use case waits for the rows and the check it depends on.

Each test holds a lock in one unit of work and runs a use case whose connections give up
waiting after a moment (lock_timeout): the use case fails only if it really needs that lock.
"""

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from ...support.database import test_database_url
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


class CatownLockingTest(CatownDatabaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        impatient = create_engine(
            test_database_url(),
            poolclass=NullPool,
            connect_args={"options": "-c lock_timeout=300"},
        )
        self.addCleanup(impatient.dispose)
        self.service = catown_service(impatient)

    def test_add_cat_waits_for_a_house_another_request_holds(self) -> None:
        house_id, _ = build_house(self.session_factory, [L])
        with self.uow() as holder:
            holder.houses.get_for_update([house_id])
            with self.assertRaises(OperationalError):
                self.service.add_cat("Tom", BIRTHDATE, G, house_id)
        self.assertEqual(len(residents(self.engine)[house_id]), 1)

    def test_add_cat_that_fills_a_house_waits_for_the_vacancy_check(self) -> None:
        house_id, _ = build_house(self.session_factory, [L, N, P])
        with self.uow() as holder:
            holder.houses.hold_vacancy_check()
            with self.assertRaises(OperationalError):
                self.service.add_cat("Tom", BIRTHDATE, G, house_id)
        self.assertEqual(len(residents(self.engine)), 1)

    def test_add_cat_that_leaves_room_does_not_wait_for_the_vacancy_check(self) -> None:
        house_id, _ = build_house(self.session_factory, [L])
        with self.uow() as holder:
            holder.houses.hold_vacancy_check()
            added = self.service.add_cat("Tom", BIRTHDATE, G, house_id)
        self.assertEqual(added.count, 2)

    def test_create_house_waits_for_the_vacancy_check(self) -> None:
        with self.uow() as holder:
            holder.houses.hold_vacancy_check()
            with self.assertRaises(OperationalError):
                self.service.create_house()
        self.assertEqual(residents(self.engine), {})

    def test_transfer_waits_for_a_cat_another_request_holds(self) -> None:
        _, [cat_id] = build_house(self.session_factory, [L])
        destination, _ = build_house(self.session_factory)
        with self.uow() as holder:
            holder.cats.hold_home_of(cat_id)
            with self.assertRaises(OperationalError):
                self.service.transfer(cat_id, destination)

    def test_transfer_waits_for_the_destination_another_request_holds(self) -> None:
        _, [cat_id] = build_house(self.session_factory, [L])
        destination, _ = build_house(self.session_factory, [N, P, G])
        with self.uow() as holder:
            holder.houses.get_for_update([destination])
            with self.assertRaises(OperationalError):
                self.service.transfer(cat_id, destination)
        self.assertEqual(len(residents(self.engine)[destination]), 3)
