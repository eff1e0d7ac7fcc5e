"""db migrate's writer, on PostgreSQL and SQLite: the right branch, id and imports, or nothing."""

from __future__ import annotations

import tempfile
import unittest
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from {{ cookiecutter.package_name }}.infrastructure.databases.metadata import metadata
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationError, MigrationRunner
from {{ cookiecutter.package_name }}.infrastructure.databases.revision_writer import (
    NoChanges,
    table_branches,
    write_revision,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.utc_datetime import UtcDateTime
from {{ cookiecutter.package_name }}.infrastructure.mappers import mapper_modules

from ..support.database import create_fresh_database
from ..support.migrations import PROBE_BRANCH, copy_migrations, loans_table, tables


class RevisionWriterTest(unittest.TestCase):
    """Each case runs on a fresh PostgreSQL database and a fresh SQLite file."""

    def databases(self) -> Iterator[MigrationRunner]:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        sqlite = f"sqlite:///{Path(folder.name) / 'development.sqlite3'}"
        for url in (create_fresh_database("revision_writer"), sqlite):
            with self.subTest(database=url.split(":", 1)[0]):
                migrations = copy_migrations(Path(tempfile.mkdtemp(dir=folder.name)), PROBE_BRANCH)
                yield MigrationRunner(url, migrations)

    def test_before_upgrade_it_says_to_upgrade_first(self) -> None:
        for runner in self.databases():
            with self.assertRaises(MigrationError) as refused:
                write_revision(runner, "too early")
            self.assertIn("run `python manage.py db upgrade` first", str(refused.exception))

    def test_no_change_writes_nothing(self) -> None:
        for runner in self.databases():
            runner.upgrade()
            before = set(runner.migrations_dir.rglob("*.py"))
            with self.assertRaises(NoChanges):
                write_revision(runner, "nothing changed")
            self.assertEqual(set(runner.migrations_dir.rglob("*.py")), before)

    def test_a_model_change_goes_into_its_branch_and_runs_both_ways(self) -> None:
        for runner in self.databases():
            runner.upgrade()
            with tables(loans_table()):
                written = write_revision(runner, "loans")
                self.assertEqual((written.branch, written.revision_id), ("probe", "0002_probe"))
                versions = runner.migrations_dir / "versions"
                self.assertEqual(written.path, versions / "probe" / "0002_probe_loans.py")
                self.assertIn("add table probe_loans", written.changes)
                source = written.path.read_text()
                self.assertIn(f"from {UtcDateTime.__module__} import UtcDateTime", source)
                self.assertIn('down_revision: str | Sequence[str] | None = "0001_probe"', source)
                # Its foreign key points at a core table: core's revision must run first.
                core_head = runner.script().get_revision("core@head")
                assert core_head is not None
                self.assertIn(
                    f'depends_on: str | Sequence[str] | None = "{core_head.revision}"', source
                )
                runner.forget_script()
                runner.upgrade()
                self.assertEqual(runner.differences(), [])
                self.assertIn("probe_loans", table_names(runner))
                runner.downgrade("probe@-1")
                self.assertNotIn("probe_loans", table_names(runner))

    def test_changes_in_two_branches_need_a_domain(self) -> None:
        for runner in self.databases():
            runner.upgrade()
            notes = sa.Table(
                "core_notes", metadata, sa.Column("id", sa.Integer(), primary_key=True)
            )
            with tables(loans_table(), notes):
                with self.assertRaises(MigrationError) as refused:
                    write_revision(runner, "both")
                self.assertIn("span several branches", str(refused.exception))
                core_head = runner.script().get_revision("core@head")
                assert core_head is not None
                written = write_revision(runner, "both", branch="core")
                next_number = int(core_head.revision[:4]) + 1
                self.assertEqual(written.revision_id, f"{next_number:04d}_core")

    def test_an_empty_revision_is_written_on_purpose(self) -> None:
        for runner in self.databases():
            written = write_revision(runner, "by hand", branch="probe", empty=True)
            self.assertEqual(written.revision_id, "0002_probe")
            self.assertIn("def upgrade() -> None:\n    pass", written.path.read_text())


def table_names(runner: MigrationRunner) -> list[str]:
    engine = sa.create_engine(runner.database_url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


class TableBranchesTest(unittest.TestCase):
    def test_every_mapped_table_belongs_to_a_branch(self) -> None:
        mapper_modules()
        branches = MigrationRunner(
            "sqlite://", copy_migrations(Path(tempfile.mkdtemp()))
        ).branches()
        owners = table_branches(branches)
        self.assertEqual(set(owners), set(metadata.tables))
        self.assertLessEqual(set(owners.values()), set(branches))
        self.assertEqual(owners["service_context"], "core")
