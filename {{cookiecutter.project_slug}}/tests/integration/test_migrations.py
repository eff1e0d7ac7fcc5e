"""Migrations on PostgreSQL: they apply, revert and match the models."""

import unittest

from sqlalchemy import inspect

from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner

from ..support.database import MIGRATIONS_DIR, create_fresh_database


class MigrationsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.url = create_fresh_database("migrations")
        self.runner = MigrationRunner(self.url, MIGRATIONS_DIR)
        self.engine = create_database_engine(self.url)
        self.addCleanup(self.engine.dispose)

    def test_upgrade_reaches_the_newest_revision(self) -> None:
        self.runner.upgrade()
        self.assertFalse(self.runner.pending(self.engine))

    def test_models_match_the_migrations(self) -> None:
        self.runner.upgrade()
        self.assertEqual(self.runner.differences(), [])

    def test_downgrade_to_base_and_upgrade_again(self) -> None:
        self.runner.upgrade()
        self.runner.downgrade("base")
        tables = set(inspect(self.engine).get_table_names()) - {"alembic_version"}
        self.assertEqual(tables, set())
        self.runner.upgrade()
        self.assertFalse(self.runner.pending(self.engine))
