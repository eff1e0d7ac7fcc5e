"""Migrations on SQLite, the development database: one transaction, so a failure changes nothing."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from {{ cookiecutter.package_name }}.infrastructure.databases.migration_window import (
    MigrationFailed,
    MigrationWindow,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner

from ..support.database import MIGRATIONS_DIR
from ..support.migrations import TestRevision, copy_migrations

FAILURE = "the probe migration fails on purpose"
# Creates a table with a row, copies and swaps service_context (batch mode), changes its row,
# then fails: every part of it must be undone.
FAILING = TestRevision(
    "0901_core",
    """
    op.create_table("failing_probe", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO failing_probe (id) VALUES (1)")
    with op.batch_alter_table("service_context", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    op.execute("UPDATE service_context SET reason = 'changed'")
    raise RuntimeError(FAILURE)
    """,
    preamble=f"FAILURE = {FAILURE!r}",
)


class SqliteTransactionTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.database = Path(folder.name) / "development.sqlite3"
        self.url = f"sqlite:///{self.database}"
        self.runner = MigrationRunner(self.url, copy_migrations(Path(folder.name), FAILING))

    def test_a_failing_upgrade_leaves_the_file_byte_identical(self) -> None:
        MigrationRunner(self.url, MIGRATIONS_DIR).upgrade()  # the project's own revisions
        before = self.database.read_bytes()
        with self.assertRaises(MigrationFailed) as failure:
            MigrationWindow(self.runner, report=lambda _line: None).upgrade()
        self.assertIn(FAILURE, str(failure.exception))
        self.assertIn("rolled back", str(failure.exception))
        self.assertEqual(self.database.read_bytes(), before)

    def test_a_failing_first_upgrade_leaves_no_table_behind(self) -> None:
        with self.assertRaises(RuntimeError):
            self.runner.upgrade()
        engine = create_engine(self.url)
        self.addCleanup(engine.dispose)
        self.assertEqual(inspect(engine).get_table_names(), [])

    def test_a_downgrade_is_one_transaction_too(self) -> None:
        runner = MigrationRunner(self.url, MIGRATIONS_DIR)
        runner.upgrade()
        before = self.database.read_bytes()
        broken = TestRevision(
            "0902_core",
            "pass",
            """
            op.drop_table("service_context")
            raise RuntimeError(FAILURE)
            """,
            preamble=f"FAILURE = {FAILURE!r}",
        )
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        with_broken_downgrade = MigrationRunner(
            self.url, copy_migrations(Path(folder.name), broken)
        )
        with_broken_downgrade.upgrade()
        upgraded = self.database.read_bytes()
        self.assertNotEqual(upgraded, before)
        with self.assertRaises(RuntimeError):
            with_broken_downgrade.downgrade("base")
        self.assertEqual(self.database.read_bytes(), upgraded)
        engine = create_engine(self.url)
        self.addCleanup(engine.dispose)
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        self.assertIn(("0902_core",), versions)
