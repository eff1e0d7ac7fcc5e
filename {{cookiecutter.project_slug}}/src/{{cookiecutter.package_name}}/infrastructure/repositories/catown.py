"""SQLAlchemy repositories, Unit of Work and listing views for Catown, safe under concurrency.

Concurrency: PostgreSQL at READ COMMITTED. A use case locks the rows it is about to change
(SELECT ... FOR UPDATE) before it reads the state its rules check, and reads that state with a
new statement once the locks are granted, so it sees what the previous holder committed (a
locked row itself is always re-read as committed, which is all hold_home_of needs). "Is there a
house with room?" is serialised by one transaction advisory lock and answered from the resident
count that triggers keep on each house row (Catown's first migration).

Catown is tuned for speed; each optimisation is marked "Optimisation:" with the plain way beside
it. A new domain starts from the plain way (`python manage.py domain new`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Session, class_mapper, joinedload

from ...domain.models.catown.house import HOUSE_CAPACITY, House
from ...domain.models.catown.nature import Nature
from ...services.catown.ports import CatownUnitOfWork, CatownViews, CatRepository, HouseRepository
from ...services.catown.results import CatSummary
from ..mappers.catown import NATURE_BY_NAME, catown_cats_table, catown_houses_table, uuid_text
from .unit_of_work import SqlAlchemyUnitOfWork

# The key of the transaction-level advisory lock that serialises vacancy checks ("catown").
VACANCY_CHECK_LOCK_KEY = 0x636174_6F776E

houses = catown_houses_table.c
cats = catown_cats_table.c

# Optimisation: every statement is built once, with bound parameters: SQLAlchemy then reuses its
# cache key and compiled form, where a statement built per call costs more than the round trip it
# makes. The plain way: build the select() inside the repository method that runs it.

# Optimisation: every house's id as text with its residents' nature names in one string ("" for
# an empty house): one row per house, where a row per resident would cost a result row, a type
# conversion and a loop step each. aggregate_strings is string_agg on PostgreSQL and group_concat
# on SQLite. The plain way: load the House entities through the repository and read them.
NATURE_SEPARATOR = ","
NATURES_BY_HOUSE = (
    sa.select(uuid_text(houses.id), sa.func.aggregate_strings(cats.nature, NATURE_SEPARATOR))
    .outerjoin_from(catown_houses_table, catown_cats_table, cats.house_id == houses.id)
    .group_by(houses.id)
)
# No row: no such house; one row of NULLs: an empty house.
CATS_IN = (
    sa.select(uuid_text(cats.id).label("id"), cats.name, cats.birthdate, cats.nature)
    .select_from(catown_houses_table)
    .outerjoin(catown_cats_table, cats.house_id == houses.id)
    .where(houses.id == sa.bindparam("house_id"))
)
# Optimisation: the emptiest house with room, by the count the database keeps (an index range
# scan). The plain way: load every house with its cats and ask each whether it has room.
EMPTIEST_WITH_ROOM = (
    sa.select(houses.id)
    .where(houses.resident_count < HOUSE_CAPACITY)
    .order_by(houses.resident_count, houses.id)
    .limit(1)
)
HOLD_VACANCY_CHECK = sa.select(sa.func.pg_advisory_xact_lock(VACANCY_CHECK_LOCK_KEY))
HOLD_CAT = sa.select(cats.house_id).where(cats.id == sa.bindparam("cat_id")).with_for_update()


@cache
def locking_statements(many: bool) -> tuple[Any, Any]:
    """The row lock on one house or several, and the load of them with their residents.

    Built on first use: House must be mapped first (mappers start with the application).
    """
    # One house (add_cat) by equality: an expanding IN is rendered again on every execution.
    matches = (
        houses.id.in_(sa.bindparam("ids", expanding=True))
        if many
        else houses.id == sa.bindparam("ids")
    )
    # Locks are taken in id order, the one order every use case shares: no deadlocks.
    lock = sa.select(houses.id).where(matches).order_by(houses.id).with_for_update()
    load = (
        sa.select(House)
        .where(matches)
        # House.cats as mapped: the domain class declares it on instances only.
        .options(joinedload(class_mapper(House).relationships["cats"].class_attribute))
        .execution_options(populate_existing=True)
    )
    return lock, load


class SqlAlchemyHouseRepository(HouseRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, house: House) -> None:
        self._session.add(house)

    def get_for_update(self, house_ids: Iterable[UUID]) -> dict[UUID, House]:
        ids = sorted(set(house_ids))
        many = len(ids) != 1
        lock, load = locking_statements(many)
        parameters = {"ids": ids if many else ids[0]}
        # Lock first, then read: at READ COMMITTED a statement that waited for a row lock still
        # reads every other row as it was when it started, so residents read by the locking
        # statement could miss a cat the previous holder committed. Read once the locks are
        # held, the houses and their residents are what the last holder committed.
        self._session.connection().execute(lock, parameters)
        loaded = self._session.scalars(load, parameters).unique()
        return {house.id: house for house in loaded}

    def find_with_room(self) -> UUID | None:
        # A query on the session's connection does not autoflush: write this unit of work's own
        # changes first (the cat that just moved in), so the counts include them.
        self._session.flush()
        return self._session.connection().scalar(EMPTIEST_WITH_ROOM)

    def hold_vacancy_check(self) -> None:
        # Row locks cannot guard "is there any house with room?": the houses that answer it are
        # not known in advance. One advisory lock, released at commit or rollback, serialises
        # the few transactions that ask (an add_cat that fills a house, create_house), while
        # the far more common add_cats and transfers run in parallel on their own rows.
        # SQLite has neither row nor advisory locks: it is for one developer, not concurrent
        # writers (production requires PostgreSQL).
        connection = self._session.connection()
        if connection.dialect.name == "postgresql":
            connection.execute(HOLD_VACANCY_CHECK)


class SqlAlchemyCatRepository(CatRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def hold_home_of(self, cat_id: UUID) -> UUID | None:
        return self._session.connection().scalar(HOLD_CAT, {"cat_id": cat_id})


class SqlAlchemyCatownViews(CatownViews):
    """The listings' queries on one pooled connection, given back (rolled back) on exit.

    Optimisation: a plain connection, not a Session: the listings load no entity and write
    nothing, and a Session's transaction bookkeeping would cost more than the query it runs. The
    plain way: read through the repositories of a unit of work, as every change does.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def __enter__(self) -> SqlAlchemyCatownViews:
        self._connection = self._engine.connect()
        return self

    def close(self) -> None:
        self._connection.close()

    def natures_by_house(self) -> dict[str, list[Nature]]:
        # The names are what NatureType stores; they are read back the way it reads them.
        return {
            house_id: [NATURE_BY_NAME[name] for name in names.split(NATURE_SEPARATOR)]
            if names
            else []
            for house_id, names in self._connection.execute(NATURES_BY_HOUSE)
        }

    def cats_in(self, house_id: UUID) -> list[CatSummary] | None:
        rows = self._connection.execute(CATS_IN, {"house_id": house_id}).all()
        if not rows:
            return None
        return [CatSummary(*row) for row in rows if row.id is not None]


class SqlAlchemyCatownUnitOfWork(SqlAlchemyUnitOfWork, CatownUnitOfWork):
    def _start(self, session: Session) -> None:
        self.houses = SqlAlchemyHouseRepository(session)
        self.cats = SqlAlchemyCatRepository(session)
