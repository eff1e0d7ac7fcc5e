"""Catown's integration-test helpers: a base test case, a town, the use cases as wired."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from {{ cookiecutter.package_name }}.domain.models.catown.cat import Cat
from {{ cookiecutter.package_name }}.domain.models.catown.house import House
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_session_factory
from {{ cookiecutter.package_name }}.infrastructure.mappers.catown import catown_cats_table, catown_houses_table
from {{ cookiecutter.package_name }}.infrastructure.repositories.catown import (
    SqlAlchemyCatownUnitOfWork,
    SqlAlchemyCatownViews,
)
from {{ cookiecutter.package_name }}.services.catown.service import CatownService

from ...support.cases import DatabaseTestCase

BIRTHDATE = date(2015, 3, 7)
# Short names for the natures the tests fill houses with.
L, N, P, G = (
    Nature.LEADER_OF_THE_GANG,
    Nature.NINJA_INVESTIGATOR,
    Nature.PARTY_GOING,
    Nature.BUSY_GOSSIP,
)


class CatownDatabaseTestCase(DatabaseTestCase):
    """Catown on the run's database, reached through Units of Work as requests reach it."""

    def uow(self) -> SqlAlchemyCatownUnitOfWork:
        """A Unit of Work of its own, as one request has."""
        return SqlAlchemyCatownUnitOfWork(self.session_factory)


def build_house(
    session_factory: sessionmaker[Session], natures: Sequence[Nature] = ()
) -> tuple[UUID, list[UUID]]:
    """Write a house with one cat of each nature; return the house id and the cat ids."""
    house = House.build()
    for index, nature in enumerate(natures):
        house.take_in(Cat.adopt(f"cat {index}", BIRTHDATE, nature))
    with SqlAlchemyCatownUnitOfWork(session_factory) as uow:
        uow.houses.add(house)
        uow.commit()
    return house.id, [cat.id for cat in house.cats]


def catown_service(engine: Engine) -> CatownService:
    """The use cases on this engine, wired as the container wires them."""
    sessions = create_session_factory(engine)
    return CatownService(
        lambda: SqlAlchemyCatownUnitOfWork(sessions), lambda: SqlAlchemyCatownViews(engine)
    )


def residents(engine: Engine) -> dict[UUID, list[tuple[UUID, Nature]]]:
    """Every house with the cats living in it, read with plain Core queries (no ORM)."""
    houses, cats = catown_houses_table.c, catown_cats_table.c
    with engine.connect() as connection:
        town: dict[UUID, list[tuple[UUID, Nature]]] = {
            house_id: [] for house_id in connection.execute(select(houses.id)).scalars()
        }
        for cat_id, nature, house_id in connection.execute(
            select(cats.id, cats.nature, cats.house_id)
        ):
            town[house_id].append((cat_id, nature))
    return town


def resident_counts(engine: Engine) -> dict[UUID, int]:
    """Every house with the count of residents the database keeps for it."""
    houses = catown_houses_table.c
    with engine.connect() as connection:
        rows = connection.execute(select(houses.id, houses.resident_count))
        return {row.id: row.resident_count for row in rows}
