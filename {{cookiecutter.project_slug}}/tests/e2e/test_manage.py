"""manage.py: the migration commands work and errors are one clear line."""

import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from sqlalchemy import create_engine, text

from ..support.database import create_fresh_database
from ..support.maintenance_probe import invoke
from ..support.migrations import PROBE_BRANCH, TestRevision, copy_migrations, loans_table, tables
from ..support.processes import run_manage


def current_revisions(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return set(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
    finally:
        engine.dispose()


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    return run_manage(*args, environ={"APP_ENV": "development", "LOG_LEVEL": "WARNING", **environ})


class ManageDatabaseCommandsTest(unittest.TestCase):
    def test_upgrade_then_check_finds_no_drift_on_postgresql(self) -> None:
        url = create_fresh_database("manage")
        upgrade = manage("db", "upgrade", DATABASE_URL=url)
        self.assertEqual(upgrade.returncode, 0, upgrade.stderr)
        check = manage("db", "check", DATABASE_URL=url)
        self.assertEqual(check.returncode, 0, check.stderr)
        self.assertIn("No drift", check.stdout)

    def test_upgrade_works_on_the_embedded_development_database(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'dev.sqlite3'}"
            upgrade = manage("db", "upgrade", DATABASE_URL=url)
            self.assertEqual(upgrade.returncode, 0, upgrade.stderr)
            current = manage("db", "current", DATABASE_URL=url)
            self.assertEqual(current.returncode, 0, current.stderr)

    def test_production_without_settings_fails_with_one_clear_line(self) -> None:
        result = manage("db", "upgrade", APP_ENV="production", DATABASE_URL="", SECRET_KEY="")
        self.assertEqual(result.returncode, 1)
        self.assertIn("DATABASE_URL", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class MigrationCommandsTest(unittest.TestCase):
    """db migrate, check and downgrade as a user meets them: one line when something is wrong."""

    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        self.sqlite = f"sqlite:///{self.folder / 'development.sqlite3'}"

    def migrations(self, *revisions: TestRevision) -> str:
        return str(copy_migrations(Path(tempfile.mkdtemp(dir=self.folder)), *revisions))

    def test_migrate_before_upgrade_names_the_command_to_run(self) -> None:
        result = manage(
            "db", "--directory", self.migrations(), "migrate", "-m", "x", DATABASE_URL=self.sqlite
        )
        self.assertEqual(result.returncode, 1)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertIn("The database is at base (no revision), the migrations at", result.stderr)
        self.assertIn("run `python manage.py db upgrade` first", result.stderr)

    def test_migrate_with_no_change_writes_nothing_and_fails(self) -> None:
        folder = self.migrations()
        before = sorted(Path(folder).rglob("*.py"))
        self.assertEqual(
            invoke("db", "--directory", folder, "upgrade", database_url=self.sqlite).exit_code, 0
        )
        result = manage("db", "--directory", folder, "migrate", "-m", "x", DATABASE_URL=self.sqlite)
        self.assertEqual(result.returncode, 1)
        self.assertIn("No change", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertEqual(sorted(Path(folder).rglob("*.py")), before)

    def test_check_prints_one_line_per_difference(self) -> None:
        folder = self.migrations(PROBE_BRANCH)
        self.assertEqual(
            invoke("db", "--directory", folder, "upgrade", database_url=self.sqlite).exit_code, 0
        )
        with tables(loans_table()):
            result = invoke("db", "--directory", folder, "check", database_url=self.sqlite)
        self.assertEqual(result.exit_code, 1, result.output)
        self.assertIn(
            "The models differ from the migrations (1 difference):\n  add table probe_loans\n",
            result.output,
        )
        self.assertIn(
            'Write the migration: python manage.py db migrate -m "what changes"', result.output
        )

    def test_downgrade_says_what_it_drops_and_asks(self) -> None:
        holding_rows = TestRevision(
            "0002_probe",
            """
            op.create_table("probe_shelves", sa.Column("id", sa.Integer(), primary_key=True))
            op.execute("INSERT INTO probe_shelves (id) VALUES (1), (2)")
            """,
            'op.drop_table("probe_shelves")',
            down_revision="0001_probe",
        )
        # A newer core revision too: two branches stay at heads, whatever domains the project has.
        folder = self.migrations(PROBE_BRANCH, holding_rows, TestRevision("0902_core", "pass"))
        url = create_fresh_database("manage_downgrade")
        self.assertEqual(
            invoke(
                "db", "--directory", folder, "upgrade", "--no-window", database_url=url
            ).exit_code,
            0,
        )
        downgrade = ("db", "--directory", folder, "downgrade", "probe@-1", "--no-window")
        several = invoke("db", "--directory", folder, "downgrade", database_url=url)
        self.assertEqual(several.exit_code, 1)
        self.assertIn("say which to revert, as BRANCH@-1", several.output)
        scripted = invoke(*downgrade, database_url=url)
        self.assertEqual(scripted.exit_code, 1)
        self.assertIn("table probe_shelves (2 rows)", scripted.output)
        self.assertIn("run it again with --yes", scripted.output)
        with mock.patch("{{ cookiecutter.package_name }}.cli.db.can_ask", return_value=True):
            declined = invoke(*downgrade, database_url=url, input="n\n")
            self.assertIn("not confirmed", declined.output)
            self.assertEqual(declined.exit_code, 1)
            self.assertIn("0002_probe", current_revisions(url))
            accepted = invoke(*downgrade, database_url=url, input="y\n")
        self.assertEqual(accepted.exit_code, 0, accepted.output)
        self.assertNotIn("0002_probe", current_revisions(url))


class MaintenanceStatusTest(unittest.TestCase):
    def test_an_unmigrated_database_is_named_as_such(self) -> None:
        result = manage("maintenance", "status", DATABASE_URL=create_fresh_database("status"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("the database is not migrated", result.stderr)
        self.assertIn("python manage.py db upgrade", result.stderr)

    def test_a_refused_connection_is_named_as_such(self) -> None:
        # Nothing listens on port 1, so the connection is refused at once.
        result = manage(
            "maintenance", "status", DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"
        )
        self.assertEqual(result.returncode, 1)
        self.assertIn("The database refused the connection", result.stderr)
        self.assertNotIn("migrat", result.stderr)
