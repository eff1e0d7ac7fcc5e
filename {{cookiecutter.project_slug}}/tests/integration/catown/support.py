"""Helpers for Catown's integration tests: a town written straight through the Unit of Work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from {{ cookiecutter.package_name }}.domain.models.catown.cat import Cat
from {{ cookiecutter.package_name }}.domain.models.catown.house import House
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature
from {{ cookiecutter.package_name }}.infrastructure.repositories.catown import (
    SqlAlchemyCatownUnitOfWork,
)

BIRTHDATE = date(2015, 3, 7)


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


def residents(engine: Engine) -> dict[UUID, list[tuple[UUID, Nature]]]:
    """Every house with the cats living in it, read with plain SQL."""
    with engine.connect() as connection:
        houses = connection.execute(text("SELECT id FROM catown_houses")).scalars().all()
        town: dict[UUID, list[tuple[UUID, Nature]]] = {house_id: [] for house_id in houses}
        rows = connection.execute(text("SELECT id, nature, house_id FROM catown_cats"))
        for cat_id, nature, house_id in rows:
            town[house_id].append((cat_id, Nature[nature]))
    return town
