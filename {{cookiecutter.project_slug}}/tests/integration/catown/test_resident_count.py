"""What Catown leaves to the database (resident counts, ids as text), on PostgreSQL and SQLite."""

from __future__ import annotations

import tempfile
import unittest
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from {{ cookiecutter.package_name }}.domain.models.catown.exceptions import HouseWithRoomExists
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import (
    create_database_engine,
    create_session_factory,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner
from {{ cookiecutter.package_name }}.infrastructure.mappers import start_mappers
from {{ cookiecutter.package_name }}.infrastructure.mappers.catown import catown_cats_table, catown_houses_table
from {{ cookiecutter.package_name }}.infrastructure.repositories.catown import SqlAlchemyCatownViews
from {{ cookiecutter.package_name }}.services.catown.service import CatownService

from ...support.database import MIGRATIONS_DIR, create_fresh_database
from .support import (
    BIRTHDATE,
    L,
    N,
    P,
    build_house,
    catown_service,
    resident_counts,
    residents,
)


@dataclass(frozen=True)
class Database:
    name: str
    engine: Engine
    session_factory: sessionmaker[Session]

    def service(self) -> CatownService:
        return catown_service(self.engine)

    def real_counts(self) -> dict[UUID, int]:
        return {house: len(cats) for house, cats in residents(self.engine).items()}


class BothDatabasesTestCase(unittest.TestCase):
    """Each test runs on a migrated PostgreSQL database and on a migrated SQLite file."""

    databases: list[Database]

    @classmethod
    def setUpClass(cls) -> None:
        start_mappers()
        scratch = tempfile.TemporaryDirectory()
        cls.addClassCleanup(scratch.cleanup)
        urls = {
            "postgresql": create_fresh_database("resident_count"),
            "sqlite": f"sqlite:///{Path(scratch.name) / 'catown.db'}",
        }
        cls.databases = []
        for name, url in urls.items():
            MigrationRunner(url, MIGRATIONS_DIR).upgrade()
            engine = create_database_engine(url)
            cls.addClassCleanup(engine.dispose)
            cls.databases.append(Database(name, engine, create_session_factory(engine)))

    def each_database(self) -> Iterator[Database]:
        for database in self.databases:
            with self.subTest(database=database.name):
                # Cats first (the foreign key): counted out as they go.
                with database.engine.begin() as connection:
                    connection.execute(catown_cats_table.delete())
                    connection.execute(catown_houses_table.delete())
                yield database


class IdTextTest(BothDatabasesTestCase):
    def test_listings_read_each_id_as_str_of_its_uuid(self) -> None:
        for database in self.each_database():
            home, cat_ids = build_house(database.session_factory, [L, N])
            with SqlAlchemyCatownViews(database.engine) as views:
                town = views.natures_by_house()
                cats = views.cats_in(home) or []
            self.assertEqual(list(town), [str(home)])
            self.assertEqual(sorted(cat.id for cat in cats), sorted(map(str, cat_ids)))


class ResidentCountTest(BothDatabasesTestCase):
    def test_every_cat_moving_in_or_out_is_counted(self) -> None:
        for database in self.each_database():
            home, cat_ids = build_house(database.session_factory, [L, N, P])
            other, _ = build_house(database.session_factory)
            self.assertEqual(resident_counts(database.engine), {home: 3, other: 0})
            database.service().transfer(cat_ids[0], other)
            database.service().add_cat("Tom", BIRTHDATE, L, other)
            self.assertEqual(resident_counts(database.engine), {home: 2, other: 2})
            with database.engine.begin() as connection:
                connection.execute(text("DELETE FROM catown_cats WHERE name = 'Tom'"))
            self.assertEqual(resident_counts(database.engine), {home: 2, other: 1})
            self.assertEqual(resident_counts(database.engine), database.real_counts())

    def test_filling_the_last_house_with_room_builds_a_new_one_found_by_the_count(self) -> None:
        for database in self.each_database():
            home, _ = build_house(database.session_factory, [L, N, P])
            added = database.service().add_cat("Last", BIRTHDATE, N, home)
            self.assertIsNotNone(added.new_home_id)
            self.assertEqual(resident_counts(database.engine), {home: 4, added.new_home_id: 0})
            # The new, empty house is the one found; a second request builds none.
            with self.assertRaises(HouseWithRoomExists) as refused:
                database.service().create_house()
            self.assertIn(str(added.new_home_id), str(refused.exception))

    def test_the_database_refuses_a_fifth_resident_whoever_writes_it(self) -> None:
        for database in self.each_database():
            home, _ = build_house(database.session_factory, [L, N, P, L])
            fifth = catown_cats_table.insert().values(
                id=uuid4(), name="Fifth", birthdate=BIRTHDATE, nature=P, house_id=home
            )
            with self.assertRaises(IntegrityError), database.engine.begin() as connection:
                connection.execute(fifth)
            self.assertEqual(resident_counts(database.engine), {home: 4})
            self.assertEqual(database.real_counts(), {home: 4})
