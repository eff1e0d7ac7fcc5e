"""SQLAlchemy repositories and Unit of Work for Catown, safe under concurrent requests.

Concurrency: PostgreSQL at READ COMMITTED. A use case locks the rows it is about to change
(SELECT ... FOR UPDATE) before it reads the state its rules check, and reads that state with a
new statement once the locks are granted, so it sees what the previous holder committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ...domain.models.catown.house import HOUSE_CAPACITY, House
from ...services.catown.ports import CatownUnitOfWork, CatRepository, HouseRepository
from ..mappers.catown import catown_cats_table, catown_houses_table
from .unit_of_work import SqlAlchemyUnitOfWork

# The key of the transaction-level advisory lock that serialises vacancy checks ("catown").
VACANCY_CHECK_LOCK_KEY = 0x636174_6F776E

houses = catown_houses_table.c
cats = catown_cats_table.c


class SqlAlchemyHouseRepository(HouseRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, house: House) -> None:
        self._session.add(house)

    def get(self, house_id: UUID) -> House | None:
        return self._session.get(House, house_id)

    def get_for_update(self, house_ids: Iterable[UUID]) -> dict[UUID, House]:
        ids = sorted(set(house_ids))
        # Locks are taken in id order, the one order every use case shares: no deadlocks.
        self._session.execute(
            sa.select(houses.id).where(houses.id.in_(ids)).order_by(houses.id).with_for_update()
        )
        # Loaded after the locks are granted, by statements that see the latest commits.
        loaded = self._session.scalars(
            sa.select(House).where(houses.id.in_(ids)).execution_options(populate_existing=True)
        )
        return {house.id: house for house in loaded}

    def all(self) -> list[House]:
        return list(self._session.scalars(sa.select(House)))

    def find_with_room(self) -> UUID | None:
        # A Core query does not autoflush on every SQLAlchemy version: write this unit of work's
        # own changes first (the cat that just moved in), so the count includes them.
        self._session.flush()
        residents = sa.func.count(cats.id)
        return self._session.scalar(
            sa.select(houses.id)
            .outerjoin(catown_cats_table, cats.house_id == houses.id)
            .group_by(houses.id)
            .having(residents < HOUSE_CAPACITY)
            .order_by(residents, houses.id)
            .limit(1)
        )

    def hold_vacancy_check(self) -> None:
        # Row locks cannot guard "is there any house with room?": the houses that answer it are
        # not known in advance. One advisory lock, released at commit or rollback, serialises
        # the few transactions that ask (an add_cat that fills a house, create_house), while
        # the far more common add_cats and transfers run in parallel on their own rows.
        # SQLite has neither row nor advisory locks: it is for one developer, not concurrent
        # writers (production requires PostgreSQL).
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(sa.select(sa.func.pg_advisory_xact_lock(VACANCY_CHECK_LOCK_KEY)))


class SqlAlchemyCatRepository(CatRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def hold_home_of(self, cat_id: UUID) -> UUID | None:
        return self._session.scalar(
            sa.select(cats.house_id).where(cats.id == cat_id).with_for_update()
        )


class SqlAlchemyCatownUnitOfWork(SqlAlchemyUnitOfWork, CatownUnitOfWork):
    def _start(self, session: Session) -> None:
        self.houses = SqlAlchemyHouseRepository(session)
        self.cats = SqlAlchemyCatRepository(session)
