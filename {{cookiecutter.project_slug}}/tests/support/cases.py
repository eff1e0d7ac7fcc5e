"""Base test cases for tests that need the database or the whole application."""

from __future__ import annotations

import unittest
from typing import ClassVar

from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from {{ cookiecutter.package_name }}.app import ServiceApp
from {{ cookiecutter.package_name }}.config import TESTING, Settings
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_session_factory

from .database import empty_all_tables, test_database_url, test_engine


def testing_settings(**overrides: object) -> Settings:
    environ = {"APP_ENV": TESTING, "DATABASE_URL": test_database_url(), "LOG_LEVEL": "WARNING"}
    environ.update({name: str(value) for name, value in overrides.items()})
    return Settings.from_environment(environ)


class DatabaseTestCase(unittest.TestCase):
    """Each test starts on empty tables in the run's migrated PostgreSQL database."""

    engine: ClassVar[Engine]
    session_factory: ClassVar[sessionmaker[Session]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.engine = test_engine()
        cls.session_factory = create_session_factory(cls.engine)

    def setUp(self) -> None:
        super().setUp()
        empty_all_tables(self.engine)


class ApiTestCase(DatabaseTestCase):
    """Drives the whole application through Flask's test client."""

    app: ClassVar[ServiceApp]
    client: FlaskClient

    @classmethod
    def settings(cls) -> Settings:
        return testing_settings()

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.app = create_app(cls.settings())

    @classmethod
    def tearDownClass(cls) -> None:
        cls.app.container.engine().dispose()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.client = self.app.test_client()
